using System.Globalization;
using EduFlows.Hosting;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Checks a ranked list of post ids before it is stored: each problem names the field at fault ("choices" or "choices[i]").</summary>
public static class RankedListValidation
{
    /// <summary>Longest list accepted (20 choices).</summary>
    public const int MaxChoices = 20;

    /// <summary>The field errors of a list; empty when it may be stored.</summary>
    /// <param name="who">The person submitting: a post of another subject is not open to them.</param>
    /// <param name="choices">Post ids, most wanted first.</param>
    /// <param name="posts">Published posts by id.</param>
    public static IReadOnlyList<FieldError> Validate(Participant who, IReadOnlyList<string> choices, IReadOnlyDictionary<string, SchoolPost> posts)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(posts);
        var errors = new List<FieldError>();
        if (choices.Count > MaxChoices)
        {
            errors.Add(new("choices", Invariant($"at most {MaxChoices} choices; {choices.Count} given")) { ReasonZh = Invariant($"志愿最多填 {MaxChoices} 个（现为 {choices.Count} 个）。") });
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < choices.Count; i++)
        {
            string field = Invariant($"choices[{i}]");
            string id = choices[i];
            if (!posts.TryGetValue(id, out var post))
            {
                errors.Add(new(field, Invariant($"unknown post '{id}'")) { ReasonZh = $"没有岗位“{id}”。" });
            }
            else if (!post.Open)
            {
                errors.Add(new(field, Invariant($"post '{id}' is closed")) { ReasonZh = $"岗位“{id}”已满或已关闭。" });
            }
            else if (!string.Equals(post.Subject, who.Subject, StringComparison.Ordinal))
            {
                errors.Add(new(field, Invariant($"post '{id}' is for {post.Subject}, not {who.Subject}")) { ReasonZh = $"岗位“{id}”是{StaffDirectory.DirectoryVocabulary.SubjectName(post.Subject)}岗位，不是您任教的{StaffDirectory.DirectoryVocabulary.SubjectName(who.Subject)}。" });
            }

            if (!seen.TryAdd(id, i))
            {
                errors.Add(new(field, Invariant($"duplicate of choices[{seen[id]}]")) { ReasonZh = Invariant($"与第 {seen[id] + 1} 个志愿重复。") });
            }
        }

        return errors;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
