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
}
