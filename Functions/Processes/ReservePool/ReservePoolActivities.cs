using System.Globalization;

namespace EduFlows.Processes.ReservePool;

/// <summary>The yearly review's activities; each is safe to run twice (a member already decided is left alone).</summary>
public sealed class ReservePoolActivities(ReservePoolDesk desk, ReservePoolStore store, ReservePoolOptions options)
{
    /// <summary>Activity names.</summary>
    public const string Plan = "ReservePoolReviewPlan", Decide = "ReservePoolReviewDecide", TaskDays = "ReservePoolReviewTaskDays";

    /// <summary>A decision to record.</summary>
    /// <param name="Run">The member's review.</param>
    /// <param name="Readiness">The readiness (null: unchanged, or an exit).</param>
    /// <param name="Exit">The exit rule, if they leave.</param>
    /// <param name="Note">Words for the file.</param>
    /// <param name="DecidedBy">Who decided (staff id, or "rule").</param>
    public sealed record DecideInput(MemberReviewRun Run, string? Readiness, PoolExitReason? Exit, string Note, string DecidedBy);

    /// <summary>Applies the automatic exit rules to every active member and lists the rest for review, each with their file in a few lines.</summary>
    [Function(Plan)]
    public async Task<ReviewPlan> PlanAsync([ActivityTrigger] ReviewRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var today = desk.Today;
        var exited = new List<KeyValuePair<string, PoolExitReason>>();
        var review = new List<MemberReviewRun>();
        foreach (var member in (await store.ActiveAsync(cancellationToken).ConfigureAwait(false)).OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            var person = await desk.PersonAsync(member.StaffId, cancellationToken).ConfigureAwait(false);
            if (ExitRule.Decide(member, person, today, options) is { } exit)
            {
                await desk.DecideAsync(member.Id, run.Year, null, exit, string.Empty, cancellationToken).ConfigureAwait(false);
                exited.Add(new(member.Id, exit.Reason));
                continue;
            }

            var file = await desk.FileOfAsync(member.StaffId, cancellationToken).ConfigureAwait(false);
            var entries = file?.Entries ?? [];
            decimal hours = file?.TrainingHours ?? 0;
            int? age = person?.Age(today) ?? member.AgeOn(today);
            review.Add(new MemberReviewRun(run.Year, member.Id, member.StaffId, member.Name, run.OfficerId,
            [
                new("后备类别 Pool", member.Pool == ReservePoolDesk.Principals ? "后备校长" : "后备教研员"),
                new("年龄 Age", age?.ToString(CultureInfo.InvariantCulture) ?? "—"),
                new("入库 Entered", $"{member.EnteredOn:yyyy-MM-dd}（{member.SourceZh}）"),
                new("现评定 Readiness", PoolReadiness.Zh(member.Readiness)),
                new("影子培训 Shadow training", entries.Count(e => e.Kind == PoolEntryKinds.ShadowTraining) is int s and > 0 ? $"{s}次（证书{string.Join("、", entries.Where(e => e.CertificateNo is not null).Select(e => e.CertificateNo))}）" : "无"),
                new("挂职锻炼 Secondments", (file?.SecondmentCount ?? 0).ToString(CultureInfo.InvariantCulture)),
                new("培训学时 Training hours", hours.ToString("0.#", CultureInfo.InvariantCulture)),
                new("考核结果 Assessments", string.Join("；", file?.AssessmentLines ?? []) is { Length: > 0 } a ? a : "无"),
            ]));
        }

        return new ReviewPlan(exited, review);
    }

    /// <summary>Records a member's decision.</summary>
    [Function(Decide)]
    public async Task<bool> DecideAsync([ActivityTrigger] DecideInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var exit = input.Exit switch
        {
            PoolExitReason.Declined => new PoolExit(PoolExitReason.Declined, desk.Today, "本人放弃，按本人意愿出库。", input.DecidedBy),
            PoolExitReason.Removed => new PoolExit(PoolExitReason.Removed, desk.Today, "年度考察不合格，出库。", input.DecidedBy),
            _ => null,
        };
        return await desk.DecideAsync(input.Run.MemberId, input.Run.Year, input.Readiness, exit, input.Note, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Days each review task runs (from the options, read through an activity so the orchestration replays the same).</summary>
    [Function(TaskDays)]
    public int TaskDaysOf([ActivityTrigger] int year) => options.ReviewTaskDays;
}
