using System.Diagnostics;
using EduFlows.FunctionIndex;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Issue 21's history bound for the staff reallocation, in the suite: the county bench measures it for all 8,950 staff
/// (<c>--reallocation-azurite</c>), too long to run here, so this runs a pilot of the demo county's own schools (the
/// reallocation's <see cref="ReallocationStart.SchoolIds"/>) with enough staff for several batches of
/// <see cref="StaffReallocationOptions.BatchSize"/> in every window, through every round to the end under the fake clock,
/// nobody answering (every window reminded and expired, everyone mailed: the longest histories). Every instance of the
/// process, the reallocation's own and each batch's window and mail batch, is held to its stated bound.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class StaffReallocationHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Id = "staff-reallocation-bound";

    // Urban schools up to this many staff, then rural ones up to the pilot's size: support teaching has somewhere to go.
    private const int Urban = 300;
    private const int Pilot = 420;

    [Fact]
    public async Task APilotOfTheDemoCounty_ThroughEveryRound_NobodyAnswering_EveryInstanceUnderItsBound()
    {
        var watch = Stopwatch.StartNew();
        await using var harness = await ReallocationHarness.StartAsync(azurite);
        var county = DemoCounty.Generate();
        var (schools, staff) = PilotOf(county);
        var owner = county.Staff.First(s => s.SchoolId is null && s.Post == "bureau-cadre");
        await new ReallocationCounty(schools, [.. staff, owner]).SeedAsync(harness.Services);
        var client = harness.Host.Client;
        var driver = new ProcessDriver(harness, _ => null, busyFor: TimeSpan.FromMinutes(2));

        await client.ScheduleNewOrchestrationInstanceAsync(
            ReallocationProcess.Name,
            new ReallocationStart(Id, owner.Id, new DateOnly(2027, 7, 1), [], StaffReallocationOptions.Default, [.. schools.Select(s => s.Id)]),
            new StartOrchestrationOptions(Id));
        await driver.RunUntilAsync(async () => (await client.GetInstanceAsync(Id))!.IsCompleted, TimeSpan.FromMinutes(5));

        var done = await client.GetInstanceAsync(Id);
        Assert.True(done!.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        var people = await harness.Services.GetRequiredService<StaffReallocationStore>().PeopleOfAsync(Id, CancellationToken.None);
        Assert.Equal(staff.Count, people.Count);
        Assert.All(people, p => Assert.True(p.Placement is not null || p.Unplaced is not null, p.Participant.StaffId + " was never decided"));

        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = Id, PageSize = 500 }))
        {
            instances.Add(instance);
        }

        var sizes = new List<(string Id, string Name, int Events, int Bound)>();
        foreach (var instance in instances)
        {
            Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instance.InstanceId}: {instance.RuntimeStatus}");
            sizes.Add((instance.InstanceId, instance.Name, (await client.GetOrchestrationHistoryAsync(instance.InstanceId)).Count, BoundOf(instance.Name)));
        }

        var byName = sizes.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var kind in byName)
        {
            var longest = kind.MaxBy(s => s.Events);
            output.WriteLine($"{kind.Key}: {kind.Count()} instance(s), longest {longest.Events} events ({longest.Id}), bound {longest.Bound}");
        }

        output.WriteLine($"{staff.Count} staff of {schools.Count} schools, {instances.Count} instances, {watch.Elapsed.TotalSeconds:F0} s");

        // Every window of people ran in several batches, and so did everyone's points and result mails.
        var batches = sizes.Where(s => s.Name == ReallocationProcess.BatchName).Select(s => s.Id).ToList();
        Assert.Contains($"{Id}:{StaffReallocationActivities.Steps.Ranked}-1:2", batches);
        Assert.Contains($"{Id}:{StaffReallocationActivities.Steps.Volunteer}-1:1", batches);
        Assert.True(sizes.Count(s => s.Name == PointsObjectionWindow.NotifyName) >= 3, "the breakdown mails in batches");
        Assert.Contains(sizes, s => s.Id == $"{Id}:mail-{nameof(Round.InSchoolCompetition)}:2");
        Assert.Equal(1, sizes.Count(s => s.Name == ReallocationProcess.Name));
        Assert.All(sizes, s => Assert.True(s.Events <= s.Bound, $"{s.Id} ({s.Name}) has {s.Events} events; the bound is {s.Bound}"));
    }

    // The stated bound for each orchestrator the reallocation runs; one it does not know has none, and fails the test.
    private static int BoundOf(string name) => name switch
    {
        ReallocationProcess.Name => ReallocationProcess.HistoryBound,
        ReallocationProcess.BatchName => ReallocationProcess.BatchHistoryBound,
        ReallocationProcess.NotifyName or PointsObjectionWindow.NotifyName => ReallocationProcess.NotifyHistoryBound,
        _ => 0,
    };

    // The pilot: the demo county's urban schools by id, then its rural ones, each school whole, and their staff as Prepare takes them.
    private static (List<School> Schools, List<StaffMember> Staff) PilotOf(DemoCountyData county)
    {
        var taking = county.Staff.Where(s => s.SchoolId is not null && s.Section is not null && s.Subject is not null).ToLookup(s => s.SchoolId!, StringComparer.Ordinal);
        var schools = new List<School>();
        var staff = new List<StaffMember>();
        foreach (var (rural, upTo) in new[] { (false, Urban), (true, Pilot) })
        {
            foreach (var school in county.Schools.Where(s => s.Rural == rural).OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                if (staff.Count >= upTo)
                {
                    break;
                }

                schools.Add(school);
                staff.AddRange(taking[school.Id]);
            }
        }

        return (schools, staff);
    }
}
