using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// The association writes its record (an application, an election, a contest) before starting its process. A request
/// that died between the two left a record and no process, and every retry was refused 409 for good (the contest is
/// once a year). The retry now starts the process of the record as stored, once.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RecordWithoutStartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Application_RecordedByARequestThatDied_IsStartedByTheRetry_AndOnlyOnce()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        var desk = harness.AssociationDesk();
        var client = harness.Host.Client;
        // What the dead request left: its record, written before the start it never made.
        var recorded = new MembershipApplication { Id = "stf-701-1", StaffId = "stf-701", Name = "陈晓梅", SchoolName = "东关小学", Statement = "担任班主任八年。", SubmittedAt = harness.Time.GetUtcNow() };
        Assert.True(await harness.AssociationStore().Applications.TryAddAsync(recorded, CancellationToken.None));

        var retry = await desk.ApplyAsync(client, new ApplicationForm("stf-701", "担任班主任八年。"), CancellationToken.None);
        var again = await desk.ApplyAsync(client, new ApplicationForm("stf-701", "担任班主任八年。"), CancellationToken.None);

        Assert.Equal(202, retry.Status);
        Assert.Equal((409, "staffId"), (again.Status, again.Errors[0].Field));
        var task = await harness.WaitForTaskAsync("hta-membership-stf-701-1");
        Assert.Equal(("stf-3", "hta-membership-review"), (task.AssigneeId, task.Kind));
        Assert.Single(await harness.AssociationStore().ApplicationsOfAsync("stf-701", CancellationToken.None));
    }

    [Fact]
    public async Task Election_SetUpByARequestThatDied_IsStartedByTheRetry_FromTheRecordAsStored()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        var desk = harness.AssociationDesk();
        var store = harness.AssociationStore();
        var client = harness.Host.Client;
        var start = harness.Time.GetUtcNow();
        var stored = new Election { Id = "2026", Title = "第三届理事会选举", Seats = 2, NominationsClose = start.AddDays(3), BallotCloses = start.AddDays(10) };
        Assert.True(await store.Elections.TryAddAsync(stored, CancellationToken.None));

        var retry = await desk.DefineElectionAsync(client, "2026", new ElectionForm("另一个标题", 3, start.AddDays(4), start.AddDays(11)), CancellationToken.None);
        var again = await desk.DefineElectionAsync(client, "2026", new ElectionForm("第三届理事会选举", 2, start.AddDays(3), start.AddDays(10)), CancellationToken.None);

        Assert.Equal(201, retry.Status);
        Assert.Equal((409, "electionId"), (again.Status, again.Errors[0].Field));
        var instance = await client.GetInstanceAsync(Election.InstanceIdOf("2026"), getInputsAndOutputs: true);
        Assert.NotNull(instance);
        // The timetable is the stored election's, not the retry's form.
        Assert.Contains(stored.BallotCloses.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), instance.SerializedInput!, StringComparison.Ordinal);
        Assert.Equal("第三届理事会选举", (await store.Elections.GetAsync("2026", CancellationToken.None))!.Record.Title);
    }
}
