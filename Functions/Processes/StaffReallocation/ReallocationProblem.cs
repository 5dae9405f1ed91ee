using EduFlows.Hosting;
using EduFlows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The reallocation's refusals: a person (signed in or holding a mail link) reads the Chinese alone, since their page
/// shows the detail as it is; the office (master key) gets the English beside it. Both get a Chinese title.
/// </summary>
internal static class ReallocationProblem
{
    /// <summary>A refusal in Chinese alone, title and detail (for the person whose page shows it, or an answer already written only in Chinese).</summary>
    public static ProblemHttpResult InChinese(int status, string field, string zh) =>
        FieldProblem.Of(status, field, zh, title: FieldProblem.TitleZh(status));

    /// <summary>A refusal for the person (<paramref name="self"/> set: Chinese only) or the office (Chinese, then English).</summary>
    public static ProblemHttpResult For(string? self, int status, string field, string zh, string en) =>
        self is null ? FieldProblem.ForStaff(status, field, zh, en) : InChinese(status, field, zh);

    /// <summary>The 422 for an id no table can key, or null when it can.</summary>
    public static ProblemHttpResult? Unkeyable(string? self, string field, string? id) =>
        TableKey.Refusal(field, id, chineseOnly: self is not null);
}
