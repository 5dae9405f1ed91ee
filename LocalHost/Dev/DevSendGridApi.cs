using System.Text.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Notifications;

/// <summary>
/// Development only: <c>/dev/sendgrid/v3/mail/send</c>, a SendGrid-compatible endpoint that checks what SendGrid
/// requires and answers 202 with an <c>X-Message-Id</c>, and <c>/dev/mail</c>, a page of the received mail with its
/// rendered HTML and working links, so a person can follow a whole process in a browser without sending real mail.
/// </summary>
public static class DevSendGridApi
{
    /// <summary>Maps the endpoints (call only in Development).</summary>
    public static IEndpointRouteBuilder MapDevMailbox(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(MailSettings.DevSendGridPath + "/v3/mail/send", ReceiveAsync).ExcludeFromDescription();

        // The mail holds task links that act for the addressee: only the master key reads it. A key given as ?code=
        // is carried into the page's links, so a person can follow them in a browser.
        var mail = app.MapGroup("/dev/mail").RequireKey(AuthorizationLevel.Admin).ExcludeFromDescription();
        mail.MapGet("/", (HttpRequest request, DevMailbox mailbox, HtmlRendering html) => Page(request, mailbox, html));
        mail.MapGet("/{id}", (string id, DevMailbox mailbox) => mailbox.Find(id) is { } found
            ? Results.Content(found.Html ?? $"<pre>{System.Net.WebUtility.HtmlEncode(found.Text)}</pre>", "text/html; charset=utf-8")
            : FieldProblem.Of(StatusCodes.Status404NotFound, "id", $"No mail with id '{id}' is in the dev mailbox."));
        return app;
    }

    private static async Task<IResult> Page(HttpRequest request, DevMailbox mailbox, HtmlRendering html) =>
        Results.Content(
            await html.RenderAsync<DevMailboxPage>(new Dictionary<string, object?>
            {
                [nameof(DevMailboxPage.Mail)] = mailbox.All,
                [nameof(DevMailboxPage.Code)] = request.Query["code"].FirstOrDefault(),
            }).ConfigureAwait(false),
            "text/html; charset=utf-8");

    // The app's own MailSender posts from this machine; anyone else must hold the key the app sends with (SENDGRID_API_KEY,
    // or the Development default), so a stranger cannot fill the mailbox with mail that looks like the bureau's.
    private static bool MayDeliver(HttpRequest request, string bearer)
    {
        var remote = request.HttpContext.Connection.RemoteIpAddress;
        if (remote is null || System.Net.IPAddress.IsLoopback(remote))
        {
            return true;
        }

        string? expected = request.HttpContext.RequestServices.GetService<MailSettings>()?.ApiKey;
        return expected is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(bearer), System.Text.Encoding.UTF8.GetBytes(expected));
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, DevMailbox mailbox, TimeProvider time, CancellationToken ct)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !MayDeliver(request, authorization["Bearer ".Length..]))
        {
            return Results.Json(new { errors = new[] { new { message = "The provided authorization grant is invalid, expired, or revoked", field = (string?)null, help = (string?)null } } }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var errors = new List<(string Field, string Message)>();
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            errors.Add(("body", "Bad Request"));
            return SendGridErrors(errors);
        }

        var personalizations = body?["personalizations"] as JsonArray;
        var recipients = new List<string>();
        if (personalizations is null || personalizations.Count == 0)
        {
            errors.Add(("personalizations", "The personalizations field is required and must have at least one personalization."));
        }
        else
        {
            foreach (var p in personalizations)
            {
                if (p?["to"] is not JsonArray to || to.Count == 0)
                {
                    errors.Add(("personalizations.to", "The to array is required for all personalization objects, and must have at least one email object with a valid email address."));
                    continue;
                }

                foreach (var address in to.Select(t => (string?)t?["email"]))
                {
                    if (address is null || !StaffDirectory.DirectoryValidation.IsEmailAddress(address))
                    {
                        errors.Add(("personalizations.to", "Does not contain a valid address."));
                    }
                    else
                    {
                        recipients.Add(address);
                    }
                }
            }
        }

        string? from = (string?)body?["from"]?["email"];
        if (from is null || !StaffDirectory.DirectoryValidation.IsEmailAddress(from))
        {
            errors.Add(("from.email", "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter."));
        }

        string? subject = (string?)body?["subject"] ?? (string?)personalizations?.FirstOrDefault()?["subject"];
        if (string.IsNullOrEmpty(subject))
        {
            errors.Add(("subject", "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined."));
        }

        var content = (body?["content"] as JsonArray)?.Select(c => ((string?)c?["type"], (string?)c?["value"])).ToList() ?? [];
        if (content.Count == 0 || content.Any(c => string.IsNullOrEmpty(c.Item1) || string.IsNullOrEmpty(c.Item2)))
        {
            errors.Add(("content", "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block."));
        }

        if (errors.Count > 0)
        {
            return SendGridErrors(errors);
        }

        string id = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        mailbox.Add(new DevMail(
            id,
            time.GetUtcNow(),
            from!,
            recipients,
            subject!,
            content.FirstOrDefault(c => c.Item1 == "text/plain").Item2,
            content.FirstOrDefault(c => c.Item1 == "text/html").Item2,
            (bool?)body?["mail_settings"]?["sandbox_mode"]?["enable"] ?? false,
            (string?)(personalizations?.FirstOrDefault()?["custom_args"] ?? body?["custom_args"])?["outboxId"]));
        request.HttpContext.Response.Headers["X-Message-Id"] = id;
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    // SendGrid's own error shape, so the client sees what it would see from api.sendgrid.com.
    private static IResult SendGridErrors(List<(string Field, string Message)> errors) =>
        Results.Json(new { errors = errors.Select(e => new { message = e.Message, field = e.Field, help = (string?)null }) }, statusCode: StatusCodes.Status400BadRequest);
}
