using EduFlows.Scoring;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A yearly case contest (班主任案例评比), table <c>{hub}HtaContests</c>.</summary>
public sealed record CaseContest
{
    /// <summary>The year, e.g. "2026"; the instance is <c>hta-contest-{Id}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>When submissions close and the review starts (UTC).</summary>
    public required DateTimeOffset SubmissionsClose { get; init; }

    /// <summary>When the reviewers' scores are due (UTC).</summary>
    public required DateTimeOffset ReviewDue { get; init; }

    /// <summary>The panel (staff ids).</summary>
    public required IReadOnlyList<string> ReviewerIds { get; init; }

    /// <summary>The scale's maximum (each case is scored 0..max).</summary>
    public decimal MaxPoints { get; init; } = 100;

    /// <summary>How the panel's scores combine (the shared scoring panels' rule).</summary>
    public PanelRule Rule { get; init; } = new();

    /// <summary>How many of each award.</summary>
    public AwardTiers Awards { get; init; } = new();

    /// <summary>The staff member who runs the contest (hears of undeliverable review tasks).</summary>
    public string? OwnerId { get; init; }

    /// <summary>Where it stands.</summary>
    public ContestStatus Status { get; init; } = ContestStatus.Submitting;

    /// <summary>How many cases were submitted (the next code's number).</summary>
    public int Entries { get; init; }

    /// <summary>
    /// The code each author's case was given (author id → code), written with <see cref="Entries"/> in the same
    /// conditional write, so an author never gets two cases however their submits interleave. Cases from before it
    /// was kept are found by their author column instead.
    /// </summary>
    public IReadOnlyDictionary<string, string> CodeOfAuthor { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every case's place, once awarded (best first).</summary>
    public IReadOnlyList<ContestAward> Results { get; init; } = [];

    /// <summary>The rule that produced the scores, in words.</summary>
    public string? RuleApplied { get; init; }

    /// <summary>Reviewers out of line with the others, for the office to look at.</summary>
    public IReadOnlyList<JudgeFlag> Flags { get; init; } = [];

    /// <summary>When the awards were made.</summary>
    public DateTimeOffset? AwardedAt { get; init; }

    /// <summary>The orchestration instance of a contest.</summary>
    public static string InstanceIdOf(string contestId) => "hta-contest-" + contestId;
}
