using EduFlows.Processes.StaffReallocation;
using EduFlows.FunctionIndex;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The whole reallocation under the fake clock on a small county of 17 staff in three primary schools: 东关小学 (sch-a),
/// 西苑小学 (sch-b) and the rural 五里小学 (sch-r); 赵主任 (stf-3) runs it for the bureau.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
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

        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id));
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
        // The bureau's decision names the post in words, not its raw code (issue 18: no raw codes in Chinese mail).
        Assert.Contains("教育局处理决定：调剂到西苑小学 小学", decidedMail, StringComparison.Ordinal);
        Assert.DoesNotContain("sch-b", decidedMail, StringComparison.Ordinal);
        Assert.DoesNotContain($"sch-b:{Math}", decidedMail, StringComparison.Ordinal);
        // A batch of result mails is sent by one activity, not one per mail; none of the whole process's mails twice.
        var resultBatch = (await client.GetOrchestrationHistoryAsync($"{Id}:mail-{nameof(Round.CrossSchoolCompetition)}:0")).OfType<global::DurableTask.Core.History.TaskScheduledEvent>().ToList();
        Assert.Equal(1, resultBatch.Count(e => e.Name == StaffTaskActivities.SendMails));
        Assert.DoesNotContain(resultBatch, e => e.Name == StaffTaskActivities.SendMail);
        Assert.Equal(harness.SendGrid.Accepted.Count, harness.SendGrid.Accepted.Select(m => m.OutboxId).Distinct().Count());

        // Windows ran in batch sub-orchestrations, not in the reallocation's own history.
        Assert.NotNull(await client.GetInstanceAsync($"{Id}:ranked-1:0"));
        Assert.DoesNotContain(await client.GetOrchestrationHistoryAsync(Id), e => e is global::DurableTask.Core.History.EventRaisedEvent r && r.Name.StartsWith("TaskSubmitted:reallocation-ranked-list", StringComparison.Ordinal));

        var report = ReallocationReport.Of((await store.StateAsync(Id, CancellationToken.None)).State);
        Assert.Equal(new ReportRow("county", 17, 2, 0, 11.76m, 0), report.County);
        Assert.Equal(new ReportRow("sch-b", 6, 0, 0, 0m, 0), report.BySchool.Single(r => r.Key == "sch-b"));
        Assert.Equal(new ReportRow(nameof(Round.CrossSchoolCompetition), 2, 1, 1, 50m, 0), report.ByRound[^1]);
    }

    [Fact]
    public async Task RunAsync_SchoolRankings_DecideAgainstPoints_UnansweredFallsBackToPoints_BadRankingRefused()
    {
        await using var harness = await StartAsync();
        var client = harness.Host.Client;
        const string Run = "staff-reallocation-2028";
        // sch-a keeps 2 math seats after its principal for a1..a4 (a5 volunteers for the rural school); sch-b has one
        // math seat left after its own staff, sought by the two sch-a teachers its ranking leaves out.
        var published = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal)
        {
            ["stf-pa"] = new() { ["primary-math"] = "3", ["primary-chinese"] = "2" },
            ["stf-pb"] = new() { ["primary-math"] = "5", ["primary-chinese"] = "2" },
            ["stf-pr"] = new() { ["primary-math"] = "3", ["primary-chinese"] = "1" },
        };
        static string Reversed(StaffTask task) => string.Join('\n', task.Fields![0].Options.Select(o => o.Value).Reverse());
        var inSchoolOptions = new List<string>();
        (SubmitOutcome Bad, bool StillOpen, bool Stored)? refused = null;
        var driver = new ProcessDriver(harness, task => task.Kind switch
        {
            "reallocation-posts" => published[task.AssigneeId],
            "reallocation-posts-approval" => new() { ["decision"] = "approve" },
            "reallocation-direct-confirm" => new() { ["decision"] = "confirm" },
            "reallocation-support-volunteer" => new() { ["decision"] = task.AssigneeId == "stf-a5" ? "volunteer" : "decline" },
            "reallocation-ranked-list" when task.AssigneeId is "stf-a1" or "stf-a2" => new() { ["choices"] = $"sch-b:{Math}" },
            // sch-b ranks its cross-school applicants against points; its in-school ranking, like sch-r's, never comes.
            "reallocation-school-ranking" when task.Id.EndsWith($"{Run}-school-ranking-sch-b", StringComparison.Ordinal) => new() { ["ranking"] = Reversed(task) },
            "reallocation-unplaced" => new() { ["decision"] = "other", ["note"] = "待岗培训" },
            _ => null,
        });

        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Run));
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        await driver.RunUntilAsync(
            async () =>
            {
                if (refused is null && (await harness.Tasks.AllOpenAsync(CancellationToken.None)).FirstOrDefault(t => t.Id.EndsWith($"{Run}-in-school-ranking-sch-a", StringComparison.Ordinal)) is { } ranking)
                {
                    // An unknown person and a repeat: refused whole, naming each line; the task stays open and nothing is stored.
                    var bad = await harness.Desk.SubmitAsync(client, ranking.Id, "stf-pa", new Dictionary<string, string?> { ["ranking"] = "stf-a4\nstf-zz\nstf-a4" }, CancellationToken.None);
                    bool open = (await harness.Tasks.AllOpenAsync(CancellationToken.None)).Any(t => t.Id == ranking.Id);
                    bool stored = await store.Rankings.GetAsync(SchoolRankingRecord.IdOf(Run, Round.InSchoolCompetition, "sch-a"), CancellationToken.None) is not null;
                    refused = (bad, open, stored);
                    inSchoolOptions.AddRange(ranking.Fields![0].Options.Select(o => o.Value));
                    var good = await harness.Desk.SubmitAsync(client, ranking.Id, "stf-pa", new Dictionary<string, string?> { ["ranking"] = Reversed(ranking) }, CancellationToken.None);
                    Assert.Equal(SubmitResult.Accepted, good.Result);
                    await harness.Host.WaitForHistoryAsync(ranking.InstanceId, h => h.OfType<global::DurableTask.Core.History.EventRaisedEvent>().Any(e => e.Name == ranking.EventName));
                    return false;
                }

                return (await client.GetInstanceAsync(Run))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
            },
            TimeSpan.FromMinutes(10));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync(Run))!.RuntimeStatus);
        var (outcome, stillOpen, storedEarly) = refused!.Value;
        Assert.Equal(SubmitResult.Invalid, outcome.Result);
        Assert.Equal(["ranking[1]", "ranking[2]"], outcome.Errors.Select(e => e.Field));
        Assert.True(stillOpen);
        Assert.False(storedEarly);
        var people = (await store.PeopleOfAsync(Run, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId);

        // In-school: the task listed sch-a's remaining staff in points order; the principal's reverse order gave the
        // two math seats to the two lowest in points.
        Assert.Equal(["stf-a1", "stf-a2", "stf-a3", "stf-a4", "stf-a6"], inSchoolOptions);
        Assert.True(people["stf-a1"].Participant.PointsRank < people["stf-a2"].Participant.PointsRank && people["stf-a3"].Participant.PointsRank < people["stf-a4"].Participant.PointsRank);
        Assert.Equal((Round.InSchoolCompetition, PlacementRule.InSchoolBySchoolRanking, "sch-a"), Decided(people["stf-a4"]));
        Assert.Equal((Round.InSchoolCompetition, PlacementRule.InSchoolBySchoolRanking, "sch-a"), Decided(people["stf-a3"]));
        var rankedA = (await store.Rankings.GetAsync(SchoolRankingRecord.IdOf(Run, Round.InSchoolCompetition, "sch-a"), CancellationToken.None))!.Record;
        Assert.Equal(["stf-a6", "stf-a4", "stf-a3", "stf-a2", "stf-a1"], rankedA.Ranking);
        Assert.Equal(("stf-pa", "ranked all 5 applicants"), (rankedA.RankedBy, rankedA.What));
        Assert.Contains(people["stf-a4"].Trace, t => t.By == "rule" && t.What.Contains("sch-a ranking by stf-pa", StringComparison.Ordinal));

        // sch-b's principal did not rank in-school: points decided, and that is recorded.
        var rankedB = (await store.Rankings.GetAsync(SchoolRankingRecord.IdOf(Run, Round.InSchoolCompetition, "sch-b"), CancellationToken.None))!.Record;
        Assert.Equal((true, "nobody", "no ranking by the deadline: the 5 applicants go by points"), (rankedB.ByPoints, rankedB.RankedBy, rankedB.What));
        Assert.Equal((Round.InSchoolCompetition, PlacementRule.InSchoolByPoints, "sch-b"), Decided(people["stf-b1"]));
        Assert.Contains(people["stf-b1"].Trace, t => t.What.Contains("sch-b ranking by nobody", StringComparison.Ordinal));
        Assert.Contains("校内竞聘：按积分（学校未提交排序）", (await harness.Outbox.GetAsync($"{Run}.InSchoolCompetition.stf-b1", CancellationToken.None))!.Record.Text, StringComparison.Ordinal);

        // Cross-school: sch-b ranked a2 above a1 (points say the opposite): a2 takes the seat under sch-b's ranking.
        Assert.Equal("stf-pb", Assert.Single(driver.Seen, t => t.Id.Contains($"{Run}-school-ranking-", StringComparison.Ordinal)).AssigneeId);
        Assert.Equal((Round.CrossSchoolCompetition, PlacementRule.DeferredAcceptanceBySchoolRanking, "sch-b"), Decided(people["stf-a2"]));
        Assert.Null(people["stf-a1"].Placement);
        Assert.NotNull(people["stf-a1"].Unplaced);
        Assert.Contains("跨校竞聘：延迟接受算法，按学校排序", (await harness.Outbox.GetAsync($"{Run}.CrossSchoolCompetition.stf-a2", CancellationToken.None))!.Record.Text, StringComparison.Ordinal);

        var report = ReallocationReport.Of((await store.StateAsync(Run, CancellationToken.None)).State);
        Assert.Equal(new ReportRow(nameof(Round.Unplaced), 1, 0, 1, 0m, 0), report.Bureau);
    }

    private static (Round, PlacementRule, string) Decided(PersonRecord person) => (person.Placement!.Round, person.Placement.Rule, person.Placement.SchoolId);

    private Task<TaskHarness> StartAsync() => ReallocationHarness.StartAsync(azurite, ReallocationCounty.ThreeSchools);
}
