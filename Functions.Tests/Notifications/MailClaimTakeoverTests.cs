using System.Diagnostics;
using EduFlows.Notifications;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// A host killed (kill -9) while it talked to SendGrid leaves its send claims behind. The restarted host must go on
/// sending at once, not after the claims run out (the chaos probe saw the first mail 3 minutes after a restart), and
/// must still never take a claim whose holder lives.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class MailClaimTakeoverTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeSendGridServer _sendGrid = null!;
    private MailOutbox _outbox = null!;
    private MailSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await FakeSendGridServer.StartAsync();
        _outbox = new MailOutbox(azurite.ConnectionString, AzuriteFixture.NewHubName() + "Mail");
        _settings = new("SG.test-key", "noreply@qz-edu.example.cn", "青州市教育局", _sendGrid.Host, false, new Uri("http://localhost:7071/"), "zh-CN");
    }

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    [Fact]
    public async Task ClaimOfAKilledProcess_IsTakenAtOnce_AndTheMailSentOnce()
    {
        await ClaimAsync("c-1", await DeadProcessAsync());

        var delivery = await Sender().SendAsync("c-1", CancellationToken.None);
        var again = await Sender().SendAsync("c-1", CancellationToken.None);

        Assert.Equal(MailStatus.Sent, delivery.Status);
        Assert.Equal(MailStatus.Sent, again.Status);
        Assert.Equal("c-1", Assert.Single(_sendGrid.Requests).OutboxId);
        var stored = (await _outbox.GetAsync("c-1", CancellationToken.None))!.Record;
        Assert.Null(stored.ClaimedBy);
        Assert.Equal(2, stored.Attempts);
    }

    [Fact]
    public async Task TheSweeper_TakesAKilledProcesssClaim_BeforeItRunsOut()
    {
        await ClaimAsync("c-2", await DeadProcessAsync());
        var sweeper = new OutboxSweeper(_outbox, Sender(), _time, NullLogger<OutboxSweeper>.Instance);

        int swept = await sweeper.SweepAsync(CancellationToken.None);
        int again = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept);
        Assert.Equal(0, again);
        Assert.Equal("c-2", Assert.Single(_sendGrid.Requests).OutboxId);
    }

    [Fact]
    public async Task ClaimOfALiveProcess_OrOfAnotherMachine_OrOfThisProcess_WaitsUntilItRunsOut()
    {
        using var live = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            string liveClaimant = MailClaimant.Of(Environment.MachineName, live.Id, live.StartTime.ToUniversalTime());
            await ClaimAsync("c-3", liveClaimant);
            await ClaimAsync("c-4", MailClaimant.Of("another-machine", 1, DateTimeOffset.UnixEpoch));
            await ClaimAsync("c-5", MailClaimant.Current);
            var sweeper = new OutboxSweeper(_outbox, Sender(), _time, NullLogger<OutboxSweeper>.Instance);

            foreach (string id in new[] { "c-3", "c-4", "c-5" })
            {
                await Assert.ThrowsAsync<MailNotSentYetException>(() => Sender().SendAsync(id, CancellationToken.None));
            }

            int swept = await sweeper.SweepAsync(CancellationToken.None);

            Assert.Equal(0, swept);
            Assert.Empty(_sendGrid.Requests);
        }
        finally
        {
            live.Kill();
        }
    }

    [Fact]
    public async Task AMailSendGridAcceptedBeforeItsSenderWasKilled_IsRecordedSent_NotSentAgain_WhenSendGridsActivityKnowsIt()
    {
        // The SendGrid-compatible catcher answers Email Activity searches, as SendGrid does for accounts with it.
        await using var catcher = await EduFlows.Reliability.App.MailCatcher.StartAsync();
        var settings = _settings with { ApiKey = catcher.ApiKey, Host = catcher.Address.ToString() };
        var sender = new MailSender(_outbox, settings.CreateClient(), settings, _time, NullLogger<MailSender>.Instance);
        await _outbox.WriteAsync(Message("k-1"), CancellationToken.None);
        Assert.Equal(MailStatus.Sent, (await sender.SendAsync("k-1", CancellationToken.None)).Status);
        // The kill: SendGrid accepted it, but the record still says a now dead process is sending it.
        var read = (await _outbox.GetAsync("k-1", CancellationToken.None))!;
        await _outbox.TryReplaceAsync(read.Record with { Status = MailStatus.Sending, SendGridMessageId = null, SentAt = null, ClaimedUntil = _time.GetUtcNow() + MailSender.ClaimDuration, ClaimedBy = await DeadProcessAsync() }, read.ETag, CancellationToken.None);
        await ClaimAsync("k-2", await DeadProcessAsync());

        var taken = await sender.SendAsync("k-1", CancellationToken.None);
        var neverAccepted = await sender.SendAsync("k-2", CancellationToken.None);

        Assert.Equal(MailStatus.Sent, taken.Status);
        Assert.Single(catcher.All, m => m.OutboxId == "k-1");
        Assert.NotNull((await _outbox.GetAsync("k-1", CancellationToken.None))!.Record.SendGridMessageId);
        Assert.Equal(MailStatus.Sent, neverAccepted.Status);
        Assert.Single(catcher.All, m => m.OutboxId == "k-2");
    }

    [Fact]
    public void AClaimant_IsNotDead_UnlessProvablySo()
    {
        Assert.False(MailClaimant.IsProvablyDead(null));
        Assert.False(MailClaimant.IsProvablyDead("garbage"));
        Assert.False(MailClaimant.IsProvablyDead(MailClaimant.Current));
        Assert.True(MailClaimant.IsProvablyDead(MailClaimant.Of(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UnixEpoch)));
    }

    /// <summary>A process of this machine that ran and exited, as a killed host is seen by its successor.</summary>
    private static async Task<string> DeadProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "0.2") { UseShellExecute = false })!;
        string claimant = MailClaimant.Of(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime());
        await process.WaitForExitAsync();
        return claimant;
    }

    private OutboxMessage Message(string id) => TestMail.Message(id, _time.GetUtcNow());

    /// <summary>A claim as a sender takes it, still running for the whole claim duration.</summary>
    private async Task ClaimAsync(string id, string claimant)
    {
        await _outbox.WriteAsync(Message(id), CancellationToken.None);
        var read = (await _outbox.GetAsync(id, CancellationToken.None))!;
        await _outbox.TryReplaceAsync(
            read.Record with { Status = MailStatus.Sending, Attempts = 1, ClaimedUntil = _time.GetUtcNow() + MailSender.ClaimDuration, ClaimedBy = claimant },
            read.ETag,
            CancellationToken.None);
    }

    private MailSender Sender() => new(_outbox, _settings.CreateClient(), _settings, _time, NullLogger<MailSender>.Instance);
}
