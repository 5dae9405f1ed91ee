using System.Text.RegularExpressions;
using Azure.Data.Tables;
using EduFlows.Notifications;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// A term election under the fake clock: nominations until their timer, a ballot mailed to every member, votes by the
/// mailed links (a second vote, a forged link, a late vote refused), and the count published when the ballot closes.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class TermElectionTests(AzuriteFixture azurite)
{
    private static readonly string[] Members = ["stf-701", "stf-702", "stf-703", "stf-704", "stf-705", "stf-706"];

    [Fact]
    public async Task Election_VotesByMailLink_DoubleForgedAndLateVotesRefused_CountPublishedAtTheClose()
    {
        var (harness, hub) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        await harness.EnrolAsync(Members);
        var desk = harness.AssociationDesk();
        var store = harness.AssociationStore();
        var start = harness.Time.GetUtcNow();
        var form = new ElectionForm("青州市班主任学会第三届理事会选举", 2, start.AddDays(3), start.AddDays(10));

        // Nominations, then the nominations timer.
        Assert.Equal(201, (await desk.DefineElectionAsync(harness.Host.Client, "2026", form, CancellationToken.None)).Status);
        foreach (var (nominee, by) in new[] { ("stf-701", "stf-704"), ("stf-702", "stf-705"), ("stf-703", "stf-706") })
        {
            Assert.Equal(201, (await desk.NominateAsync("2026", new NominationForm(nominee, by), CancellationToken.None)).Status);
        }

        var twice = await desk.NominateAsync("2026", new NominationForm("stf-701", "stf-705"), CancellationToken.None);
        var notMember = await desk.NominateAsync("2026", new NominationForm("stf-1", "stf-705"), CancellationToken.None);
        string early = harness.Services.GetRequiredService<BallotLinks>().For("2026", "stf-704", form.BallotCloses!.Value).Query.Split("token=")[1];
        var beforeOpening = await desk.VoteAsync("2026", early, new BallotForm(["stf-701"]), CancellationToken.None);
        harness.Time.SetUtcNow(form.NominationsClose!.Value);
        await AssociationHarness.WaitForAsync(async () => (await store.Elections.GetAsync("2026", CancellationToken.None))?.Record, e => e.Status == ElectionStatus.Voting);
        var late = await desk.NominateAsync("2026", new NominationForm("stf-704", "stf-705"), CancellationToken.None);

        // Every member's ballot link, from their mail.
        var tokens = new Dictionary<string, string>();
        foreach (string member in Members)
        {
            var mail = await AssociationHarness.WaitForAsync(async () => (await harness.Outbox.GetAsync($"hta-ballot-2026-{member}", CancellationToken.None))?.Record, _ => true);
            Assert.Contains("无记名投票", mail.Text, StringComparison.Ordinal);
            Assert.Empty(ChineseText.LatinWords(mail.Subject + "\n" + mail.Text));
            tokens[member] = Token().Match(mail.Text!).Groups[1].Value;
        }

        var votes = new Dictionary<string, string[]>
        {
            ["stf-704"] = ["stf-701", "stf-702"],
            ["stf-705"] = ["stf-701"],
            ["stf-706"] = ["stf-702", "stf-703"],
            ["stf-701"] = ["stf-701", "stf-702"],
            ["stf-702"] = ["stf-701"],
        };
        foreach (var (member, choices) in votes)
        {
            Assert.Equal(200, (await desk.VoteAsync("2026", tokens[member], new BallotForm(choices), CancellationToken.None)).Status);
        }

        var second = await desk.VoteAsync("2026", tokens["stf-704"], new BallotForm(["stf-703"]), CancellationToken.None);
        string forgedToken = new TaskTokenSigner(new byte[32], harness.Time).Issue(new TaskLinkToken("ballot:2026", "stf-703", form.BallotCloses.Value));
        var forged = await desk.VoteAsync("2026", forgedToken, new BallotForm(["stf-703"]), CancellationToken.None);
        var tampered = await desk.VoteAsync("2026", (tokens["stf-703"][0] == 'e' ? "f" : "e") + tokens["stf-703"][1..], new BallotForm(["stf-703"]), CancellationToken.None);
        string otherElection = harness.Services.GetRequiredService<BallotLinks>().For("2025", "stf-703", form.BallotCloses.Value).Query.Split("token=")[1];
        var wrongElection = await desk.VoteAsync("2026", otherElection, new BallotForm(["stf-703"]), CancellationToken.None);
        var tooMany = await desk.VoteAsync("2026", tokens["stf-703"], new BallotForm(["stf-701", "stf-702", "stf-703"]), CancellationToken.None);
        var notCandidate = await desk.VoteAsync("2026", tokens["stf-703"], new BallotForm(["stf-703", "stf-706"]), CancellationToken.None);
        var sameTwice = await desk.VoteAsync("2026", tokens["stf-703"], new BallotForm(["stf-703", "stf-703"]), CancellationToken.None);
        int boxBeforeClose = (await store.BallotsOfAsync("2026", CancellationToken.None)).Count;

        // The ballot's timer: a vote after it is refused, and the count is published.
        harness.Time.SetUtcNow(form.BallotCloses.Value);
        var afterClose = await desk.VoteAsync("2026", tokens["stf-703"], new BallotForm(["stf-703"]), CancellationToken.None);
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(Election.InstanceIdOf("2026"), getInputsAndOutputs: true);
        var election = (await store.Elections.GetAsync("2026", CancellationToken.None))!.Record;

        Assert.Equal((409, "nomineeId"), (twice.Status, twice.Errors[0].Field));
        Assert.Equal((422, "nomineeId"), (notMember.Status, notMember.Errors[0].Field));
        Assert.Equal((409, "electionId"), (beforeOpening.Status, beforeOpening.Errors[0].Field));
        Assert.Equal((410, "electionId"), (late.Status, late.Errors[0].Field));
        Assert.Equal((409, "token"), (second.Status, second.Errors[0].Field));
        Assert.Equal((401, "token"), (forged.Status, forged.Errors[0].Field));
        Assert.Equal((401, "token"), (tampered.Status, tampered.Errors[0].Field));
        Assert.Equal((403, "token"), (wrongElection.Status, wrongElection.Errors[0].Field));
        Assert.Equal((422, "choices"), (tooMany.Status, tooMany.Errors[0].Field));
        Assert.Equal((422, "choices[1]"), (notCandidate.Status, notCandidate.Errors.Single().Field));
        Assert.Equal((422, "choices[1]"), (sameTwice.Status, sameTwice.Errors.Single().Field));
        Assert.Equal(5, boxBeforeClose);
        Assert.Equal((410, "token"), (afterClose.Status, afterClose.Errors[0].Field));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal((ElectionStatus.Published, 6, 5), (election.Status, election.BallotsIssued, election.BallotsCast));
        Assert.Equal(
            ["stf-701 陈晓梅 4 1 当选", "stf-702 刘建国 3 2 当选", "stf-703 马丽娟 1 3 -"],
            election.Results.Select(r => $"{r.MemberId} {r.Name} {r.Votes} {r.Rank} {(r.Elected ? "当选" : "-")}"));

        // Secrecy: the voter roll names the five voters and nothing of their choices; the ballot box holds choices
        // under random keys and not one voter's id in any column (stf-704..06 are voters and no candidates).
        // The closed roll also holds a row for the member who did not vote, with no ballot, so no vote can be added late.
        var rows = await RawRowsAsync(hub + "HtaVoters");
        var roll = rows.Where(r => !((string)r["Json"]).Contains("\"notVoted\":true", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(votes.Keys.Order(StringComparer.Ordinal), roll.Select(r => ((string)r["Json"]).Split("\"memberId\":\"")[1].Split('"')[0]).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain("choice", (string)r["Json"], StringComparison.OrdinalIgnoreCase));
        Assert.All(rows, r => Assert.DoesNotContain("\"sealed\":\"", (string)r["Json"], StringComparison.Ordinal));
        var box = await RawRowsAsync(hub + "HtaBallotBox");
        Assert.Equal(5, box.Count);
        foreach (var row in box)
        {
            Assert.Equal(["ElectionId", "Json", "PartitionKey", "RowKey"], row.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal));
            string everything = string.Join("|", row.Select(kv => kv.Value?.ToString()));
            Assert.All(new[] { "stf-704", "stf-705", "stf-706", "votedAt", "memberId" }, voter => Assert.DoesNotContain(voter, everything, StringComparison.Ordinal));
        }

        Assert.Equal(
            ["stf-701", "stf-701", "stf-701 stf-702", "stf-701 stf-702", "stf-702 stf-703"],
            box.Select(r => string.Join(" ", ((string)r["Json"]).Split("\"choices\":[")[1].Split(']')[0].Replace("\"", string.Empty, StringComparison.Ordinal).Split(','))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Election_NobodyNominated_SendsNoBallot_TellsTheOfficeInChinese_AndEnds()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        await harness.EnrolAsync(Members);
        var desk = harness.AssociationDesk();
        var store = harness.AssociationStore();
        var start = harness.Time.GetUtcNow();
        var form = new ElectionForm("青州市班主任学会第三届理事会选举", 2, start.AddDays(3), start.AddDays(10));
        Assert.Equal(201, (await desk.DefineElectionAsync(harness.Host.Client, "2026", form, CancellationToken.None)).Status);

        // The nominations' timer with nobody nominated: the election ends there, without waiting for the ballot's close.
        harness.Time.SetUtcNow(form.NominationsClose!.Value);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(Election.InstanceIdOf("2026"), getInputsAndOutputs: true, cts.Token);
        var election = (await store.Elections.GetAsync("2026", CancellationToken.None))!.Record;
        var notice = (await harness.Outbox.GetAsync(AssociationActivities.NoCandidatesMailOf("2026"), CancellationToken.None))?.Record;
        var ballots = new List<OutboxMessage>();
        foreach (string member in Members)
        {
            if ((await harness.Outbox.GetAsync($"hta-ballot-2026-{member}", CancellationToken.None))?.Record is { } ballot)
            {
                ballots.Add(ballot);
            }
        }

        string token = harness.Services.GetRequiredService<BallotLinks>().For("2026", "stf-704", form.BallotCloses!.Value).Query.Split("token=")[1];
        var vote = await desk.VoteAsync("2026", token, new BallotForm(["stf-701"]), CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("[]", done.SerializedOutput);
        Assert.Contains("\"stage\":\"closed\"", done.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.Equal((ElectionStatus.NoCandidates, 0, 0), (election.Status, election.BallotsIssued, election.BallotsCast));
        Assert.Empty(ballots);
        Assert.NotNull(notice);
        Assert.Equal(("zhao.office@qz.example.cn", "zh-CN"), (notice.To, notice.Culture));
        Assert.Equal("青州市班主任学会第三届理事会选举 · 无候选人，未发选票", notice.Subject);
        Assert.Contains("没有会员被提名，因此没有向会员发出选票", notice.Text, StringComparison.Ordinal);
        Assert.Contains("会员人数：6 人", notice.Text, StringComparison.Ordinal);
        Assert.Contains("/api/office/head-teachers/elections/2026", notice.Text, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(notice.Subject + "\n" + notice.Text));
        Assert.Equal((410, "electionId"), (vote.Status, vote.Errors[0].Field));
        Assert.Equal("这场选举没有候选人，未举行投票。", vote.Errors[0].ReasonFor("zh-CN"));
    }

    private async Task<List<TableEntity>> RawRowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex("token=([A-Za-z0-9_\\-\\.]+)")]
    private static partial Regex Token();
}
