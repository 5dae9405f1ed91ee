namespace EduFlows.Processes.Secondment;

/// <summary>
/// The lines that say who answered a consent and how, for the report, the audit and the mails: people by their name
/// and unit as the directory held them when the assignment started, never by staff id (staff and the office read names).
/// </summary>
public static class SecondmentLines
{
    /// <summary>A consent answer in Chinese: "同意", "不同意", or "逾期未答复" when none came.</summary>
    public static string AnswerZh(string? answer) => answer switch
    {
        "agree" => "同意",
        "decline" => "不同意",
        _ => "逾期未答复",
    };

    /// <summary>"钱科员（组织人事科）不同意：说明" — who, from which school or department, answered what, and their note.</summary>
    /// <param name="name">The person's name.</param>
    /// <param name="unit">Their school or department.</param>
    /// <param name="answer">The answer's value (agree, decline), null when none came.</param>
    /// <param name="note">Their note, if any.</param>
    public static string Answer(string name, string unit, string? answer, string? note) =>
        $"{name}（{unit}）{AnswerZh(answer)}{(string.IsNullOrWhiteSpace(note) ? string.Empty : "：" + note.Trim())}";

    /// <summary>Who took the return-or-extend decision, by name: only the owner can answer that task ("负责人" in plans from before the name was kept).</summary>
    public static string Decider(SecondmentPlan plan) => plan?.OwnerName is { Length: > 0 } name ? name : "负责人";

    /// <summary>The report's line: the role asked ("本人", "派出单位", "接收单位") before the <see cref="Answer"/>.</summary>
    public static string Consent(string role, string name, string unit, string? answer, string? note) => role + Answer(name, unit, answer, note);
}
