namespace EduFlows.Notifications;

/// <summary>The two languages of mail and pages: Chinese (the default) and English. Every culture is mapped to one of them once, where it enters.</summary>
public static class Languages
{
    /// <summary>简体中文.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>"en", "en-US", "EN-gb"... are English; anything else is Chinese; null gives <paramref name="fallback"/>.</summary>
    public static string Normalize(string? culture, string fallback = Chinese) =>
        culture is null ? fallback : IsEnglish(culture) ? English : Chinese;

    /// <summary>Whether a culture name is English.</summary>
    public static bool IsEnglish(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
