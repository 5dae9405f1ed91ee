using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// A SendGrid-compatible HTTP server on loopback for the real SendGrid client: records every request and answers
/// with scripted statuses (202 with an X-Message-Id once the script runs out).
/// </summary>
public sealed class FakeSendGridServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();

    private FakeSendGridServer(WebApplication app) => _app = app;

    public string Host { get; private set; } = string.Empty;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Only the requests SendGrid would have accepted (202).</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. Requests.Where(r => r.Status == 202)];

    public static async Task<FakeSendGridServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSendGridServer(app);
        app.MapPost("/v3/mail/send", server.ReceiveAsync);
        await app.StartAsync();
        server.Host = app.Urls.Single();
        return server;
    }

    /// <summary>The statuses to answer the next requests with, in order.</summary>
    public void Script(params int[] statuses)
    {
        foreach (int status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        int status = _script.TryDequeue(out int scripted) ? scripted : 202;
        string? id = status == 202 ? "sg-" + Guid.NewGuid().ToString("N")[..12] : null;
        Requests.Enqueue(new ReceivedRequest(context.Request.Headers.Authorization.ToString(), body!, status, id));
        context.Response.StatusCode = status;
        if (id is not null)
        {
            context.Response.Headers["X-Message-Id"] = id;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status switch
        {
            400 => """{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":null}]}""",
            429 => """{"errors":[{"message":"too many requests","field":null,"help":null}]}""",
            _ => """{"errors":[{"message":"internal error","field":null,"help":null}]}""",
        });
    }
}

/// <summary>One request the fake received and what it answered.</summary>
public sealed record ReceivedRequest(string Authorization, JsonNode Body, int Status, string? MessageId)
{
    public string? OutboxId => (string?)(Body["personalizations"]![0]!["custom_args"] ?? Body["custom_args"])?["outboxId"];

    public string To => (string)Body["personalizations"]![0]!["to"]![0]!["email"]!;

    public string Subject => (string?)Body["subject"] ?? (string)Body["personalizations"]![0]!["subject"]!;

    public string ContentOf(string type) => (string)Body["content"]!.AsArray().Single(c => (string)c!["type"]! == type)!["value"]!;
}
