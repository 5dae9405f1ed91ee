using Azure.Data.Tables;
using EduFlows.Notifications;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 16 against Azurite: a school's notice takes at most <see cref="RenewalProcess.MaxObjectionEvents"/> objections,
/// however many are posted at once for its last place, and an objection posted again takes no second place.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalObjectionBoundTests(AzuriteFixture azurite)
{
    private const int Racers = 8;
    private const string Full = "本次公示收到的异议已达200件上限，本异议未提交，请直接向教育局反映。";

    [Fact]
    public async Task Objection_EightPostedAtOnceForTheLastPlace_OneIs202_SevenAre409InChinese_AndTheNoticeKeeps200()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        string partition = await OnePlaceLeftAsync(harness);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var api = Api(harness, html);

        var answers = await RaceAsync(harness, api);
        var admitted = Assert.Single(answers, a => a.Answer.Result is IStatusCodeHttpResult { StatusCode: 202 });
        // Looked into by the round (the one event raised): its number is known.
        await harness.WaitForTaskAsync(RenewalProcess.ObjectionTaskIdOf("2026", "sch-qc", 1));
        var postedAgain = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", admitted.Objection, CancellationToken.None);
        var keptBefore = await api.RaiseObjectionAsync(harness.Host.Client, "2026", "sch-qc", Before(7), CancellationToken.None);

        AssertRefusedAsFull(answers.Where(a => a.Objection != admitted.Objection).Select(a => a.Answer));
        // Posted again at the bound, the admitted one and one kept before the race are taken as they were, taking no place.
        Assert.Equal((200, true), (Assert.IsType<IStatusCodeHttpResult>(postedAgain.Result, exactMatch: false).StatusCode, postedAgain.AlreadyReceived));
        Assert.Equal(202, Assert.IsType<IStatusCodeHttpResult>(keptBefore.Result, exactMatch: false).StatusCode);
        var kept = await store.Received.KeptAsync(partition, CancellationToken.None);
        Assert.Equal(RenewalProcess.MaxObjectionEvents, kept.Count);
        Assert.Single(kept, k => k.Objection.Objector == admitted.Objection.Objector);
        Assert.Equal(RenewalProcess.MaxObjectionEvents, await new BoundedRows(await ReceivedTableAsync(partition)).CountAsync(partition, CancellationToken.None));
    }

    [Fact]
    public async Task Objection_RowsKeptBeforeTheNoticeHadACount_StillCount_EightAtOnceForTheLastPlace_OneIs202()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        string partition = await OnePlaceLeftAsync(harness);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        // As a notice kept them before it counted them: the rows alone.
        var table = await ReceivedTableAsync(partition);
        await table.DeleteEntityAsync(partition, BoundedRows.CountRow);
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var answers = await RaceAsync(harness, Api(harness, html));

        Assert.Single(answers, a => a.Answer.Result is IStatusCodeHttpResult { StatusCode: 202 });
        AssertRefusedAsFull(answers.Select(a => a.Answer).Where(a => a.Result is not IStatusCodeHttpResult { StatusCode: 202 }));
        Assert.Equal(RenewalProcess.MaxObjectionEvents, (await store.Received.KeptAsync(partition, CancellationToken.None)).Count);
        Assert.Equal(RenewalProcess.MaxObjectionEvents, await new BoundedRows(table).CountAsync(partition, CancellationToken.None));
    }

    private static void AssertRefusedAsFull(IEnumerable<RenewalObjectionAnswer> refused)
    {
        var answers = refused.ToList();
        Assert.Equal(Racers - 1, answers.Count);
        foreach (var answer in answers)
        {
            var problem = Assert.IsType<ProblemHttpResult>(answer.Result);
            Assert.Equal((409, "application/problem+json", "与当前状态不符"), (problem.StatusCode, problem.ContentType, problem.ProblemDetails.Title));
            Assert.StartsWith(Full, problem.ProblemDetails.Detail, StringComparison.Ordinal);
            Assert.Equal("againstStaffId", problem.ProblemDetails.Extensions["field"]);
            Assert.Equal(Full, answer.RefusalZh);
        }
    }

    // sch-qc's round on notice (a run of its own) with 199 objections kept as the API keeps them, each its own objector:
    // one place left. Returns the run's partition.
    private static async Task<string> OnePlaceLeftAsync(TaskHarness harness)
    {
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion, "bound-" + Guid.NewGuid().ToString("N")[..8]);
        var store = harness.Services.GetRequiredService<DeputyRenewalStore>();
        string partition = RenewalReceivedObjections.PartitionOf(run);
        for (int n = 1; n < RenewalProcess.MaxObjectionEvents; n++)
        {
            Assert.Equal((ReceivedObjectionIntake.Lodged, false), await store.Received.KeepAsync(partition, Before(n), harness.Time.GetUtcNow(), CancellationToken.None));
        }

        return partition;
    }

    private static RenewalObjection Before(int n) => new("stf-42", $"张老师{n} 138{n:D8}", "其在职称评审中材料造假。");

    // Eight different objections posted at once: each waits, the round read, until all have read it, so all look for a
    // place together.
    private static async Task<List<(RenewalObjection Objection, RenewalObjectionAnswer Answer)>> RaceAsync(TaskHarness harness, DeputyRenewalApi api)
    {
        var client = new RacingClient(harness.Host.Client, Racers);
        var posts = Enumerable.Range(1, Racers).Select(n => new RenewalObjection("stf-43", $"李老师{n} 139{n:D8}", "听说其曾有违规补课。")).ToList();
        var answers = await Task.WhenAll(posts.Select(o => Task.Run(() => api.RaiseObjectionAsync(client, "2026", "sch-qc", o, CancellationToken.None))));
        return [.. posts.Zip(answers)];
    }

    // The table the harness keeps the received objections in (it names its hub itself): the one holding the run's rows.
    private async Task<TableClient> ReceivedTableAsync(string partition)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.EndsWith("DeputyRenewalReceived", StringComparison.Ordinal))
            {
                continue;
            }

            var client = service.GetTableClient(table.Name);
            await foreach (var _ in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1, select: ["RowKey"]))
            {
                return client;
            }
        }

        throw new InvalidOperationException($"No received-objections table holds {partition}.");
    }

    private static DeputyRenewalApi Api(TaskHarness harness, HtmlRendering html) =>
        new(harness.Services.GetRequiredService<DirectoryStore>(), harness.Services.GetRequiredService<DeputyRenewalStore>(), DeputyRenewalOptions.Default, new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), harness.Time, html);

    // Holds each post, the round read, until every racer has read it.
    private sealed class RacingClient(DurableTaskClient inner, int racers) : ForwardingDurableTaskClient(inner, "racing")
    {
        private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _read;

        public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            var read = await Inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (Interlocked.Increment(ref _read) == racers)
            {
                _allRead.SetResult();
            }

            await _allRead.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellation);
            return read;
        }
    }
}
