using EduFlows.Hosting;

namespace EduFlows.Notifications;

/// <summary><c>/api/mail</c> (master key): the outbox, by status and recipient, so the office sees what failed and why.</summary>
public static class MailApi
{
    /// <summary>Maps the routes under the function route group.</summary>
    public static RouteGroupBuilder MapMailApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var mail = functions.MapGroup("/mail").RequireKey(AuthorizationLevel.Admin).WithTags("Mail");
        mail.MapGet("/", ListAsync);
        mail.MapGet("/{id}", async (string id, MailOutbox outbox, CancellationToken ct) =>
            await outbox.GetAsync(id, ct).ConfigureAwait(false) is { } found
                ? Results.Ok(found.Record)
                : FieldProblem.Of(StatusCodes.Status404NotFound, "id", $"No message '{id}' is in the outbox."));
        return mail;
    }

    private static async Task<IResult> ListAsync(string? status, string? recipient, int? pageSize, string? continuationToken, MailOutbox outbox, CancellationToken ct)
    {
        MailStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<MailStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return Field("status", $"must be one of: {string.Join(", ", Enum.GetNames<MailStatus>().Select(n => n.ToLowerInvariant()))}.");
            }

            wanted = parsed;
        }

        if (pageSize is < 1 or > 1000)
        {
            return Field("pageSize", "must be between 1 and 1000.");
        }

        var (items, next) = await outbox.ListAsync(wanted, recipient, pageSize ?? 100, continuationToken, ct).ConfigureAwait(false);
        return Results.Ok(new { items, continuationToken = next });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Field(string field, string reason) =>
        FieldProblem.Of(StatusCodes.Status400BadRequest, field, $"{field} {reason}");
}
