using EduFlows.Hosting;

namespace EduFlows.Notifications;

/// <summary><c>/api/mail</c> (master key): the outbox, by status and recipient, so the office sees what failed and why.</summary>
public sealed class MailApi(MailOutbox outbox)
{
    /// <summary><c>GET /api/mail[?status=&amp;recipient=&amp;pageSize=&amp;continuationToken=]</c>: one page of the outbox.</summary>
    [Function("MailList")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "mail")] HttpRequest request,
        string? status,
        string? recipient,
        int? pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
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

        var (items, next) = await outbox.ListAsync(wanted, recipient, pageSize ?? 100, continuationToken, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { items, continuationToken = next });
    }

    /// <summary><c>GET /api/mail/{id}</c>: one outbox message, 404 when there is none.</summary>
    [Function("MailShow")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "mail/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await outbox.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } found
            ? Results.Ok(found.Record)
            : FieldProblem.Of(StatusCodes.Status404NotFound, "id", $"No message '{id}' is in the outbox.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Field(string field, string reason) =>
        FieldProblem.Of(StatusCodes.Status400BadRequest, field, $"{field} {reason}");
}
