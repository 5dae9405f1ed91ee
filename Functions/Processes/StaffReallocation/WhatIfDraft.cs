using System.Globalization;
using EduFlows.Hosting;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>A draft the bureau tries before committing (JSON body of the what-if).</summary>
/// <param name="Posts">The posts.</param>
/// <param name="Participants">The people with points.</param>
/// <param name="PrincipalConfirmations">Staff ids whose direct appointment would be confirmed.</param>
/// <param name="SchoolRankings">Per school, staff ids best first.</param>
/// <param name="RankedLists">Per staff id, post ids most wanted first.</param>
public sealed record WhatIfDraft(
    IReadOnlyList<SchoolPost>? Posts,
    IReadOnlyList<Participant>? Participants,
    IReadOnlyList<string>? PrincipalConfirmations,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? SchoolRankings,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? RankedLists)
{
    /// <summary>Every field the rounds could not run on, named as in the body ("posts[0].count", "rankedLists.stf-1[2]"); empty when the draft may be simulated.</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        if (Posts is not { Count: > 0 })
        {
            errors.Add(new("posts", "at least one post is required.") { ReasonZh = "至少须有一个岗位。" });
        }

        if (Participants is not { Count: > 0 })
        {
            errors.Add(new("participants", "at least one participant is required.") { ReasonZh = "至少须有一名参加人员。" });
        }

        var posts = new Dictionary<string, SchoolPost>(StringComparer.Ordinal);
        for (int i = 0; i < (Posts?.Count ?? 0); i++)
        {
            string at = Invariant($"posts[{i}]");
            if (Posts![i] is not { } post)
            {
                errors.Add(new(at, "must be a post.") { ReasonZh = "须为一个岗位。" });
                continue;
            }

            if (string.IsNullOrWhiteSpace(post.SchoolId) || string.IsNullOrWhiteSpace(post.Section) || string.IsNullOrWhiteSpace(post.Subject))
            {
                errors.Add(new(at, "needs schoolId, section and subject.") { ReasonZh = NeedsUnitZh });
            }
            else if (!string.Equals(post.Id, SchoolPost.IdFor(post.SchoolId, post.Section, post.Subject), StringComparison.Ordinal))
            {
                errors.Add(new(at + ".id", $"must be '{SchoolPost.IdFor(post.SchoolId, post.Section, post.Subject)}'.") { ReasonZh = $"岗位编号应为“{SchoolPost.IdFor(post.SchoolId, post.Section, post.Subject)}”。" });
            }
            else if (!posts.TryAdd(post.Id, post))
            {
                errors.Add(new(at + ".id", $"'{post.Id}' is given twice.") { ReasonZh = $"岗位“{post.Id}”列了两次。" });
            }

            if (post.Count is < 0 or > 10_000)
            {
                errors.Add(new(at + ".count", "must be 0 to 10000.") { ReasonZh = "岗位数须在 0 到 10000 之间。" });
            }
        }

        var people = new Dictionary<string, Participant>(StringComparer.Ordinal);
        var ranks = new HashSet<int>();
        for (int i = 0; i < (Participants?.Count ?? 0); i++)
        {
            string at = Invariant($"participants[{i}]");
            if (Participants![i] is not { } who)
            {
                errors.Add(new(at, "must be a participant.") { ReasonZh = "须为一名参加人员。" });
                continue;
            }

            if (string.IsNullOrWhiteSpace(who.StaffId) || !people.TryAdd(who.StaffId, who))
            {
                errors.Add(string.IsNullOrWhiteSpace(who.StaffId)
                    ? new(at + ".staffId", "is required.") { ReasonZh = "请填写工号。" }
                    : new(at + ".staffId", $"'{who.StaffId}' is given twice.") { ReasonZh = $"工号“{who.StaffId}”列了两次。" });
            }

            if (string.IsNullOrWhiteSpace(who.SchoolId) || string.IsNullOrWhiteSpace(who.Section) || string.IsNullOrWhiteSpace(who.Subject))
            {
                errors.Add(new(at, "needs schoolId, section and subject.") { ReasonZh = NeedsUnitZh });
            }

            if (who.PointsRank < 1 || !ranks.Add(who.PointsRank))
            {
                errors.Add(new(at + ".pointsRank", "must be a unique rank from 1.") { ReasonZh = "积分名次须从 1 起，且不能重复。" });
            }
        }

        for (int i = 0; i < (PrincipalConfirmations?.Count ?? 0); i++)
        {
            if (!people.ContainsKey(PrincipalConfirmations![i] ?? string.Empty))
            {
                errors.Add(new(Invariant($"principalConfirmations[{i}]"), $"'{PrincipalConfirmations[i]}' is not a participant.") { ReasonZh = NotParticipantZh(PrincipalConfirmations[i]) });
            }
        }

        foreach (var (school, ranking) in SchoolRankings ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            for (int j = 0; j < (ranking?.Count ?? 0); j++)
            {
                if (!people.ContainsKey(ranking![j] ?? string.Empty))
                {
                    errors.Add(new(Invariant($"schoolRankings.{school}[{j}]"), $"'{ranking[j]}' is not a participant.") { ReasonZh = NotParticipantZh(ranking[j]) });
                }
            }
        }

        foreach (var (staffId, list) in RankedLists ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!people.TryGetValue(staffId, out var who))
            {
                errors.Add(new("rankedLists." + staffId, $"'{staffId}' is not a participant.") { ReasonZh = NotParticipantZh(staffId) });
                continue;
            }

            // The same rules as the phone form: a known, open post of their subject, no duplicate, at most 20.
            errors.AddRange(RankedListValidation.Validate(who, list ?? [], posts)
                .Select(e => e with { Field = "rankedLists." + staffId + e.Field["choices".Length..] }));
        }

        return errors;
    }

    private const string NeedsUnitZh = "须填写学校、学段和学科。";

    private static string NotParticipantZh(string? staffId) => $"“{staffId}”不是参加人员。";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
