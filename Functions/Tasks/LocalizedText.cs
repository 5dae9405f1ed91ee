namespace EduFlows.Tasks;

/// <summary>A text in Chinese (the default) and English.</summary>
/// <param name="Zh">简体中文.</param>
/// <param name="En">English.</param>
public sealed record LocalizedText(string Zh, string En)
{
    /// <summary>The text for a culture: English for "en", Chinese otherwise.</summary>
    public string For(string culture) => Notifications.Languages.IsEnglish(culture) ? En : Zh;
}
