using EduFlows.Notifications;

namespace EduFlows.StaffPortal;

/// <summary>One result, record or certificate listed on /api/me.</summary>
/// <param name="Kind">What it is, e.g. "教研员半年考核结果".</param>
/// <param name="Title">Which one, e.g. "2026年上半年 初中".</param>
/// <param name="Summary">The outcome in a line, e.g. "总分 86，第 1 名".</param>
/// <param name="Path">Where it is shown, under the route prefix (e.g. <c>researcher-reviews/…/results/mine</c>); null when it has no page.</param>
public sealed record OwnResult(string Kind, string Title, string Summary, string? Path)
{
    /// <summary>The same words in English, shown on /api/me?lang=en; null: the Chinese is shown in either language.</summary>
    public OwnResultText? English { get; init; }

    /// <summary>This result in the words of <paramref name="culture"/> (<see cref="Languages"/>): its English when English is asked for and it has one.</summary>
    public OwnResult In(string culture) =>
        English is { } en && Languages.IsEnglish(culture) ? this with { Kind = en.Kind, Title = en.Title, Summary = en.Summary, English = null } : this;
}
