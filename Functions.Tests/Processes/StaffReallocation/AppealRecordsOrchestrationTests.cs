using System.Net;
using System.Text.RegularExpressions;
using DurableTask.Core.History;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.StaffReallocation.Office;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Appeals and points objections through the orchestration under the fake clock, decided by the bureau's review tasks,
/// as their records and the office page have them: 东关小学 (sch-101) with its principal 陈校长 (stf-921), 孙老师 (stf-901),
/// 钱老师 (stf-902), 周老师 (stf-903) and 吴老师 (stf-904, a year from retirement, whom the principal does not confirm);
/// 赵主任 (stf-3) decides. 钱老师 objects to her points (rejected with a note); 吴老师 appeals the first round himself
/// (upheld), and an administrator appeals it for 孙老师 (left unanswered: not decided in time).
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed partial class AppealRecordsOrchestrationTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2026";
    private const string Objection = "2025年度考核结果录入有误";
    private const string Retiring = "本人已满59周岁，符合直接聘用条件，校长未予确认";
    private const string ByAdministrator = "校长确认时遗漏本人岗位";
    private const string Later = "希望参加支教交流";
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private string _hub = string.Empty;

    [Fact]
    public async Task AppealsOnRecord_AnAppealAndAnObjection_DecidedThroughTheReviewTasks_AreOnRecordAndOnThePage()
    {
        await using var harness = await StartAsync();
        var run = await RunAsync(harness, appealsOnRecord: true, appealLater: false);

        var records = (await harness.Services.GetRequiredService<StaffReallocationStore>().AppealsOfAsync(Id, CancellationToken.None)).ToDictionary(a => a.StaffId, StringComparer.Ordinal);
        var (page, rows) = await PageAsync(harness);

        Assert.Equal(3, records.Count);
        Assert.Equal(
            ((Round?)null, 0, Objection, (string?)"stf-902", (DateTimeOffset?)run.Lodged["stf-902"], (string?)AppealRecord.ObjectionTaskId(Id, "stf-902", 0)),
            (records["stf-902"].Round, records["stf-902"].Number, records["stf-902"].Reason, records["stf-902"].LodgedBy, records["stf-902"].LodgedAt, records["stf-902"].ReviewTaskId));
        Assert.Equal(
            ((AppealOutcome?)AppealOutcome.Rejected, (string?)"stf-3", (DateTimeOffset?)run.Answered["stf-902"], (string?)"经核对考核表，积分无误"),
            (records["stf-902"].Outcome, records["stf-902"].DecidedBy, records["stf-902"].DecidedAt, records["stf-902"].Note));
        Assert.Equal(
            ((Round?)Round.DirectAppointment, 0, (string?)"stf-904", (DateTimeOffset?)run.Lodged["stf-904"], (string?)AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0)),
            (records["stf-904"].Round, records["stf-904"].Number, records["stf-904"].LodgedBy, records["stf-904"].LodgedAt, records["stf-904"].ReviewTaskId));
        Assert.Equal(
            ((AppealOutcome?)AppealOutcome.Upheld, (string?)"stf-3", (DateTimeOffset?)run.Answered["stf-904"], (string?)"经核实符合临近退休条件"),
            (records["stf-904"].Outcome, records["stf-904"].DecidedBy, records["stf-904"].DecidedAt, records["stf-904"].Note));
        Assert.Equal(
            ((Round?)Round.DirectAppointment, 1, (string?)StaffReallocationApi.ByMasterKey, (DateTimeOffset?)run.Lodged["stf-901"], (AppealOutcome?)AppealOutcome.NotDecidedInTime, (string?)null, (string?)null),
            (records["stf-901"].Round, records["stf-901"].Number, records["stf-901"].LodgedBy, records["stf-901"].LodgedAt, records["stf-901"].Outcome, records["stf-901"].DecidedBy, records["stf-901"].Note));
        // Ran out unanswered: decided when the orchestration took that in, after the bureau's window.
        Assert.True(records["stf-901"].DecidedAt >= run.Lodged["stf-901"] + StaffReallocationOptions.Default.AppealWindow + StaffReallocationOptions.Default.BureauWindow);
        // The upheld appeal ran the round again: the principal's confirmation no longer needed.
        var retiring = (await harness.Services.GetRequiredService<StaffReallocationStore>().People.GetAsync(PersonRecord.IdOf(Id, "stf-904"), CancellationToken.None))!.Record;
        Assert.Equal(PlacementRule.DirectNearRetirement, retiring.Placement?.Rule);
        // The bureau's approval of the posts is kept with its code, as the page words it.
        var approval = Assert.Single((await harness.Services.GetRequiredService<StaffReallocationStore>().Reallocations.GetAsync(Id, CancellationToken.None))!.Record.Trace);
        Assert.Equal(("approved", (PostsApproval?)PostsApproval.Approved, (string?)null), (approval.What, approval.Approval, approval.Note));

        Assert.Equal(
            [
                $"钱老师 stf-902|积分异议|{Objection}|已处理|异议不成立，积分不变赵主任 {Clock.Format(run.Answered["stf-902"])}处理意见：经核对考核表，积分无误",
                $"吴老师 stf-904|直接聘用申诉|{Retiring}|已处理|支持申诉赵主任 {Clock.Format(run.Answered["stf-904"])}处理意见：经核实符合临近退休条件",
                $"孙老师 stf-901|直接聘用申诉|{ByAdministrator}|已处理|逾期未处理，视为驳回申诉（无人处理） {Clock.Format(records["stf-901"].DecidedAt!.Value)}",
            ],
            rows);
        OfficeClients.AssertNoLatinWords([("/api/office/staff-reallocation/" + Id, page)]);
    }

    [Fact]
    public async Task StartedBeforeAppealsWereOnRecord_ThePageListsWhatItsHistoryTookIn_WithOrWithoutTheirRecords()
    {
        await using var harness = await StartAsync();
        var run = await RunAsync(harness, appealsOnRecord: false, appealLater: true);
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, _hub + "ReallocationAppeals");
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();

        // As the run left them: the decisions put on record when made (as since 2026-12-06), nothing when taken in.
        var decidedSince = await store.AppealsOfAsync(Id, CancellationToken.None);
        var (_, withRecords) = await PageAsync(harness);
        // As an instance decided before then left them: no record at all (rows are keyed by the record's id twice).
        foreach (var record in decidedSince)
        {
            await table.DeleteEntityAsync(record.Id, record.Id);
        }

        var (page, withoutRecords) = await PageAsync(harness);

        Assert.Equal(3, decidedSince.Count);
        Assert.All(decidedSince, r => Assert.Null(r.LodgedAt));
        var decidedLate = decidedSince.Single(r => r.StaffId == "stf-901").DecidedAt!.Value;
        Assert.Equal(
            [
                $"周老师 stf-903|支教交流申诉|{Later}|待处理：申诉期结束后交教育局|—",
                $"钱老师 stf-902|积分异议|{Objection}|已处理|异议不成立，积分不变赵主任 {Clock.Format(run.Answered["stf-902"])}处理意见：经核对考核表，积分无误",
                $"吴老师 stf-904|直接聘用申诉|{Retiring}|已处理|支持申诉赵主任 {Clock.Format(run.Answered["stf-904"])}处理意见：经核实符合临近退休条件",
                $"孙老师 stf-901|直接聘用申诉|{ByAdministrator}|已处理|逾期未处理，视为驳回申诉（无人处理） {Clock.Format(decidedLate)}",
            ],
            withoutRecords);
        Assert.Equal(withoutRecords, withRecords);
        OfficeClients.AssertNoLatinWords([("/api/office/staff-reallocation/" + Id, page)]);

        // Read from the history as the activities would have put them on record, numbered as taken in.
        var client = harness.Host.Client;
        var read = AppealHistory.Read(Id, await client.GetOrchestrationHistoryAsync(Id)).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                $"{AppealRecord.IdOf(Id, Round.DirectAppointment, 0)} stf-904 Upheld {run.Lodged["stf-904"]:O}",
                $"{AppealRecord.IdOf(Id, Round.DirectAppointment, 1)} stf-901 NotDecidedInTime {run.Lodged["stf-901"]:O}",
                $"{AppealRecord.IdOf(Id, Round.SupportTeaching, 0)} stf-903 pending {run.Lodged["stf-903"]:O}",
                $"{AppealRecord.IdOf(Id, null, 0)} stf-902 Rejected {run.Lodged["stf-902"]:O}",
            ],
            read.Select(a => $"{a.Id} {a.StaffId} {a.Outcome?.ToString() ?? "pending"} {a.LodgedAt:O}"));
        Assert.Equal(
            [.. decidedSince.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a with { LodgedAt = null })],
            read.Where(a => a.Outcome is not null).Select(a => a with { LodgedAt = null }));
    }

    // What the run did, by staff id: when each appeal or objection was raised, and when the bureau answered it.
    private sealed record Run(Dictionary<string, DateTimeOffset> Lodged, Dictionary<string, DateTimeOffset> Answered);

    // Runs the reallocation through the objection window and the first round's appeals, then on; with appealLater, to the
    // second round's appeal window, where 周老师 appeals, and stops with that appeal taken in and pending.
    private static async Task<Run> RunAsync(TaskHarness harness, bool appealsOnRecord, bool appealLater)
    {
        var client = harness.Host.Client;
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var run = new Run(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var driver = new ProcessDriver(
            harness,
            task => task.Kind switch
            {
                "reallocation-posts" => new() { ["primary-mathematics"] = "3", ["primary-chinese"] = "1" },
                "reallocation-posts-approval" => new() { ["decision"] = "approve" },
                "reallocation-direct-confirm" => new() { ["decision"] = task.Id.EndsWith("stf-904", StringComparison.Ordinal) ? "decline" : "confirm" },
                "reallocation-support-volunteer" => new() { ["decision"] = "decline" },
                "reallocation-points-objection" => new() { ["decision"] = "reject", ["note"] = "经核对考核表，积分无误" },
                "reallocation-appeal-review" when task.Id == AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-904", 0) => new() { ["decision"] = "uphold", ["note"] = "经核实符合临近退休条件" },
                _ => null,
            },
            task =>
            {
                if (task.Kind is "reallocation-points-objection" or "reallocation-appeal-review")
                {
                    run.Answered[task.Id.Contains("stf-904", StringComparison.Ordinal) ? "stf-904" : "stf-902"] = harness.Time.GetUtcNow();
                }

                return Task.CompletedTask;
            });

        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id, appealsOnRecord: appealsOnRecord));
        await driver.RunUntilAsync(
            async () =>
            {
                string stage = (await store.Reallocations.GetAsync(Id, CancellationToken.None))?.Record.Stage ?? string.Empty;
                if (stage == PointsObjectionWindow.Stage && !run.Lodged.ContainsKey("stf-902"))
                {
                    await RaiseAsync(harness, run, PointsObjectionWindow.ObjectionEvent, new PointsObjection("stf-902", Objection, "stf-902"));
                    return false;
                }

                if (stage == "appeal:" + nameof(Round.DirectAppointment) && !run.Lodged.ContainsKey("stf-904"))
                {
                    await RaiseAsync(harness, run, ReallocationProcess.AppealEvent, new ReallocationAppeal("stf-904", Retiring, "stf-904"));
                    await RaiseAsync(harness, run, ReallocationProcess.AppealEvent, new ReallocationAppeal("stf-901", ByAdministrator, StaffReallocationApi.ByMasterKey));
                    return false;
                }

                if (!appealLater)
                {
                    // The first round's appeals decided: the run has gone on (to its end, nothing else waiting on time).
                    return run.Lodged.ContainsKey("stf-904") && stage != "appeal:" + nameof(Round.DirectAppointment);
                }

                if (stage == "appeal:" + nameof(Round.SupportTeaching))
                {
                    await RaiseAsync(harness, run, ReallocationProcess.AppealEvent, new ReallocationAppeal("stf-903", Later, "stf-903"));
                    return true;
                }

                return false;
            },
            TimeSpan.FromMinutes(2));

        return run;
    }

    // Raises the appeal or objection and waits until the orchestration has taken it in, noting the time it did.
    private static async Task RaiseAsync(TaskHarness harness, Run run, string eventName, object payload)
    {
        string staffId = payload is ReallocationAppeal appeal ? appeal.StaffId : ((PointsObjection)payload).StaffId;
        int before = (await harness.Host.Client.GetOrchestrationHistoryAsync(Id)).OfType<EventRaisedEvent>().Count(e => e.Name == eventName);
        run.Lodged[staffId] = harness.Time.GetUtcNow();
        await harness.Host.Client.RaiseEventAsync(Id, eventName, payload);
        await harness.Host.WaitForHistoryAsync(Id, h => h.OfType<EventRaisedEvent>().Count(e => e.Name == eventName) > before);
    }

    // The office page as the office's route renders it, and its appeals section's rows: cells joined by '|', tags removed.
    private static async Task<(string Html, List<string> Rows)> PageAsync(TaskHarness harness)
    {
        var api = ActivatorUtilities.CreateInstance<ReallocationOfficeApi>(harness.Services, new ConfigurationBuilder().Build());
        var context = new DefaultHttpContext { RequestServices = harness.Services };
        context.Request.QueryString = new QueryString("?code=office-key");
        context.Response.Body = new MemoryStream();
        var page = await api.ShowAsync(context.Request, Id, harness.Host.Client, CancellationToken.None);
        await page.ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        string html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        string text = WebUtility.HtmlDecode(html).Replace("\n", string.Empty, StringComparison.Ordinal);
        int start = text.IndexOf("id=\"appeals\"", StringComparison.Ordinal);
        string section = text[start..text.IndexOf("</section>", start, StringComparison.Ordinal)];
        return (html, [.. AppealRow().Matches(section).Select(row => string.Join('|', Cell().Matches(row.Groups[1].Value).Select(cell => Tag().Replace(cell.Groups[1].Value, string.Empty).Trim())))]);
    }

    // The harness with 东关小学 (sch-101), keeping its hub's name: the appeals' table is read and changed by hand.
    private Task<TaskHarness> StartAsync() =>
        ReallocationHarness.StartAsync(
            azurite,
            ReallocationCounty.School101,
            points: true,
            services: (services, storage, hub) =>
            {
                _hub = hub;
                services.AddStaffReallocationServices(storage, hub);
            });

    [GeneratedRegex("<tr data-appeal[^>]*>(.*?)</tr>")]
    private static partial Regex AppealRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>")]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
