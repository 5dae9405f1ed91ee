namespace EduFlows.Processes.StaffReallocation;

/// <summary>The zh-CN pages of a person's own points objection: the form their points mail's link opens, and the answer to it.</summary>
internal static class ObjectionPage
{
    /// <summary>The form and its answers.</summary>
    public static readonly ReasonFormPage Page = new(
        "积分异议",
        "对本人积分明细有异议的，请写明哪一项有误及理由（不超过1000字），教育局将在异议期结束后核实处理并以邮件告知。",
        "异议理由",
        "提交异议",
        "现在不在积分异议期内：积分公布后的异议期内方可提出。",
        "您的积分异议已提交。教育局将在异议期结束后核实处理，并以邮件告知结果。",
        "异议未能提交。");
}
