using EduFlows.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The annual instance (<c>department-assessment-YYYY</c>): it reads the year's scheme once, when the year starts
/// (a version stored later applies from the next year), and at each checkpoint of that scheme it starts the
/// month's dispatch, the half-year duty review or the year end as a sub-orchestration; when all are done (a failed
/// one is recorded, not fatal) it computes, ranks and publishes the 1000-point results, applies the two-year window
/// (starting a reassignment decision per case), and continues as new into the next year, so its history stays one
/// year long however many years run.
/// </summary>
public static class DepartmentAssessmentYear
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "DepartmentAssessment";

    /// <summary>The prefix of the annual instance ids.</summary>
    public const string InstancePrefix = "department-assessment-";

    /// <summary>A year to run.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="SkipBefore">Checkpoints before this time are skipped (a first start in the middle of a year); null runs every checkpoint, late ones at once.</param>
    /// <param name="TimeZone">The bureau's time zone id (Asia/Shanghai when null).</param>
    /// <param name="Years">How many years to run before completing; null runs on for ever.</param>
    public sealed record Input(int Year, DateTime? SkipBefore = null, string? TimeZone = null, int? Years = null);

    /// <summary>What a year ended with (the instance's output when <see cref="Input.Years"/> runs out).</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Publication">The publication.</param>
    public sealed record YearDone(int Year, YearPublication Publication);

    /// <summary>The instance id for a first year.</summary>
    public static string InstanceId(int year) => $"{InstancePrefix}{year:D4}";

    /// <summary>The annual instances that are pending, running or suspended (at most one, as starts are refused while one runs).</summary>
    public static async Task<IReadOnlyList<OrchestrationMetadata>> ActiveInstancesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = InstancePrefix,
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
        };
        var active = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            active.Add(instance);
        }

        return active;
    }

    /// <summary>The annual orchestrator; its input is an <see cref="Input"/>.</summary>
    [Function(Name)]
    public static async Task<YearDone> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>()!;
        var scheme = await context.CallActivityAsync<AssessmentScheme>(AssessmentActivities.LoadScheme, input.Year, AssessmentOrchestration.Retried);
        var calendar = WorkingCalendar.For(scheme, input.TimeZone);
        var running = new List<Task>();
        var failed = new List<string>();
        foreach (var checkpoint in calendar.Checkpoints())
        {
            if (input.SkipBefore is { } skip && checkpoint.At < skip)
            {
                continue;
            }

            context.SetStatus(new { input.Year, schemeVersion = scheme.Version, next = checkpoint.Kind, checkpoint.Number, at = checkpoint.At });
            if (checkpoint.At > context.CurrentUtcDateTime)
            {
                var (purpose, purposeEn) = CheckpointPurpose(checkpoint.Kind, checkpoint.Number);
                await context.CreatePublishedTimer(checkpoint.At, purpose, purposeEn, CancellationToken.None);
            }

            // The directory is read at each step: heads and leaders change during a year.
            var roster = await context.CallActivityAsync<AssessmentRoster>(AssessmentActivities.LoadRoster, scheme, AssessmentOrchestration.Retried);
            string childId = checkpoint.Kind switch
            {
                CheckpointKind.MonthlyDispatch => MonthlyDispatch.InstanceId(input.Year, checkpoint.Number),
                CheckpointKind.DutyReview => HalfYearReview.InstanceId(input.Year, checkpoint.Number),
                _ => YearEndAssessment.InstanceId(input.Year),
            };
            Task child = checkpoint.Kind switch
            {
                CheckpointKind.MonthlyDispatch => context.CallSubOrchestratorAsync<MonthlyDispatch.Summary>(
                    MonthlyDispatch.Name, new MonthlyDispatch.Input(input.Year, checkpoint.Number, scheme, roster, input.TimeZone), new SubOrchestrationOptions { InstanceId = childId }),
                CheckpointKind.DutyReview => context.CallSubOrchestratorAsync<int>(
                    HalfYearReview.Name, new HalfYearReview.Input(input.Year, checkpoint.Number, scheme, roster, input.TimeZone), new SubOrchestrationOptions { InstanceId = childId }),
                _ => context.CallSubOrchestratorAsync<int>(
                    YearEndAssessment.Name, new YearEndAssessment.Input(input.Year, scheme, roster, input.TimeZone), new SubOrchestrationOptions { InstanceId = childId }),
            };
            running.Add(CheckpointAsync(child, childId, failed));
        }

        // Every deduction of the year must be in before the total is computed.
        context.SetStatus(new { input.Year, schemeVersion = scheme.Version, next = "results" });
        await Task.WhenAll(running);
        if (failed.Count > 0)
        {
            context.SetStatus(new { input.Year, schemeVersion = scheme.Version, next = "results", failedCheckpoints = failed });
        }

        var publication = await context.CallActivityAsync<YearPublication>(AssessmentActivities.PublishYear, new AssessmentActivities.PublishInput(input.Year, scheme.Version, [.. failed.Order(StringComparer.Ordinal)]), AssessmentOrchestration.Retried);
        await AssessmentOrchestration.SendMailsAsync(context, publication.MailIds);
        foreach (var found in publication.Cases)
        {
            await context.CallActivityAsync<string>(AssessmentActivities.StartReassignment, found, AssessmentOrchestration.Retried);
        }

        context.SetStatus(new { input.Year, schemeVersion = scheme.Version, published = true, reassignments = publication.Cases.Count, failedCheckpoints = publication.FailedCheckpoints });
        if (input.Years is not { } years || years > 1)
        {
            context.ContinueAsNew(new Input(input.Year + 1, null, input.TimeZone, input.Years - 1));
        }

        return new YearDone(input.Year, publication);
    }

    // What the year waits for next, as the instance publishes it with its timer.
    private static (string Zh, string En) CheckpointPurpose(CheckpointKind kind, int number) => kind switch
    {
        CheckpointKind.MonthlyDispatch => ($"第{number}月每月一调度", $"Monthly dispatch of month {number}"),
        CheckpointKind.DutyReview => (number == 1 ? "上半年述职评议" : "下半年述职评议", number == 1 ? "First half-year duty review" : "Second half-year duty review"),
        _ => ("年终总考核", "Year-end assessment"),
    };

    // A failed checkpoint (its retries spent, or terminated by an administrator) must not cost the year: the year is
    // published from what is stored, and the failure is named in the results.
    private static async Task CheckpointAsync(Task child, string childId, List<string> failed)
    {
        try
        {
            await child;
        }
        catch (TaskFailedException)
        {
            failed.Add(childId);
        }
    }
}
