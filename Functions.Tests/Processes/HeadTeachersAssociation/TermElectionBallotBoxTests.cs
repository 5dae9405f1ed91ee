using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// The ballot box against two failures: a crash between the voter roll's tick and the ballot's write (the vote must be
/// neither lost nor cast twice), and a reader of the raw tables pairing roll and box rows by their server write times.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class TermElectionBallotBoxTests(AzuriteFixture azurite)
{
    private static readonly string[] Members = ["stf-701", "stf-702", "stf-703", "stf-704", "stf-705", "stf-706"];

    private static readonly (string Voter, string[] Choices)[] Votes =
    [
        ("stf-704", ["stf-701", "stf-702"]),
        ("stf-705", ["stf-701"]),
        ("stf-706", ["stf-702", "stf-703"]),
        ("stf-701", ["stf-701", "stf-702"]),
        ("stf-702", ["stf-701"]),
    ];

    [Fact]
    public async Task Vote_CrashBeforeTheBallotReachesTheBox_IsCountedOnceAndNotLost_AndBoxWriteTimesComeAfterEveryVote()
    {
        var fault = new BoxWriteFault();
        var (harness, hub) = await StartAsync(fault, batch: null);
        await using var _ = harness;
        var tokens = await OpenBallotAsync(harness);

        // The first write to the box dies (a crash after the roll's tick, or the store failing at that moment).
        fault.Arm(1);
        var (first, firstFailed) = await TryVoteAsync(harness, "stf-704", Votes[0].Choices, tokens);
        var again = await harness.AssociationDesk().VoteAsync("2026", tokens["stf-704"], new BallotForm(["stf-703"]), CancellationToken.None);
        foreach (var (voter, choices) in Votes.Skip(1))
        {
            await Task.Delay(150);
            Assert.Equal(200, (await harness.AssociationDesk().VoteAsync("2026", tokens[voter], new BallotForm(choices), CancellationToken.None)).Status);
        }

        var lastVote = DateTimeOffset.UtcNow;
        var rollWhileVoting = await RawRowsAsync(hub + "HtaVoters");
        var boxWhileVoting = await RawRowsAsync(hub + "HtaBallotBox");
        var election = await CloseAsync(harness);

        Assert.False(firstFailed, "the vote itself failed");
        Assert.Equal(200, first!.Status);
        Assert.Equal((409, "token"), (again.Status, again.Errors[0].Field));
        Assert.True(fault.Failed >= 1, "the injected failure was not hit");
        Assert.Equal((ElectionStatus.Published, 5), (election.Status, election.BallotsCast));
        Assert.Equal(["stf-701 4", "stf-702 3", "stf-703 1"], election.Results.Select(r => $"{r.MemberId} {r.Votes}"));

        // While voting, the roll's rows show nothing of a choice (no voter's row names a candidate other than
        // themselves) and the box is still empty: no box row's write time follows a voter's.
        Assert.Equal(5, rollWhileVoting.Count);
        foreach (var row in rollWhileVoting)
        {
            string json = (string)row["Json"];
            string voter = json.Split("\"memberId\":\"")[1].Split('"')[0];
            Assert.All(new[] { "stf-701", "stf-702", "stf-703" }.Where(c => c != voter), c => Assert.DoesNotContain(c, json, StringComparison.Ordinal));
        }

        Assert.Empty(boxWhileVoting);
        var box = await RawRowsAsync(hub + "HtaBallotBox");
        Assert.Equal(5, box.Count);
        Assert.All(box, row => Assert.True(row.GetDateTimeOffset("Timestamp") > lastVote, $"box row written at {row.GetDateTimeOffset("Timestamp"):O}, before the last vote at {lastVote:O}"));
        Assert.All(await RawRowsAsync(hub + "HtaVoters"), row => Assert.DoesNotContain("\"sealed\":\"", (string)row["Json"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Votes_GoIntoTheBoxInBatches_NotOneByOne_AndTheRestAtTheClose()
    {
        var (harness, hub) = await StartAsync(new BoxWriteFault(), batch: 3);
        await using var _ = harness;
        var tokens = await OpenBallotAsync(harness);
        var boxAfter = new List<int>();
        var voteTimes = new List<DateTimeOffset>();
        foreach (var (voter, choices) in Votes)
        {
            await Task.Delay(150);
            Assert.Equal(200, (await harness.AssociationDesk().VoteAsync("2026", tokens[voter], new BallotForm(choices), CancellationToken.None)).Status);
            voteTimes.Add(DateTimeOffset.UtcNow);
            boxAfter.Add((await RawRowsAsync(hub + "HtaBallotBox")).Count);
        }

        var firstBatch = await RawRowsAsync(hub + "HtaBallotBox");
        var election = await CloseAsync(harness);
        var box = await RawRowsAsync(hub + "HtaBallotBox");

        Assert.Equal([0, 0, 3, 3, 3], boxAfter);
        Assert.All(firstBatch, row => Assert.True(row.GetDateTimeOffset("Timestamp") > voteTimes[2].AddMilliseconds(-150), "a ballot of the first batch went in before its batch was full"));
        Assert.Equal(5, box.Count);
        Assert.Equal(2, box.Count(row => row.GetDateTimeOffset("Timestamp") > voteTimes[4]));
        Assert.Equal((5, "stf-701 4"), (election.BallotsCast, $"{election.Results[0].MemberId} {election.Results[0].Votes}"));
    }

    [Fact]
    public async Task Vote_WrittenAsTheCountRuns_IsEitherCountedOrRefused_NeverConfirmedAndLeftOut()
    {
        var gate = new TableRequestGate();
        var (harness, hub) = await StartAsync(gate, batch: null);
        await using var _ = harness;
        var tokens = await OpenBallotAsync(harness);
        var desk = harness.AssociationDesk();
        Assert.Equal(200, (await desk.VoteAsync("2026", tokens["stf-701"], new BallotForm(["stf-701", "stf-702"]), CancellationToken.None)).Status);
        Assert.Equal(200, (await desk.VoteAsync("2026", tokens["stf-702"], new BallotForm(["stf-701"]), CancellationToken.None)).Status);

        // 杜文斌 passes the ballot's checks before the close, and his vote is written only after the count is published.
        var lateWrite = gate.HoldFirst("stf-704", r => TableRequestGate.Adds(r, "HtaVoters"));
        var late = Task.Run(() =>
        {
            TableRequestGate.Enter("stf-704");
            return desk.VoteAsync("2026", tokens["stf-704"], new BallotForm(["stf-703"]), CancellationToken.None);
        });

        // 冯雪's vote is written before the close; her request goes on (to read the election again) only after the count.
        bool written = false;
        var afterWrite = gate.HoldFirst("stf-705", r =>
        {
            bool after = written;
            written |= TableRequestGate.Adds(r, "HtaVoters");
            return after;
        });
        var onTime = Task.Run(() =>
        {
            TableRequestGate.Enter("stf-705");
            return desk.VoteAsync("2026", tokens["stf-705"], new BallotForm(["stf-702", "stf-703"]), CancellationToken.None);
        });
        await lateWrite.Reached;
        await afterWrite.Reached;
        var election = await CloseAsync(harness);
        lateWrite.Release();
        afterWrite.Release();
        var lateVote = await late;
        var onTimeVote = await onTime;
        var roll = await harness.AssociationStore().VotersOfAsync("2026", CancellationToken.None);

        Assert.Equal((410, "electionId"), (lateVote.Status, lateVote.Errors.Count > 0 ? lateVote.Errors[0].Field : null));
        Assert.Equal("投票已截止，您的选票未计入。", lateVote.Errors[0].ReasonFor("zh-CN"));
        Assert.Equal(200, onTimeVote.Status);
        Assert.Equal((ElectionStatus.Published, 3), (election.Status, election.BallotsCast));
        Assert.Equal(["stf-701 2", "stf-702 2", "stf-703 1"], election.Results.Select(r => $"{r.MemberId} {r.Votes}"));
        Assert.Equal(["stf-701", "stf-702", "stf-705"], roll.Select(m => m.MemberId).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await RawRowsAsync(hub + "HtaBallotBox")).Count);
        Assert.All(await RawRowsAsync(hub + "HtaVoters"), row => Assert.DoesNotContain("\"sealed\":\"", (string)row["Json"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vote_RequestDiesRightAfterTheRollWrite_RetryIsToldItCounted_CountedOnce_NoLinkLeft()
    {
        var fault = new TickAnswerLost();
        var (harness, hub) = await StartAsync(fault, batch: null);
        await using var _ = harness;
        var tokens = await OpenBallotAsync(harness);
        var desk = harness.AssociationDesk();

        // 杜文斌's tick reaches the roll, and his request dies before anything after it (as a killed process would).
        fault.Arm("stf-704");
        var (died, failed) = await TryVoteAsync(harness, "stf-704", Votes[0].Choices, tokens);
        var rollAfterDeath = await RawRowsAsync(hub + "HtaVoters");

        // He opens his link again and votes again, ticking the same candidates, then another set.
        var retry = await desk.VoteAsync("2026", tokens["stf-704"], new BallotForm(Votes[0].Choices), CancellationToken.None);
        var other = await desk.VoteAsync("2026", tokens["stf-704"], new BallotForm(["stf-703"]), CancellationToken.None);
        foreach (var (voter, choices) in Votes.Skip(1))
        {
            Assert.Equal(200, (await desk.VoteAsync("2026", tokens[voter], new BallotForm(choices), CancellationToken.None)).Status);
        }

        var election = await CloseAsync(harness);
        var roll = await RawRowsAsync(hub + "HtaVoters");
        var box = await RawRowsAsync(hub + "HtaBallotBox");

        Assert.True(failed, "the request did not die after its write");
        Assert.Null(died);
        Assert.Single(rollAfterDeath, row => row.PartitionKey == "2026|stf-704");
        foreach (var answer in new[] { retry, other })
        {
            Assert.Equal((409, "token"), (answer.Status, answer.Errors[0].Field));
            Assert.Equal("您已投过票，每位会员限投一次，选票不能更改。您的选票已计入。", answer.Errors[0].ReasonFor("zh-CN"));
        }

        // Counted once: five voters, five ballots, and 杜文斌's first choice (stf-701, stf-702) in the tallies, not stf-703's.
        Assert.Equal((ElectionStatus.Published, 5), (election.Status, election.BallotsCast));
        Assert.Equal(["stf-701 4", "stf-702 3", "stf-703 1"], election.Results.Select(r => $"{r.MemberId} {r.Votes}"));
        Assert.Equal(["stf-701", "stf-702", "stf-704", "stf-705", "stf-706"], (await harness.AssociationStore().VotersOfAsync("2026", CancellationToken.None)).Select(m => m.MemberId).Order(StringComparer.Ordinal));

        // Nothing links a voter to a choice: no roll row keeps a seal, and the box rows hold the choices only.
        Assert.Equal(6, roll.Count);
        Assert.All(roll, row => Assert.DoesNotContain("\"sealed\":\"", (string)row["Json"], StringComparison.Ordinal));
        Assert.Equal(5, box.Count);
        Assert.All(box, row =>
        {
            Assert.Equal(["ElectionId", "Json", "PartitionKey", "RowKey", "Timestamp", "odata.etag"], row.Keys.Order(StringComparer.Ordinal));
            Assert.DoesNotContain("stf-704", row.PartitionKey, StringComparison.Ordinal);
            Assert.DoesNotContain("\"memberId\"", (string)row["Json"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Cast_AfterTheCountClosedTheRoll_WritesNothing_AndARetryIsRefused()
    {
        var (harness, hub) = await StartAsync(new TickAnswerLost(), batch: null);
        await using var _ = harness;
        var tokens = await OpenBallotAsync(harness);
        var store = harness.AssociationStore();
        Assert.Equal(200, (await harness.AssociationDesk().VoteAsync("2026", tokens["stf-701"], new BallotForm(["stf-701"]), CancellationToken.None)).Status);

        // The count's first steps, then the roll write of a request that passed the ballot's checks before the close.
        var read = (await store.Elections.GetAsync("2026", CancellationToken.None))!;
        Assert.NotNull(await store.Elections.TryReplaceAsync(read.Record with { Status = ElectionStatus.Counting }, read.ETag, CancellationToken.None));
        await store.CloseRollAsync("2026", read.Record.BallotCloses, CancellationToken.None);
        var late = await store.CastAsync("2026", "stf-704", ["stf-703"], harness.Time.GetUtcNow(), CancellationToken.None);
        var moved = await store.MoveLastAsync("2026", CancellationToken.None);
        var retry = await harness.AssociationDesk().VoteAsync("2026", tokens["stf-704"], new BallotForm(["stf-703"]), CancellationToken.None);

        Assert.Equal(CastOutcome.Closed, late);
        Assert.Equal(1, moved);
        Assert.Equal(410, retry.Status);
        Assert.Equal(["stf-701"], (await store.VotersOfAsync("2026", CancellationToken.None)).Select(m => m.MemberId));
        Assert.Equal(["stf-701"], (await store.BoxedAsync("2026", CancellationToken.None)).SelectMany(b => b.Choices));
        Assert.All(await RawRowsAsync(hub + "HtaVoters"), row => Assert.DoesNotContain("\"sealed\":\"", (string)row["Json"], StringComparison.Ordinal));
    }

    private async Task<(TaskHarness Harness, string Hub)> StartAsync(HttpPipelinePolicy policy, int? batch)
    {
        string hub = string.Empty;
        var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddHeadTeachersAssociation(),
            services: (s, storage, h) =>
            {
                hub = h;
                if (batch is { } size)
                {
                    s.AddSingleton(AssociationOptions.Default with { BallotBatch = size });
                }

                var options = new TableClientOptions();
                options.AddPolicy(policy, HttpPipelinePosition.PerCall);
                s.AddHeadTeachersAssociationServices(new StorageAccount(new TableServiceClient(storage, options), new BlobServiceClient(storage)), h);
            });
        foreach (var (id, name, _) in AssociationHarness.HeadTeachers)
        {
            await harness.Services.GetRequiredService<EduFlows.StaffDirectory.DirectoryStore>().Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn") with { Post = "head-teacher" }, CancellationToken.None);
        }

        await harness.EnrolAsync(Members);
        return (harness, hub);
    }

    private static async Task<Dictionary<string, string>> OpenBallotAsync(TaskHarness harness)
    {
        var desk = harness.AssociationDesk();
        var start = harness.Time.GetUtcNow();
        var form = new ElectionForm("青州市班主任学会第三届理事会选举", 2, start.AddDays(3), start.AddDays(10));
        Assert.Equal(201, (await desk.DefineElectionAsync(harness.Host.Client, "2026", form, CancellationToken.None)).Status);
        foreach (var (nominee, by) in new[] { ("stf-701", "stf-704"), ("stf-702", "stf-705"), ("stf-703", "stf-706") })
        {
            Assert.Equal(201, (await desk.NominateAsync("2026", new NominationForm(nominee, by), CancellationToken.None)).Status);
        }

        harness.Time.SetUtcNow(form.NominationsClose!.Value);
        var tokens = new Dictionary<string, string>();
        foreach (string member in Members)
        {
            var mail = await AssociationHarness.WaitForAsync(async () => (await harness.Outbox.GetAsync($"hta-ballot-2026-{member}", CancellationToken.None))?.Record, _ => true);
            tokens[member] = Token().Match(mail.Text!).Groups[1].Value;
        }

        await AssociationHarness.WaitForAsync(async () => (await harness.AssociationStore().Elections.GetAsync("2026", CancellationToken.None))?.Record, e => e.Status == ElectionStatus.Voting);
        return tokens;
    }

    private static async Task<(DeskResult? Result, bool Failed)> TryVoteAsync(TaskHarness harness, string voter, string[] choices, Dictionary<string, string> tokens)
    {
        try
        {
            return (await harness.AssociationDesk().VoteAsync("2026", tokens[voter], new BallotForm(choices), CancellationToken.None), false);
        }
        catch (RequestFailedException)
        {
            return (null, true);
        }
    }

    // The ballot's timer; an activity that failed is retried on the durable clock, which the test moves on.
    private static async Task<Election> CloseAsync(TaskHarness harness)
    {
        var store = harness.AssociationStore();
        var closes = (await store.Elections.GetAsync("2026", CancellationToken.None))!.Record.BallotCloses;
        harness.Time.SetUtcNow(closes);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await harness.Host.Client.GetInstanceAsync(Election.InstanceIdOf("2026"), cts.Token) is not { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed })
        {
            await Task.Delay(300, cts.Token);
            harness.Time.Advance(TimeSpan.FromSeconds(30));
        }

        return (await store.Elections.GetAsync("2026", CancellationToken.None))!.Record;
    }

    private async Task<List<TableEntity>> RawRowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The table is made on its first write.
        }

        return rows;
    }

    [GeneratedRegex("token=([A-Za-z0-9_\\-\\.]+)")]
    private static partial Regex Token();

    /// <summary>
    /// Lets one member's roll write reach the table and then throws instead of returning its answer, as a request whose
    /// process is killed right after the write: nothing after it in that request runs.
    /// </summary>
    private sealed class TickAnswerLost : HttpPipelinePolicy
    {
        private string? _member;

        public void Arm(string member) => Volatile.Write(ref _member, member);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Check(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Check(message);
        }

        private void Check(HttpMessage message)
        {
            if (Volatile.Read(ref _member) is { } member
                && message.Request.Method == RequestMethod.Post
                && message.Request.Uri.Path.EndsWith("HtaVoters", StringComparison.Ordinal)
                && message.Request.Content is { } content
                && ContentOf(content).Contains(member, StringComparison.Ordinal)
                && message.Response.Status is >= 200 and < 300
                && Interlocked.CompareExchange(ref _member, null, member) == member)
            {
                throw new RequestFailedException(503, "injected: the request died after its roll write");
            }
        }

        private static string ContentOf(RequestContent content)
        {
            using var stream = new MemoryStream();
            content.WriteTo(stream, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    /// <summary>Fails the next writes to the ballot box, as a process dying before the write would.</summary>
    private sealed class BoxWriteFault : HttpPipelinePolicy
    {
        private int _armed;
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public void Arm(int writes) => Volatile.Write(ref _armed, writes);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Check(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get && message.Request.Uri.Path.Contains("HtaBallotBox", StringComparison.Ordinal) && Interlocked.Decrement(ref _armed) >= 0)
            {
                Interlocked.Increment(ref _failed);
                throw new RequestFailedException(503, "injected: the ballot box's write did not happen");
            }
        }
    }
}
