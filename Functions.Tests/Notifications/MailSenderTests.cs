using EduFlows.Notifications;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Notifications;

/// <summary>The outbox and its sender: the real SendGrid client against a SendGrid-compatible server, the outbox in Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class MailSenderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeSendGridServer _sendGrid = null!;
    private MailOutbox _outbox = null!;
    private MailSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await FakeSendGridServer.StartAsync();
        _outbox = new MailOutbox(azurite.ConnectionString, AzuriteFixture.NewHubName() + "Mail");
        _settings = Settings(sandbox: false);
    }

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    [Fact]
    public async Task Accepted_RecordsSendGridId_AndSendsTheRequestSendGridExpects()
    {
        await _outbox.WriteAsync(Message("m-1"), CancellationToken.None);

        var delivery = await Sender(Settings(sandbox: true)).SendAsync("m-1", CancellationToken.None);

        var request = Assert.Single(_sendGrid.Requests);
        Assert.Equal("Bearer SG.test-key", request.Authorization);
        Assert.Equal("wang.fang@qz.example.cn", request.To);
        Assert.Equal("王芳", (string)request.Body["personalizations"]![0]!["to"]![0]!["name"]!);
        Assert.Equal("noreply@qz-edu.example.cn", (string)request.Body["from"]!["email"]!);
        Assert.Equal("青州市教育局", (string)request.Body["from"]!["name"]!);
        Assert.Equal("【待办】阅知确认", request.Subject);
        Assert.Equal("text body", request.ContentOf("text/plain"));
        Assert.Equal("<p>html body</p>", request.ContentOf("text/html"));
        Assert.Equal("m-1", request.OutboxId);
        Assert.True((bool)request.Body["mail_settings"]!["sandbox_mode"]!["enable"]!);

        Assert.Equal(MailStatus.Sent, delivery.Status);
        Assert.Equal(request.MessageId, delivery.SendGridMessageId);
        var stored = (await _outbox.GetAsync("m-1", CancellationToken.None))!.Record;
        Assert.Equal(MailStatus.Sent, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(request.MessageId, stored.SendGridMessageId);
        Assert.Equal(_time.GetUtcNow(), stored.SentAt);
    }

    [Fact]
    public async Task SentMessage_IsNeverSentAgain()
    {
        await _outbox.WriteAsync(Message("m-2"), CancellationToken.None);
        var sender = Sender(_settings);

        await sender.SendAsync("m-2", CancellationToken.None);
        var again = await sender.SendAsync("m-2", CancellationToken.None);
        await _outbox.WriteAsync(Message("m-2"), CancellationToken.None);
        var afterRewrite = await sender.SendAsync("m-2", CancellationToken.None);

        Assert.Single(_sendGrid.Requests);
        Assert.Equal(MailStatus.Sent, again.Status);
        Assert.Equal(MailStatus.Sent, afterRewrite.Status);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task TooManyRequestsOrServerError_StaysPendingAndThrows_ThenTheRetrySendsOnce(int status)
    {
        _sendGrid.Script(status);
        await _outbox.WriteAsync(Message("m-3"), CancellationToken.None);
        var sender = Sender(_settings);

        var refused = await Assert.ThrowsAsync<MailNotSentYetException>(() => sender.SendAsync("m-3", CancellationToken.None));
        var between = (await _outbox.GetAsync("m-3", CancellationToken.None))!.Record;
        var retried = await sender.SendAsync("m-3", CancellationToken.None);

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Pending, between.Status);
        Assert.Contains($"SendGrid answered {status}", between.LastError, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Sent, retried.Status);
        Assert.Equal(2, _sendGrid.Requests.Count);
        Assert.Single(_sendGrid.Accepted);
        Assert.Equal(2, (await _outbox.GetAsync("m-3", CancellationToken.None))!.Record.Attempts);
    }

    [Fact]
    public async Task BadRequest_IsRecordedAsFailed_WithSendGridsReason_AndNotRetried()
    {
        _sendGrid.Script(400);
        await _outbox.WriteAsync(Message("m-4"), CancellationToken.None);
        var sender = Sender(_settings);

        var delivery = await sender.SendAsync("m-4", CancellationToken.None);
        var again = await sender.SendAsync("m-4", CancellationToken.None);

        Assert.Equal(MailStatus.Failed, delivery.Status);
        Assert.Contains("400", delivery.Error, StringComparison.Ordinal);
        Assert.Contains("Does not contain a valid address", delivery.Error, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Failed, again.Status);
        Assert.Single(_sendGrid.Requests);
        var (failed, _) = await _outbox.ListAsync(MailStatus.Failed, "WANG.FANG@qz.example.cn", 10, null, CancellationToken.None);
        Assert.Equal("m-4", Assert.Single(failed).Id);
    }

    [Fact]
    public async Task SendGridUnreachable_StaysPending_AndThrowsForRetry()
    {
        await _outbox.WriteAsync(Message("m-5"), CancellationToken.None);
        var unreachable = _settings with { Host = "http://127.0.0.1:1" };

        await Assert.ThrowsAsync<MailNotSentYetException>(() => Sender(unreachable).SendAsync("m-5", CancellationToken.None));

        var stored = (await _outbox.GetAsync("m-5", CancellationToken.None))!.Record;
        Assert.Equal(MailStatus.Pending, stored.Status);
        Assert.StartsWith("SendGrid unreachable", stored.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashBetweenWritingAndSending_TheSweeperSendsItOnce()
    {
        // A sender wrote the message and died before sending; another claimed one and died while talking to SendGrid.
        await _outbox.WriteAsync(Message("m-6"), CancellationToken.None);
        await _outbox.WriteAsync(Message("m-7"), CancellationToken.None);
        var claimed = (await _outbox.GetAsync("m-7", CancellationToken.None))!;
        await _outbox.TryReplaceAsync(claimed.Record with { Status = MailStatus.Sending, Attempts = 1, ClaimedUntil = _time.GetUtcNow() + MailSender.ClaimDuration }, claimed.ETag, CancellationToken.None);
        var sender = Sender(_settings);
        var sweeper = new OutboxSweeper(_outbox, sender, _time, NullLogger<OutboxSweeper>.Instance);

        int tooEarly = await sweeper.SweepAsync(CancellationToken.None);
        _time.Advance(MailSender.ClaimDuration + TimeSpan.FromSeconds(1));
        int swept = await sweeper.SweepAsync(CancellationToken.None);
        int again = await sweeper.SweepAsync(CancellationToken.None);
        var byActivity = await sender.SendAsync("m-6", CancellationToken.None);

        Assert.Equal(0, tooEarly);
        Assert.Equal(2, swept);
        Assert.Equal(0, again);
        Assert.Equal(MailStatus.Sent, byActivity.Status);
        Assert.Equal(["m-6", "m-7"], _sendGrid.Requests.Select(r => r.OutboxId).Order());
    }

    [Fact]
    public async Task MessageClaimedByAnotherSender_IsNotSentTwice()
    {
        await _outbox.WriteAsync(Message("m-8"), CancellationToken.None);
        var read = (await _outbox.GetAsync("m-8", CancellationToken.None))!;
        await _outbox.TryReplaceAsync(read.Record with { Status = MailStatus.Sending, ClaimedUntil = _time.GetUtcNow().AddMinutes(1) }, read.ETag, CancellationToken.None);

        await Assert.ThrowsAsync<MailNotSentYetException>(() => Sender(_settings).SendAsync("m-8", CancellationToken.None));

        Assert.Empty(_sendGrid.Requests);
    }

    [Fact]
    public async Task TwoSendersReadingTheSamePendingMessage_OnlyOneGetsToSendIt()
    {
        await _outbox.WriteAsync(Message("m-9"), CancellationToken.None);
        var readByTheSlowSender = (await _outbox.GetAsync("m-9", CancellationToken.None))!;

        await Sender(_settings).SendAsync("m-9", CancellationToken.None);
        var lateClaim = await _outbox.TryReplaceAsync(readByTheSlowSender.Record with { Status = MailStatus.Sending }, readByTheSlowSender.ETag, CancellationToken.None);

        Assert.Null(lateClaim);
        Assert.Single(_sendGrid.Requests);
        Assert.Equal(MailStatus.Sent, (await _outbox.GetAsync("m-9", CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task AfterAServerError_TheSweeperWaitsOutTheBackoff()
    {
        _sendGrid.Script(500, 500);
        await _outbox.WriteAsync(Message("m-10"), CancellationToken.None);
        var sender = Sender(_settings);
        var sweeper = new OutboxSweeper(_outbox, sender, _time, NullLogger<OutboxSweeper>.Instance);
        _time.Advance(OutboxSweeper.Grace + TimeSpan.FromSeconds(1));

        await sweeper.SweepAsync(CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);
        int duringFirstBackoff = _sendGrid.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(31));
        await sweeper.SweepAsync(CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);
        int duringSecondBackoff = _sendGrid.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(61));
        int sent = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, duringFirstBackoff);
        Assert.Equal(2, duringSecondBackoff);
        Assert.Equal(1, sent);
        Assert.Equal(3, _sendGrid.Requests.Count);
    }

    private MailSender Sender(MailSettings settings) => new(_outbox, settings.CreateClient(), settings, _time, NullLogger<MailSender>.Instance);

    private MailSettings Settings(bool sandbox) =>
        new("SG.test-key", "noreply@qz-edu.example.cn", "青州市教育局", _sendGrid.Host, sandbox, new Uri("http://localhost:7071/"), "zh-CN");

    private OutboxMessage Message(string id) => TestMail.Message(id, _time.GetUtcNow());
}
