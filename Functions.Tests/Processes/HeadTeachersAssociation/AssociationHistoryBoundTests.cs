using DurableTask.Core.History;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// Issue 21's history bound at the association's real size (106 members): the term election's history does not grow
/// with members or votes. Ballots go out as one mail batch and each vote is written to the ballot box by the desk,
/// never raised into the instance, so the election is a fixed handful of steps however many vote.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class AssociationHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound on an election's history (events), whatever the membership.</summary>
    internal const int ElectionBound = 100;

    [Fact]
    public async Task AnElectionOf106Members_AllVoting_StaysUnderTheHistoryBound()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var __ = harness;
        var members = Enumerable.Range(1, 106).Select(i => ($"htm-{i:D3}", $"班主任{i:D3}")).ToList();
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [.. members.Select(m => TaskHarness.Staff(m.Item1, m.Item2, m.Item1 + "@qz.example.cn") with { Post = "head-teacher" })], CancellationToken.None);
        var store = harness.AssociationStore();
        foreach (var (id, name) in members)
        {
            await store.Members.PutAsync(new AssociationMember(id, name, "东关小学", harness.Time.GetUtcNow(), "seed-" + id), CancellationToken.None);
        }

        var desk = harness.AssociationDesk();
        var start = harness.Time.GetUtcNow();
        var form = new ElectionForm("青州市班主任学会第三届理事会选举", 5, start.AddDays(3), start.AddDays(10));
        Assert.Equal(201, (await desk.DefineElectionAsync(harness.Host.Client, "2026", form, CancellationToken.None)).Status);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(201, (await desk.NominateAsync("2026", new NominationForm(members[i].Item1, members[i + 10].Item1), CancellationToken.None)).Status);
        }

        harness.Time.SetUtcNow(form.NominationsClose!.Value);
        await AssociationHarness.WaitForAsync(async () => (await store.Elections.GetAsync("2026", CancellationToken.None))?.Record, e => e.Status == ElectionStatus.Voting);
        var links = harness.Services.GetRequiredService<BallotLinks>();
        for (int i = 0; i < members.Count; i++)
        {
            string token = links.For("2026", members[i].Item1, form.BallotCloses!.Value).Query.Split("token=")[1];
            var voted = await desk.VoteAsync("2026", token, new BallotForm([members[i % 8].Item1, members[(i + 3) % 8].Item1]), CancellationToken.None);
            Assert.True(voted.Done, $"{members[i].Item1}: {voted.Status}");
        }

        harness.Time.SetUtcNow(form.BallotCloses!.Value);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(Election.InstanceIdOf("2026"), getInputsAndOutputs: true, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(106 * 2, done.ReadOutputAs<IReadOnlyList<CandidateTally>>()!.Sum(t => t.Votes));
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(Election.InstanceIdOf("2026"));
        output.WriteLine($"election of {members.Count} members, {members.Count} ballots: {history.Count} events (bound {ElectionBound})");
        Assert.True(history.Count < ElectionBound, $"the election has {history.Count} events; the bound is {ElectionBound}");
        Assert.DoesNotContain(history, e => e is EventRaisedEvent);
    }
}
