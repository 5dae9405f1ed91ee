using EduFlows.Processes.StaffReallocation;
using EduFlows.DurableTask;
using EduFlows.FunctionIndex;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The whole reallocation under the fake clock on a small county of 17 staff in three primary schools: 东关小学 (sch-a),
/// 西苑小学 (sch-b) and the rural 五里小学 (sch-r); 赵主任 (stf-3) runs it for the bureau.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffReallocationOrchestrationTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private const string Math = "primary:math";
    private const string Chinese = "primary:chinese";

    [Fact]
    public async Task RunAsync_SmallCounty_EveryRoundAppealAndUnplacedCaseDecided()
    {
        await using var harness = await StartAsync();
        var client = harness.Host.Client;
        var published = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal)
        {
            ["stf-pa"] = new() { ["primary-math"] = "4", ["primary-chinese"] = "2" },
            ["stf-pb"] = new() { ["primary-math"] = "6", ["primary-chinese"] = "1" },
            ["stf-pr"] = new() { ["primary-math"] = "3", ["primary-chinese"] = "1" },
        };
        bool appealed = false;
        var driver = new ProcessDriver(harness, task => task.Kind switch
        {
            "reallocation-posts" => published[task.AssigneeId],
            "reallocation-posts-approval" when task.Id.EndsWith("-1", StringComparison.Ordinal) => new() { ["decision"] = "return", ["reason"] = "数学岗位需按编制重新核定" },
            "reallocation-posts-approval" => new() { ["decision"] = "approve" },
            "reallocation-direct-confirm" => new() { ["decision"] = task.Id.EndsWith("stf-aold", StringComparison.Ordinal) ? "decline" : "confirm" },
            "reallocation-support-volunteer" when task.AssigneeId == "stf-a5" => new() { ["decision"] = "volunteer" },
            "reallocation-support-volunteer" => new() { ["decision"] = "decline" },
            "reallocation-ranked-list" when task.AssigneeId == "stf-a4" => new() { ["choices"] = $"sch-b:{Math}" },
            "reallocation-ranked-list" when task.AssigneeId == "stf-b5" => new() { ["choices"] = $"sch-a:{Chinese}\nsch-r:{Chinese}" },
            "reallocation-appeal-review" => new() { ["decision"] = "uphold", ["note"] = "经核实符合临近退休条件，应予直接聘用" },
            "reallocation-unplaced" => new() { ["decision"] = "assign", ["postId"] = $"sch-b:{Math}", ["note"] = "调剂到本校数学岗位，先参加一学期转岗培训" },
            _ => null,
        });

        await client.ScheduleNewOrchestrationInstanceAsync(
            ReallocationProcess.Name, new ReallocationStart(Id, "stf-3", new DateOnly(2026, 9, 1), [], StaffReallocationOptions.Default), new StartOrchestrationOptions(Id));
        await driver.RunUntilAsync(
            async () =>
            {
                var meta = await client.GetInstanceAsync(Id);
                if (!appealed && meta?.ReadCustomStatusAs<ReallocationProgress>() is { Stage: "appeal:DirectAppointment" })
                {
                    await client.RaiseEventAsync(Id, ReallocationProcess.AppealEvent, new ReallocationAppeal("stf-aold", "本人已满59周岁，符合直接聘用条件，校长未予确认"));
                    appealed = true;
                    return false;
                }

                return meta?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
            },
            TimeSpan.FromMinutes(5));

        var done = await client.GetInstanceAsync(Id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId);
        Assert.Equal(17, people.Count);

        // Posts: sent back once with a reason, published again, approved.
        Assert.Equal(2, driver.Seen.Count(t => t.Kind == "reallocation-posts-approval"));
        Assert.Equal(6, driver.Seen.Count(t => t.Kind == "reallocation-posts"));
        var record = (await store.Reallocations.GetAsync(Id, CancellationToken.None))!.Record;
        Assert.Equal("finished", record.Stage);
        Assert.Equal(["sent back: 数学岗位需按编制重新核定", "approved"], record.Trace.Select(t => t.What));

        // Round 1: leaders confirmed; the declined near-retirement case won on appeal.
        Assert.All(new[] { "stf-pa", "stf-pb", "stf-pr" }, p => Assert.Equal(PlacementRule.DirectLeadership, people[p].Placement!.Rule));
        Assert.Equal(PlacementRule.DirectNearRetirement, people["stf-aold"].Placement!.Rule);
        Assert.Contains(people["stf-aold"].Trace, t => t.Step == "appeal" && t.By == "stf-3" && t.What.Contains("upheld", StringComparison.Ordinal));

        // Round 2: the volunteer fills the rural school's vacancy.
        Assert.Equal((Round.SupportTeaching, PlacementRule.SupportVolunteer, "sch-r"), Decided(people["stf-a5"]));

        // Round 3: by points within each school; round 4: the one left without a seat moves by deferred acceptance.
        Assert.Equal((Round.InSchoolCompetition, PlacementRule.InSchoolByPoints, "sch-a"), Decided(people["stf-a1"]));
        Assert.Equal((Round.CrossSchoolCompetition, PlacementRule.DeferredAcceptance, "sch-b"), Decided(people["stf-a4"]));
        Assert.Equal([$"sch-b:{Math}"], people["stf-a4"].RankedList);

        // Unplaced: no Chinese seat anywhere; the bureau assigned the free math seat, with who, when, the rule and the reasons kept.
        var unplaced = people["stf-b5"];
        Assert.Equal((Round.Unplaced, PlacementRule.BureauDecision, "sch-b"), Decided(unplaced));
        Assert.Equal(($"sch-b:{Math}", "调剂到本校数学岗位，先参加一学期转岗培训"), (unplaced.Placement!.PostId, unplaced.Placement.Detail));
        Assert.Equal(2, unplaced.Unplaced!.Reasons.Count);
        Assert.Contains("转岗培训", unplaced.BureauDecision, StringComparison.Ordinal);
        var decidedBy = Assert.Single(unplaced.Trace, t => t.Step == "unplaced");
        Assert.Equal(("stf-3", $"Unplaced: sch-b:{Math} under BureauDecision (assigned to sch-b:{Math}: 调剂到本校数学岗位，先参加一学期转岗培训)"), (decidedBy.By, decidedBy.What));
        Assert.Single(people.Values, p => p.Unplaced is not null);

        // Result mails through the outbox, with the rule that decided.
        var outbox = harness.Outbox;
        var aold = await outbox.GetAsync($"{Id}.appeal-DirectAppointment.stf-aold", CancellationToken.None);
        Assert.Contains("直接聘用：临近退休，经校长确认", aold!.Record.Text, StringComparison.Ordinal);
        Assert.NotNull(await outbox.GetAsync($"{Id}.CrossSchoolCompetition.stf-a4", CancellationToken.None));
        string decidedMail = (await outbox.GetAsync($"{Id}.unplaced.stf-b5", CancellationToken.None))!.Record.Text;
        Assert.Contains("落聘处理：教育局决定调剂", decidedMail, StringComparison.Ordinal);
        Assert.Contains("经教育局研究决定，调剂到上述岗位", decidedMail, StringComparison.Ordinal);
        Assert.Contains($"sch-b:{Math}", decidedMail, StringComparison.Ordinal);

        // Windows ran in batch sub-orchestrations, not in the reallocation's own history.
        Assert.NotNull(await client.GetInstanceAsync($"{Id}:ranked-1:0"));
        Assert.DoesNotContain(await client.GetOrchestrationHistoryAsync(Id), e => e is global::DurableTask.Core.History.EventRaisedEvent r && r.Name.StartsWith("TaskSubmitted:reallocation-ranked-list", StringComparison.Ordinal));

        var report = ReallocationReport.Of((await store.StateAsync(Id, CancellationToken.None)).State);
        Assert.Equal(new ReportRow("county", 17, 2, 0, 11.76m, 0), report.County);
        Assert.Equal(new ReportRow("sch-b", 6, 0, 0, 0m, 0), report.BySchool.Single(r => r.Key == "sch-b"));
        Assert.Equal(new ReportRow(nameof(Round.CrossSchoolCompetition), 2, 1, 1, 50m, 0), report.ByRound[^1]);
    }

    private static (Round, PlacementRule, string) Decided(PersonRecord person) => (person.Placement!.Round, person.Placement.Rule, person.Placement.SchoolId);

    private async Task<TaskHarness> StartAsync()
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddStaffReallocation(),
            (services, storage, hub) => services.AddStaffReallocationServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync(
            [
                new School("sch-a", "东关小学", "primary", "王府街道", false, "stf-pa"),
                new School("sch-b", "西苑小学", "primary", "云门山街道", false, "stf-pb"),
                new School("sch-r", "五里小学", "primary", "五里镇", true, "stf-pr"),
            ],
            CancellationToken.None);
        StaffMember Teacher(string id, string school, string subject, string post = "teacher") =>
            TaskHarness.Staff(id, id, id + "@qz.example.cn") with { SchoolId = school, Section = "primary", Subject = subject, Post = post, BirthDate = new DateOnly(1985, 3, 1) };
        await directory.Staff.ApplyAsync(
            [
                Teacher("stf-pa", "sch-a", "math", "principal"), Teacher("stf-a1", "sch-a", "math"), Teacher("stf-a2", "sch-a", "math"), Teacher("stf-a3", "sch-a", "math"),
                Teacher("stf-a4", "sch-a", "math"), Teacher("stf-a5", "sch-a", "math"), Teacher("stf-a6", "sch-a", "chinese"),
                Teacher("stf-aold", "sch-a", "chinese") with { BirthDate = new DateOnly(1967, 6, 1) },
                Teacher("stf-pb", "sch-b", "math", "principal"), Teacher("stf-b1", "sch-b", "math"), Teacher("stf-b2", "sch-b", "math"), Teacher("stf-b3", "sch-b", "math"),
                Teacher("stf-b4", "sch-b", "chinese"), Teacher("stf-b5", "sch-b", "chinese"),
                Teacher("stf-pr", "sch-r", "math", "principal"), Teacher("stf-r1", "sch-r", "math"), Teacher("stf-r2", "sch-r", "chinese"),
            ],
            CancellationToken.None);
        return harness;
    }
}
