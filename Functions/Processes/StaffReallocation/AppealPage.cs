namespace EduFlows.Processes.StaffReallocation;

/// <summary>The zh-CN pages of a person's own appeal: the form their result mail's link opens, and the answer to it.</summary>
internal static class AppealPage
{
    /// <summary>The form and its answers.</summary>
    public static readonly ReasonFormPage Page = new(
        "申诉",
        "对本轮聘任结果有异议的，请写明理由（不超过1000字），教育局将在申诉期结束后处理并以邮件告知。",
        "申诉理由",
        "提交申诉",
        "现在不在申诉期内：每轮结果公布后的申诉期内方可提出申诉。",
        "您的申诉已提交。教育局将在申诉期结束后处理，并以邮件告知结果。",
        "申诉未能提交。");

    /// <summary>Why no appeal is taken once a round's window has closed and the bureau decides its appeals.</summary>
    public static string WindowClosed(Round round) =>
        $"{ReallocationNames.RoundTitle(round).Zh}的申诉期已结束，教育局正在处理本轮申诉，不再受理新的申诉。";

    /// <summary>The round whose appeal window the stage is (<c>appeal:{round}</c>), or null.</summary>
    public static Round? OpenRound(string? stage) => RoundAfter(stage, StaffReallocation.AppealStagePrefix);

    /// <summary>The round whose closed window's appeals the bureau decides (<c>appeal-review:{round}</c>), or null.</summary>
    public static Round? ReviewedRound(string? stage) => RoundAfter(stage, StaffReallocation.AppealReviewStagePrefix);

    private static Round? RoundAfter(string? stage, string prefix) =>
        stage is not null && stage.StartsWith(prefix, StringComparison.Ordinal) ? ReallocationNames.RoundOf(stage[prefix.Length..]) : null;
}
