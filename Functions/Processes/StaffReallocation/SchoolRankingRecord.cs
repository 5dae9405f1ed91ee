namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// How one school ordered its applicants in a competition round: the principal's ranking, or, unanswered by the
/// deadline, none (the rules then order everyone by points). Kept with who and when, so every placement the round
/// makes can be traced to the ranking, or the fallback, that decided it.
/// </summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="Round">The round ranked for (<see cref="Round.InSchoolCompetition"/> or <see cref="Round.CrossSchoolCompetition"/>).</param>
/// <param name="SchoolId">The school.</param>
/// <param name="Ranking">Staff ids, best first; empty when the school fell back to points. Those left out come after, by points.</param>
/// <param name="Applicants">How many the task listed.</param>
/// <param name="RankedBy">The principal who answered, or "nobody" when the window closed unanswered.</param>
/// <param name="RankedAt">When.</param>
/// <param name="What">The decision in words (ranked, or the points fallback), as traced.</param>
public sealed record SchoolRankingRecord(string ReallocationId, Round Round, string SchoolId, IReadOnlyList<string> Ranking, int Applicants, string RankedBy, DateTimeOffset RankedAt, string What)
{
    /// <summary>The school gave no ranking: its applicants go by points.</summary>
    public bool ByPoints => Ranking.Count == 0;

    /// <summary>The row id.</summary>
    public string Id => IdOf(ReallocationId, Round, SchoolId);

    /// <summary>The row id of a school's ranking for a round.</summary>
    public static string IdOf(string reallocationId, Round round, string schoolId) => $"{reallocationId}:{round}:{schoolId}";
}
