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
            errors.Add(new("posts", "at least one post is required."));
        }

        if (Participants is not { Count: > 0 })
        {
            errors.Add(new("participants", "at least one participant is required."));
        }

        var posts = new Dictionary<string, SchoolPost>(StringComparer.Ordinal);
        for (int i = 0; i < (Posts?.Count ?? 0); i++)
        {
            string at = Invariant($"posts[{i}]");
            if (Posts![i] is not { } post)
            {
                errors.Add(new(at, "must be a post."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(post.SchoolId) || string.IsNullOrWhiteSpace(post.Section) || string.IsNullOrWhiteSpace(post.Subject))
            {
                errors.Add(new(at, "needs schoolId, section and subject."));
            }
            else if (!string.Equals(post.Id, SchoolPost.IdFor(post.SchoolId, post.Section, post.Subject), StringComparison.Ordinal))
            {
                errors.Add(new(at + ".id", $"must be '{SchoolPost.IdFor(post.SchoolId, post.Section, post.Subject)}'."));
            }
            else if (!posts.TryAdd(post.Id, post))
            {
                errors.Add(new(at + ".id", $"'{post.Id}' is given twice."));
            }

            if (post.Count is < 0 or > 10_000)
            {
                errors.Add(new(at + ".count", "must be 0 to 10000."));
            }
        }

        var people = new Dictionary<string, Participant>(StringComparer.Ordinal);
        var ranks = new HashSet<int>();
        for (int i = 0; i < (Participants?.Count ?? 0); i++)
        {
            string at = Invariant($"participants[{i}]");
            if (Participants![i] is not { } who)
            {
                errors.Add(new(at, "must be a participant."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(who.StaffId) || !people.TryAdd(who.StaffId, who))
            {
                errors.Add(new(at + ".staffId", string.IsNullOrWhiteSpace(who.StaffId) ? "is required." : $"'{who.StaffId}' is given twice."));
            }

            if (string.IsNullOrWhiteSpace(who.SchoolId) || string.IsNullOrWhiteSpace(who.Section) || string.IsNullOrWhiteSpace(who.Subject))
            {
                errors.Add(new(at, "needs schoolId, section and subject."));
            }

            if (who.PointsRank < 1 || !ranks.Add(who.PointsRank))
            {
                errors.Add(new(at + ".pointsRank", "must be a unique rank from 1."));
            }
        }

        for (int i = 0; i < (PrincipalConfirmations?.Count ?? 0); i++)
        {
            if (!people.ContainsKey(PrincipalConfirmations![i] ?? string.Empty))
            {
                errors.Add(new(Invariant($"principalConfirmations[{i}]"), $"'{PrincipalConfirmations[i]}' is not a participant."));
            }
        }

        foreach (var (school, ranking) in SchoolRankings ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            for (int j = 0; j < (ranking?.Count ?? 0); j++)
            {
                if (!people.ContainsKey(ranking![j] ?? string.Empty))
                {
                    errors.Add(new(Invariant($"schoolRankings.{school}[{j}]"), $"'{ranking[j]}' is not a participant."));
                }
            }
        }

        foreach (var (staffId, list) in RankedLists ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!people.TryGetValue(staffId, out var who))
            {
                errors.Add(new("rankedLists." + staffId, $"'{staffId}' is not a participant."));
                continue;
            }

            // The same rules as the phone form: a known, open post of their subject, no duplicate, at most 20.
            errors.AddRange(RankedListValidation.Validate(who, list ?? [], posts)
                .Select(e => e with { Field = "rankedLists." + staffId + e.Field["choices".Length..] }));
        }

        return errors;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
