using System.Text.Json;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Durable;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Processes.DeputyRenewal;
using EduFlows.Tests.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// Issue 18: the staff reallocation and the deputy renewal publish every durable timer they wait on, so the office home
/// shows when each wakes next, and what for in the bureau's words, without reading their histories.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class OfficeHomeProcessTimersTests(AzuriteFixture azurite)
{
    private const string ReallocationId = "staff-reallocation-2026";

    [Fact]
    public async Task Home_RenewalWaitingOnItsProposalThenOnItsNoticeThenAnObjectionsReview_ReadsNoHistory_ShowsEachTimerAndWhatItIsFor()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var run = new RenewalRun("2026", "sch-qc", "stf-3", "Asia/Shanghai", DeputyRenewalOptions.Default);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(RenewalProcess.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = RenewalProcess.CurrentVersion });

        // The principal's proposal: the round waits for its reminder, two days before the task is due.
        var proposal = await harness.WaitForTaskAsync("deputy-renewal-proposal-2026-sch-qc");
        await WaitForTimersAsync(harness, run.InstanceId, 1);
        var clock = harness.Services.GetRequiredService<BureauClock>();
        var (reads, timer) = await NextTimerAsync(harness, run.InstanceId, At(clock.Format(proposal.DueAt.AddDays(-2))));
        Assert.Equal(0, reads);
        Assert.Equal(clock.Format(proposal.DueAt.AddDays(-2)), timer.GetProperty("at").GetString());
        Assert.Equal("催办提醒：2026年副职续聘提拔 · 旗城学校（刘校长）", timer.GetProperty("waitsFor").GetString());

        await harness.Desk.SubmitAsync(harness.Host.Client, proposal.Id, "stf-10", new Dictionary<string, string?>
        {
            ["choice1"] = "renew", ["reason1"] = "分管教学成绩突出。",
            ["choice2"] = "renew", ["reason2"] = "分管德育成效显著。",
            ["choice3"] = "promote", ["reason3"] = "后备干部，德育工作成效显著。",
            ["choice4"] = "none", ["reason4"] = "尚需历练。",
        }, CancellationToken.None);
        foreach (var review in await harness.WaitForOpenTasksAsync(3, t => t.Kind == DeputyRenewalTasks.Review.Name))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, review.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve" }, CancellationToken.None);
        }

        // On notice until 10-10 18:00 Beijing time (three working days after the holidays): the round waits for its end.
        var noticeEnds = new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc);
        _ = await harness.Host.WaitForHistoryAsync(run.InstanceId, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == noticeEnds));
        (reads, timer) = await NextTimerAsync(harness, run.InstanceId, At(clock.Format(new DateTimeOffset(noticeEnds))));

        Assert.Equal(0, reads);
        Assert.Equal(clock.Format(new DateTimeOffset(noticeEnds)), timer.GetProperty("at").GetString());
        Assert.Equal("公示期满：2026年副职续聘提拔 · 旗城学校", timer.GetProperty("waitsFor").GetString());

        // An objection: its review, a sub-orchestration of its own, waits for the bureau's reminder a day before its task
        // is due, while the round still waits for the notice's end.
        await harness.Host.Client.RaiseEventAsync(run.InstanceId, RenewalProcess.ObjectionEvent, new RenewalObjection("stf-42", "张老师 13800000000", "其在职称评审中材料造假。"));
        var objectionReview = await harness.WaitForTaskAsync("deputy-renewal-objection-2026-sch-qc-objection-1");
        string reviewInstance = RenewalProcess.ObjectionInstanceIdOf(run, 1);
        (reads, timer) = await NextTimerAsync(harness, reviewInstance, At(clock.Format(objectionReview.DueAt.AddDays(-1))));
        var (_, round) = await NextTimerAsync(harness, run.InstanceId, At(clock.Format(new DateTimeOffset(noticeEnds))));

        Assert.Equal(0, reads);
        Assert.Equal((reviewInstance, "stf-3"), (objectionReview.InstanceId, objectionReview.AssigneeId));
        Assert.Equal(clock.Format(objectionReview.DueAt.AddDays(-1)), timer.GetProperty("at").GetString());
        Assert.Equal("催办提醒：2026年副职续聘提拔 · 旗城学校（赵主任）", timer.GetProperty("waitsFor").GetString());
        Assert.Equal("公示期满：2026年副职续聘提拔 · 旗城学校", round.GetProperty("waitsFor").GetString());
    }

    [Fact]
    public async Task Home_InstanceWaitingOnThreePublishedTimers_ShowsTheEarliest_AndOnceItFiresTheNext()
    {
        // Created latest-but-one, earliest, latest: neither the first nor the last created is the one it wakes for next.
        const string Name = "OfficeHomeThreeTimers";
        await using var harness = await TaskHarness.StartAsync(azurite, registry => registry.AddOrchestratorFunc(Name, async context =>
        {
            context.SetStatus(new { stage = "running" });
            var start = context.CurrentUtcDateTime;
            await Task.WhenAll(
                context.CreatePublishedTimer(start.AddDays(2), "第二天的检查", "The second day's check", CancellationToken.None),
                context.CreatePublishedTimer(start.AddDays(1), "第一天的检查", "The first day's check", CancellationToken.None),
                context.CreatePublishedTimer(start.AddDays(3), "第三天的检查", "The third day's check", CancellationToken.None));
        }));
        var started = harness.Time.GetUtcNow();
        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(Name);
        var clock = harness.Services.GetRequiredService<BureauClock>();

        var (reads, first) = await NextTimerAsync(harness, id, At(clock.Format(started.AddDays(1))));
        harness.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var (_, second) = await NextTimerAsync(harness, id, At(clock.Format(started.AddDays(2))));

        Assert.Equal(0, reads);
        Assert.Equal((clock.Format(started.AddDays(1)), "第一天的检查"), (first.GetProperty("at").GetString(), first.GetProperty("waitsFor").GetString()));
        Assert.Equal((clock.Format(started.AddDays(2)), "第二天的检查"), (second.GetProperty("at").GetString(), second.GetProperty("waitsFor").GetString()));
    }

    [Fact]
    public async Task Home_ReallocationInItsObjectionWindowThenInARoundsAppealWindow_ReadsNoHistory_ShowsEachCloseAndWhatItIsFor()
    {
        await using var harness = await StartReallocationHarnessAsync();
        var store = harness.Services.GetRequiredService<StaffReallocationStore>();
        var driver = Driver(harness, answersPosts: false);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            ReallocationProcess.Name,
            new ReallocationStart(ReallocationId, "stf-3", new DateOnly(2026, 9, 1), [], StaffReallocationOptions.Default, AppealsOnRecord: true, ObjectionsKept: true),
            new StartOrchestrationOptions(ReallocationId) { Version = ReallocationProcess.AppealReviewVersion });

        // Points published: the reallocation waits for its objection window to close, three days on.
        await driver.RunUntilAsync(async () => await StageAsync(store) == PointsObjectionWindow.Stage, TimeSpan.FromMinutes(1));
        var (reads, timer) = await NextTimerAsync(harness, ReallocationId);
        var clock = harness.Services.GetRequiredService<BureauClock>();
        Assert.Equal(0, reads);
        Assert.Equal(clock.Format(await PendingTimerAsync(harness)), timer.GetProperty("at").GetString());
        Assert.Equal(clock.Format(harness.Time.GetUtcNow() + StaffReallocationOptions.Default.ObjectionWindow), timer.GetProperty("at").GetString());
        Assert.Equal("积分异议期截止：2026年县管校聘", timer.GetProperty("waitsFor").GetString());

        // The posts window: the reallocation waits on its batch, and the batch for the principal's reminder, a day before the task is due.
        await driver.RunUntilAsync(async () => (await harness.Tasks.AllOpenAsync(CancellationToken.None)).Any(t => t.Kind == StaffReallocationTasks.PublishPosts.Name), TimeSpan.FromMinutes(1));
        var posts = Assert.Single(await harness.Tasks.AllOpenAsync(CancellationToken.None));
        string batch = $"{ReallocationId}:posts-1:0";
        (reads, timer) = await NextTimerAsync(harness, batch);
        var (_, main) = await NextTimerAsync(harness, ReallocationId, t => t.ValueKind == JsonValueKind.Null);

        Assert.Equal(0, reads);
        Assert.Equal((batch, StaffReallocationTasks.PublishPosts.Name), (posts.InstanceId, posts.Kind));
        Assert.Equal(clock.Format(posts.DueAt.AddDays(-1)), timer.GetProperty("at").GetString());
        Assert.Equal("催办提醒：2026年县管校聘 · 东关小学 · 岗位发布（陈校长）", timer.GetProperty("waitsFor").GetString());
        Assert.Equal(JsonValueKind.Null, main.ValueKind);

        // The first round's results out: the reallocation waits for its appeal window to close.
        driver = Driver(harness, answersPosts: true);
        await driver.RunUntilAsync(async () => await StageAsync(store) == ReallocationProcess.AppealStage(Round.DirectAppointment), TimeSpan.FromMinutes(2));
        (reads, timer) = await NextTimerAsync(harness, ReallocationId);

        Assert.Equal(0, reads);
        Assert.Equal(clock.Format(await PendingTimerAsync(harness)), timer.GetProperty("at").GetString());
        Assert.Equal("直接聘用申诉期截止：2026年县管校聘", timer.GetProperty("waitsFor").GetString());
    }

    // Answers the principal's posts (when asked to), the bureau's approval and the direct appointments; no appeal is made.
    private static ProcessDriver Driver(TaskHarness harness, bool answersPosts) => new(
        harness,
        task => task.Kind switch
        {
            "reallocation-posts" when answersPosts => new() { ["primary-mathematics"] = "3", ["primary-chinese"] = "1" },
            "reallocation-posts-approval" => new() { ["decision"] = "approve" },
            "reallocation-direct-confirm" => new() { ["decision"] = "confirm" },
            _ => null,
        });

    private static async Task<string?> StageAsync(StaffReallocationStore store) =>
        (await store.Reallocations.GetAsync(ReallocationId, CancellationToken.None))?.Record.Stage;

    // The timer the reallocation created last, and waits on, as its history has it (read through the plain client,
    // counted nowhere); the history does not tell a cancelled timer (a task's reminder, answered before) from a pending one.
    private static async Task<DateTimeOffset> PendingTimerAsync(TaskHarness harness)
    {
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(ReallocationId);
        var last = history.OfType<TimerCreatedEvent>().MaxBy(t => t.EventId)!;
        Assert.DoesNotContain(history.OfType<TimerFiredEvent>(), t => t.TimerId == last.EventId);
        return new DateTimeOffset(DateTime.SpecifyKind(last.FireAt, DateTimeKind.Utc));
    }

    private static async Task WaitForTimersAsync(TaskHarness harness, string instanceId, int count) =>
        _ = await harness.Host.WaitForHistoryAsync(instanceId, h => h.OfType<TimerCreatedEvent>().Count() >= count);

    // The office home as a script asks for it (JSON), through a client counting the histories it reads: how many it read
    // (for every instance listed), and the next timer it shows for the instance.
    // A published timer at the given time (as the page writes it).
    private static Func<JsonElement, bool> At(string at) =>
        timer => timer.ValueKind == JsonValueKind.Object && timer.TryGetProperty("at", out var shown) && shown.GetString() == at;

    // The home read until it shows the timer looked for (a published one by default): its instance list trails the
    // instance's state, so a read just after the step may still show the step before. The last read is returned either way.
    private static async Task<(int HistoryReads, JsonElement NextTimer)> NextTimerAsync(TaskHarness harness, string instanceId, Func<JsonElement, bool>? shows = null)
    {
        shows ??= timer => timer.ValueKind == JsonValueKind.Object && timer.TryGetProperty("at", out _);
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var read = await ReadNextTimerAsync(harness, instanceId);
            if (shows(read.NextTimer) || DateTime.UtcNow > giveUp)
            {
                return read;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(int HistoryReads, JsonElement NextTimer)> ReadNextTimerAsync(TaskHarness harness, string instanceId)
    {
        var counting = new OfficeHomeHistoryReadsTests.CountingHistories(harness.Host.Client, writtenBefore: []);
        var configuration = new ConfigurationBuilder().Build();
        var api = new OfficeHomeApi(configuration, harness.Tasks, harness.Services.GetRequiredService<BureauClock>(), harness.Time);
        var context = new DefaultHttpContext { RequestServices = harness.Services };
        context.Request.Path = "/api/office";
        context.Request.QueryString = new QueryString("?code=test-key");
        context.Request.Headers.Accept = "application/json";
        using var body = new MemoryStream();
        context.Response.Body = body;

        var result = await api.ShowAsync(context.Request, counting, CancellationToken.None);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        using var json = JsonDocument.Parse(body.ToArray());
        var instance = json.RootElement.GetProperty("processes").EnumerateArray()
            .SelectMany(p => p.GetProperty("instances").EnumerateArray())
            .Single(i => i.GetProperty("instanceId").GetString() == instanceId);
        return (counting.HistoryReads, instance.GetProperty("nextTimer").Clone());
    }

    private async Task<TaskHarness> StartReallocationHarnessAsync()
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddStaffReallocation().AddStaffReallocationPoints(),
            (services, storage, hub) => services.AddStaffReallocationServices(storage, hub));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-101", "东关小学", "primary", "王府街道", false, "stf-921")], CancellationToken.None);
        StaffMember Teacher(string id, string name, string subject, string post = "teacher") =>
            TaskHarness.Staff(id, name, id + "@qz.example.cn") with { SchoolId = "sch-101", Section = "primary", Subject = subject, Post = post, BirthDate = new DateOnly(1985, 3, 1) };
        await directory.Staff.ApplyAsync(
            [
                .. await directory.Staff.AllAsync(CancellationToken.None),
                Teacher("stf-921", "陈校长", "mathematics", "principal"), Teacher("stf-901", "孙老师", "mathematics"), Teacher("stf-902", "钱老师", "mathematics"),
                Teacher("stf-904", "吴老师", "chinese") with { BirthDate = new DateOnly(1967, 6, 1) },
            ],
            CancellationToken.None);
        return harness;
    }
}
