using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EduFlows.Reliability.App;

/// <summary>
/// A SendGrid-compatible endpoint (<c>POST /v3/mail/send</c>) in the suite's own process, given to the app as
/// <c>SENDGRID_HOST</c>: the app's real SendGrid client talks to it, and it outlives every kill of the app, so mail
/// sent twice across a crash is counted.
/// </summary>
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<CaughtMail> _mail = new();
    private readonly WebApplication _app;

    private MailCatcher(WebApplication app, Uri address, string apiKey)
    {
        _app = app;
        Address = address;
        ApiKey = apiKey;
    }

    public Uri Address { get; }

    /// <summary>The bearer key the app must send (its <c>SENDGRID_API_KEY</c>).</summary>
    public string ApiKey { get; }

    public IReadOnlyList<CaughtMail> All => [.. _mail];

    public static async Task<MailCatcher> StartAsync()
    {
        int port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var catcher = new MailCatcher(app, new Uri($"http://127.0.0.1:{port}"), "reliability-sendgrid-" + Guid.NewGuid().ToString("N"));
        app.MapPost("/v3/mail/send", catcher.ReceiveAsync);
        app.MapGet("/v3/messages", catcher.Search);
        await app.StartAsync();
        return catcher;
    }

    /// <summary>Mail per outbox id that arrived more than once: each is an e-mail a person got twice.</summary>
    public IReadOnlyList<string> SentTwice() =>
        [.. _mail.Where(m => m.OutboxId is not null).GroupBy(m => m.OutboxId!).Where(g => g.Count() > 1).Select(g => g.Key)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// SendGrid's Email Activity search by the app's custom argument (<c>query=unique_args['outboxId']="..."</c>): what
    /// the app asks before sending again a mail a killed sender left "sending".
    /// </summary>
    private IResult Search(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            return Results.Json(new { errors = new[] { new { message = "The provided authorization grant is invalid, expired, or revoked" } } }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var wanted = System.Text.RegularExpressions.Regex.Match(request.Query["query"].ToString(), @"unique_args\['outboxId'\]=""([^""]+)""");
        if (!wanted.Success)
        {
            return Results.Json(new { errors = new[] { new { message = "invalid query", field = "query" } } }, statusCode: StatusCodes.Status400BadRequest);
        }

        string id = wanted.Groups[1].Value;
        return Results.Json(new { messages = _mail.Where(m => m.OutboxId == id).Select((m, i) => new { msg_id = $"{id}.{i}", status = "delivered", to_email = m.To.Count > 0 ? m.To[0] : null }) });
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            return Results.Json(new { errors = new[] { new { message = "The provided authorization grant is invalid, expired, or revoked" } } }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var body = await JsonNode.ParseAsync(request.Body);
        var personalization = body?["personalizations"]?.AsArray().FirstOrDefault();
        string? outboxId = (string?)(personalization?["custom_args"] ?? body?["custom_args"])?["outboxId"];
        var to = personalization?["to"]?.AsArray().Select(t => (string?)t?["email"] ?? "").ToList() ?? [];
        string text = "", html = "";
        foreach (var content in body?["content"]?.AsArray() ?? [])
        {
            if ((string?)content?["type"] == "text/html")
            {
                html = (string?)content["value"] ?? "";
            }
            else
            {
                text = (string?)content?["value"] ?? "";
            }
        }

        _mail.Enqueue(new CaughtMail(DateTimeOffset.UtcNow, outboxId, to, (string?)(personalization?["subject"] ?? body?["subject"]) ?? "", text, html));
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

}
