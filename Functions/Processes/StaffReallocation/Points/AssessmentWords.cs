namespace EduFlows.Processes.StaffReallocation;

/// <summary>The assessment results as staff read them (优秀, 合格, 基本合格, 不合格) and as stored (<see cref="AssessmentResults"/>).</summary>
public static class AssessmentWords
{
    private static readonly (string Code, string Zh)[] Words =
    [
        (AssessmentResults.Excellent, "优秀"), (AssessmentResults.Competent, "合格"),
        (AssessmentResults.BasicallyCompetent, "基本合格"), (AssessmentResults.Incompetent, "不合格"),
    ];

    /// <summary>The stored code of a word, Chinese or the code itself (any case); null when it is neither.</summary>
    public static string? CodeOf(string? word)
    {
        string text = word?.Trim() ?? string.Empty;
        foreach (var (code, zh) in Words)
        {
            if (string.Equals(text, zh, StringComparison.Ordinal) || string.Equals(text, code, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>The Chinese word of a stored code ("未录入" for none or an unknown one).</summary>
    public static string Zh(string? code) => Words.FirstOrDefault(w => w.Code == code).Zh ?? "未录入";

    /// <summary>The words, in the order 优秀, 合格, 基本合格, 不合格.</summary>
    public static IReadOnlyList<(string Code, string Zh)> All => Words;
}
