using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EduFlows.Calendar;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.ShadowTraining;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TrainingProcess = EduFlows.Processes.ShadowTraining.ShadowTraining;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// Issue 21 for the orchestrators changed on 2026-12-05 without a version: the shared calendar (877ad10) and the mails
/// of a batch by one SendMails activity (d3124f2, 3384b90). No instance had a version before host.json's defaultVersion
/// "2.0" (92f095a, 23:59 that day), so those started on the old code and those started on the changed code share the
/// version "" and no branch can tell them apart. An instance from before a change therefore fails on replay with the
/// named non-determinism error (its version and the first differing step), never silently; new instances take the
/// changed path. The old code is stood in for by its opening lines up to its next wait, registered under the real name,
/// and the "deploy" swaps in the real orchestrator on the same hub (fake clock, Azurite).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class UnversionedChangeReplayTests(AzuriteFixture azurite)
{
    private static readonly string NonDeterminism = typeof(NonDeterministicOrchestrationException).FullName!;

    [Fact]
    public async Task AReportLoopStartedBeforeTheSharedCalendar_FailsOnReplayNamingNoVersionAndStep1_ANewOneLoadsTheCalendar()
    {
        var deployed = new Deployment();
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry
                .AddDurableFunctions(AllBut(MonthlyDispatch.ReportName))
                .AddOrchestratorFunc<MonthlyDispatch.ReportInput, MonthlyReport>(MonthlyDispatch.ReportName, (context, input) => deployed.Now ? MonthlyDispatch.ReportAsync(context) : ReportBeforeSharedCalendarAsync(context, input)),
            kinds => kinds.AddDepartmentAssessmentKinds(),
            (services, storage, hub) => services.AddDepartmentAssessmentServices(storage, hub));
        await harness.Services.GetRequiredService<CalendarStore>().SaveAsync(CalendarSeed.Schedules.Single(s => s.Year == 2026), CancellationToken.None);
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [Head("hd-03", "科长"), Head("hd-04", "副科长")], CancellationToken.None);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero));
        var scheme = AssessmentScheme.DefaultFor(2026);

        // Started on the old code, as every instance then: no version.
        string old = "monthly-dispatch-2026-10-dep-03";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(MonthlyDispatch.ReportName, new MonthlyDispatch.ReportInput(2026, 10, scheme, new AssessedDepartment("dep-03", "基础教育科", "hd-03"), null, null), new StartOrchestrationOptions(old));
        var oldReport = await harness.WaitForTaskAsync("dept-report-2026-10-dep-03");
        // Weekdays only: 2, 5, 6, 7, 8 October (the National Day holiday counted as working days), 18:00 Beijing.
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.Zero), oldReport.DueAt);

        // The deploy; the head hands the report in, and the loop replays on the changed code.
        deployed.Now = true;
        await harness.Desk.SubmitAsync(harness.Host.Client, oldReport.Id, "hd-03", new Dictionary<string, string?> { ["progress"] = "按计划推进。", ["risks"] = "无。" }, CancellationToken.None);
        var failed = await harness.Host.RunToCompletionAsync(old, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(NonDeterminism, failed.FailureDetails!.ErrorType);
        string message = failed.FailureDetails.ErrorMessage;
        Assert.Contains($"编排 {MonthlyDispatch.ReportName} 版本 （无版本） 的代码已改变，第 1 步（序号 0，历史中为 activity '{StaffTaskActivities.Open}'）与历史不同", message, StringComparison.Ordinal);
        Assert.Contains(CalendarActivities.LoadWorkingDays, message, StringComparison.Ordinal);

        // A loop started after the deploy (host.json's 3.0) counts on the shared calendar: 8, 9, 10 (调休), 12, 13 October.
        string fresh = "monthly-dispatch-2026-10-dep-04";
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(MonthlyDispatch.ReportName, new MonthlyDispatch.ReportInput(2026, 10, scheme, new AssessedDepartment("dep-04", "职业教育科", "hd-04"), null, null), new StartOrchestrationOptions(fresh) { Version = "3.0" });
        var freshReport = await harness.WaitForTaskAsync("dept-report-2026-10-dep-04");
        Assert.Equal(new DateTimeOffset(2026, 10, 13, 10, 0, 0, TimeSpan.Zero), freshReport.DueAt);
        var freshHistory = await harness.Host.Client.GetOrchestrationHistoryAsync(fresh);
        Assert.Equal([CalendarActivities.LoadWorkingDays, StaffTaskActivities.Open], freshHistory.OfType<TaskScheduledEvent>().Select(e => e.Name).Take(2));
    }

    [Fact]
    public async Task ATraineeWeekStartedBeforeTheMailBatch_FailsOnReplayNamingNoVersionAndStep2_ANewOneSendsOneBatch()
    {
        var deployed = new Deployment();
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry
                .AddDurableFunctions(AllBut(TrainingProcess.TraineeName))
                .AddOrchestratorFunc<TraineeRun, TraineeOutcome>(TrainingProcess.TraineeName, (context, run) => deployed.Now ? TrainingProcess.RunTraineeAsync(context) : TraineeBeforeMailBatchAsync(context, run)),
            kinds => kinds.AddShadowTraining(),
            (services, storage, hub) => services.AddShadowTrainingServices(storage, hub));
        await ShadowTrainingHarness.SeedCountyAsync(harness.Services.GetRequiredService<DirectoryStore>());

        // Started on the old code: placement notices to trainee, principal and mentor, one SendMail activity each.
        var old = Run("stf-1", "王芳", "东关小学", "stf-2");
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(TrainingProcess.TraineeName, old, new StartOrchestrationOptions(old.InstanceId));
        var oldHistory = await harness.Host.WaitForHistoryAsync(old.InstanceId, h => h.OfType<TaskCompletedEvent>().Count() == 1 + ShadowTrainingMails.Placed(old).Count);
        Assert.Equal(ShadowTrainingMails.Placed(old).Count, oldHistory.OfType<TaskScheduledEvent>().Count(e => e.Name == StaffTaskActivities.SendMail));

        // The deploy; the trainee answers, and the week replays on the changed code.
        deployed.Now = true;
        await harness.Host.Client.RaiseEventAsync(old.InstanceId, OldConfirmation, "confirm");
        var failed = await harness.Host.RunToCompletionAsync(old.InstanceId, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(NonDeterminism, failed.FailureDetails!.ErrorType);
        string message = failed.FailureDetails.ErrorMessage;
        Assert.Contains($"编排 {TrainingProcess.TraineeName} 版本 （无版本） 的代码已改变，第 2 步（序号 1，历史中为 activity '{StaffTaskActivities.SendMail}'）与历史不同", message, StringComparison.Ordinal);
        Assert.Contains($"'{StaffTaskActivities.SendMails}'", message, StringComparison.Ordinal);

        // A week started after the deploy (host.json's 3.0) sends its notices by one SendMails activity.
        var fresh = Run("stf-5", "陈静", "弥河初级中学", "stf-20");
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(TrainingProcess.TraineeName, fresh, new StartOrchestrationOptions(fresh.InstanceId) { Version = "3.0" });
        var freshHistory = await harness.Host.WaitForHistoryAsync(fresh.InstanceId, h => h.OfType<TaskScheduledEvent>().Any(e => e.Name == StaffTaskActivities.Open));
        Assert.Equal(
            [ShadowTrainingActivities.WriteNotices, StaffTaskActivities.SendMails, StaffTaskActivities.Open],
            freshHistory.OfType<TaskScheduledEvent>().Select(e => e.Name).Take(3));
    }

    // The real orchestrator once the deploy is done; the stand-in for the old code before. Read by the worker's threads.
    private sealed class Deployment
    {
        private volatile bool _now;

        public bool Now
        {
            get => _now;
            set => _now = value;
        }
    }

    private const string OldConfirmation = "old-code-confirmation";

    // The report loop as it was before 877ad10: the scheme's weekdays only, no calendar activity, then the first report task.
    private static async Task<MonthlyReport> ReportBeforeSharedCalendarAsync(TaskOrchestrationContext context, MonthlyDispatch.ReportInput input)
    {
        var calendar = WorkingCalendar.For(input.Scheme, input.TimeZone);
        string key = $"{input.Year:D4}-{input.Month:D2}-{input.Department.Id}";
        await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.MonthlyReport.Name, input.Department.HeadId!, $"{input.Year}年{input.Month}月工作调度 · {input.Department.Name}", calendar.DueAfter(context.CurrentUtcDateTime, input.Scheme.ReportWorkingDays))
        {
            TaskId = $"dept-report-{key}",
            RemindBefore = [TimeSpan.FromDays(1)],
            OwnerId = input.ReviewerId,
        });
        throw new InvalidOperationException("The stand-in for the old code ends at its first report; the deploy replaces it before the report is in.");
    }

    // The week as it opened before 3384b90: the notices written, then one SendMail activity per notice; the wait stands for
    // the confirmation task the old code went on to.
    private static async Task<TraineeOutcome> TraineeBeforeMailBatchAsync(TaskOrchestrationContext context, TraineeRun run)
    {
        var ids = await context.CallActivityAsync<IReadOnlyList<string>>(ShadowTrainingActivities.WriteNotices, ShadowTrainingMails.Placed(run), TrainingProcess.Retried);
        foreach (string id in ids)
        {
            await context.CallActivityAsync<MailDelivery>(StaffTaskActivities.SendMail, id, TaskOptions.FromRetryPolicy(StaffTaskOrchestration.MailRetry));
        }

        await context.WaitForExternalEvent<string>(OldConfirmation);
        throw new InvalidOperationException("The stand-in for the old code ends at the confirmation; the deploy replaces it before that.");
    }

    // Every function of the app but the one a test stands in for.
    private static FunctionCatalog AllBut(string name) => FunctionCatalog.Of([.. AppFunctions.Catalog.Functions.Where(f => f.Name != name)]);

    private static StaffMember Head(string id, string name) =>
        TaskHarness.Staff(id, name, $"{id}@qz.example.cn") with { SchoolId = null, DepartmentId = "dep-" + id[3..], Post = "bureau-cadre" };

    private static TraineeRun Run(string traineeId, string traineeName, string schoolName, string principalId)
    {
        var options = ShadowTrainingOptions.Default;
        var schedule = WeekSchedule.For(new DateOnly(2026, 9, 14), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), options);
        return new TraineeRun("2026-09", traineeId, traineeName, schoolName, principalId, "base-1", "旗城学校", "stf-10", "刘校长", "stf-3", schedule, options, "赵主任");
    }
}
