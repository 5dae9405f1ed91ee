using System.Globalization;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>The wording of the process's mails without a form (pure; the activities render and send them).</summary>
public static class ShadowTrainingMails
{
    /// <summary>On confirmation: the trainee's principal releases them for the week; the mentor learns who comes.</summary>
    public static IReadOnlyList<ShadowNotice> Placed(TraineeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var notices = new List<ShadowNotice>();
        if (run.PrincipalId is { } principal && principal != run.TraineeId)
        {
            notices.Add(new ShadowNotice(
                $"{run.InstanceId}.release",
                principal,
                new LocalizedText($"【影子培训】请安排{run.TraineeName}脱产参训（{Week(run)}）", $"[Shadow training] Please release {run.TraineeName} for the week {Week(run)}"),
                [
                    new LocalizedText(
                        $"贵校{run.TraineeName}入选{run.BatchId}批次影子培训，将于{Week(run)}在{run.BaseName}脱产学习一周。请安排好其本周工作，确保按时参训。",
                        $"{run.TraineeName} of your school is in shadow-training batch {run.BatchId} and spends the week {Week(run)} full-time at {run.BaseName}. Please arrange their duties so they can attend."),
                ],
                Details(run)));
        }

        notices.Add(new ShadowNotice(
            $"{run.InstanceId}.mentor",
            run.MentorId,
            new LocalizedText($"【影子培训】{run.TraineeName}将于{Week(run)}到校跟岗", $"[Shadow training] {run.TraineeName} shadows at your school {Week(run)}"),
            [
                new LocalizedText(
                    $"{run.TraineeName}（{run.SchoolName}）将于{Week(run)}在{run.BaseName}跟岗学习，由您担任指导老师。每天上午您会收到考勤登记任务，周五收到学员评价任务。",
                    $"{run.TraineeName} ({run.SchoolName}) shadows at {run.BaseName} {Week(run)} with you as mentor. Each morning you get an attendance task, and on Friday an evaluation task."),
            ],
            Details(run)));
        return notices;
    }

    /// <summary>The bureau agreed to defer: the trainee moves to the next batch.</summary>
    public static ShadowNotice DeferralGranted(TraineeRun run, string? note)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ShadowNotice(
            $"{run.InstanceId}.deferred",
            run.TraineeId,
            new LocalizedText("【影子培训】延期申请已同意", "[Shadow training] Your deferral is granted"),
            [
                new LocalizedText("您的延期申请已同意，您将自动编入下一批次，届时另行通知。", "Your request to defer is granted; you move into the next batch and will hear from us before it starts."),
                .. Note(note),
            ],
            Details(run));
    }

    /// <summary>A deferral is granted: the mentor no longer expects the trainee, and the principal need not release them this week.</summary>
    public static IReadOnlyList<ShadowNotice> DeferralGrantedToOthers(TraineeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var notices = new List<ShadowNotice>
        {
            new(
                $"{run.InstanceId}.deferred.mentor",
                run.MentorId,
                new LocalizedText($"【影子培训】{run.TraineeName}本批次不来跟岗（已延期）", $"[Shadow training] {run.TraineeName} will not come this week (deferred)"),
                [
                    new LocalizedText(
                        $"{run.TraineeName}（{run.SchoolName}）的延期申请已同意，不参加{Week(run)}在{run.BaseName}的跟岗学习，您无需为其登记考勤和评价。",
                        $"{run.TraineeName} ({run.SchoolName}) has been granted a deferral and will not shadow at {run.BaseName} {Week(run)}; there is no attendance or evaluation to record for them."),
                ],
                Details(run)),
        };
        if (run.PrincipalId is { } principal && principal != run.TraineeId)
        {
            notices.Add(new ShadowNotice(
                $"{run.InstanceId}.deferred.principal",
                principal,
                new LocalizedText($"【影子培训】{run.TraineeName}本周无需脱产（已延期）", $"[Shadow training] {run.TraineeName} is not released this week (deferred)"),
                [
                    new LocalizedText(
                        $"{run.TraineeName}的延期申请已同意，{Week(run)}不参加影子培训，将编入后续批次，届时另行通知。",
                        $"{run.TraineeName}'s deferral is granted: they do not attend shadow training {Week(run)} and move to a later batch; you will hear from us before it."),
                ],
                Details(run)));
        }

        return notices;
    }

    /// <summary>The bureau did not agree to defer: the trainee attends as placed.</summary>
    public static ShadowNotice DeferralDeclined(TraineeRun run, string? note)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ShadowNotice(
            $"{run.InstanceId}.deferral-declined",
            run.TraineeId,
            new LocalizedText("【影子培训】延期申请未获同意", "[Shadow training] Your deferral is declined"),
            [new LocalizedText("您的延期申请未获同意，请按原安排参训。", "Your request to defer is declined; please attend as placed."), .. Note(note)],
            Details(run));
    }

    /// <summary>Completed: the certificate link.</summary>
    public static ShadowNotice Completed(TraineeRun run, string certificateNo)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ShadowNotice(
            $"{run.InstanceId}.certificate",
            run.TraineeId,
            new LocalizedText("【影子培训】结业证书", "[Shadow training] Your certificate"),
            [
                new LocalizedText("祝贺您完成本批次影子培训！结业情况已记入您的后备人才档案。点击下方链接可查看并打印结业证书。", "Congratulations on completing the shadow-training week. It is recorded in your reserve-pool file; the link below opens your printable certificate."),
            ],
            [.. Details(run), new NoticeDetail(new LocalizedText("证书编号", "Certificate"), certificateNo)],
            run.BatchId);
    }

    /// <summary>Not completed: what was missing (Chinese, with the rule's English words beside), and a make-up place in a later batch.</summary>
    public static ShadowNotice MakeUpOffered(TraineeRun run, CompletionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(decision);
        var missing = decision.Missing;
        return new ShadowNotice(
            $"{run.InstanceId}.make-up",
            run.TraineeId,
            new LocalizedText("【影子培训】未达结业条件，已为您预留补训名额", "[Shadow training] Not completed: a make-up place is kept for you"),
            [
                new LocalizedText("您本批次影子培训未达到结业条件：" + string.Join("；", decision.MissingZh) + "。您将编入下一批次补训。", "You did not meet the completion rule this week. Missing: " + string.Join("; ", missing) + ". A make-up place in the next batch is kept for you."),
                // The office's records and reports keep the rule's English words; the trainee can match them.
                new LocalizedText(EnglishBeside + string.Join("；", missing), string.Empty),
            ],
            Details(run));
    }

    /// <summary>What leads the English beside a Chinese mail's own words.</summary>
    public const string EnglishBeside = "英文原文 English: ";

    /// <summary>"2026-05-11 – 2026-05-15".</summary>
    public static string Week(TraineeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{Date(run.Schedule.Days[0].Date)} – {Date(run.Schedule.Days[^1].Date)}";
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<LocalizedText> Note(string? note) =>
        string.IsNullOrWhiteSpace(note) ? [] : [new LocalizedText("说明：" + note, "Note: " + note)];

    private static List<NoticeDetail> Details(TraineeRun run) =>
    [
        new(new LocalizedText("批次", "Batch"), run.BatchId),
        new(new LocalizedText("学员", "Trainee"), run.TraineeName),
        new(new LocalizedText("培训基地", "Training base"), run.BaseName),
        new(new LocalizedText("指导老师", "Mentor"), run.MentorName),
        new(new LocalizedText("培训时间", "Week"), Week(run)),
    ];
}
