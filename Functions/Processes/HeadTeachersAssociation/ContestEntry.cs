namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A case submitted to a contest (table <c>{hub}HtaEntries</c>). Reviewers see only <see cref="BlindCase"/>.</summary>
public sealed record ContestEntry
{
    /// <summary>"{contestId}|{code}".</summary>
    public string Id => IdOf(ContestId, Code);

    /// <summary>The contest (its year).</summary>
    public required string ContestId { get; init; }

    /// <summary>The case's number in the contest ("A01", "A02", …): the only name reviewers know it by.</summary>
    public required string Code { get; init; }

    /// <summary>The author (a member).</summary>
    public required string AuthorId { get; init; }

    /// <summary>The author's name.</summary>
    public required string AuthorName { get; init; }

    /// <summary>The author's school.</summary>
    public required string SchoolName { get; init; }

    /// <summary>The case's title.</summary>
    public required string Title { get; init; }

    /// <summary>The case in brief, as the panel reads it.</summary>
    public required string Summary { get; init; }

    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The row's id of a contest's case by its code.</summary>
    public static string IdOf(string contestId, string code) => $"{contestId}|{code}";

    /// <summary>The case as a reviewer sees it: code, title and summary, nothing of the author.</summary>
    public BlindCase Blind() => new(Code, Title, Summary);
}
