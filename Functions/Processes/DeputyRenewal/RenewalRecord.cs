using System.Text.Json.Serialization;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>A school's renewal round as stored and as its status shows it, rewritten whole at each step.</summary>
/// <param name="RoundId">The round, e.g. "2026".</param>
/// <param name="SchoolId">The school.</param>
/// <param name="SchoolName">Its name.</param>
/// <param name="PrincipalId">The principal who proposes.</param>
/// <param name="OwnerId">The bureau cadre who reviews.</param>
public sealed record RenewalRecord(string RoundId, string SchoolId, string SchoolName, string PrincipalId, string OwnerId)
{
    /// <summary>The record's id.</summary>
    public string Id => IdOf(RoundId, SchoolId);

    /// <summary>proposal, review, notice, done.</summary>
    public string Stage { get; init; } = "proposal";

    /// <summary>The people of the round.</summary>
    public IReadOnlyList<RenewalCandidate> Candidates { get; init; } = [];

    /// <summary>The first working day of the notice, when there is one.</summary>
    public DateOnly? NoticeFrom { get; init; }

    /// <summary>The last working day of the notice (objections until 18:00 bureau time).</summary>
    public DateOnly? NoticeUntil { get; init; }

    /// <summary>When objections stop being taken (UTC).</summary>
    public DateTime? NoticeEndsAt { get; init; }

    /// <summary>The directory moves made, by id.</summary>
    public IReadOnlyList<string> Moves { get; init; } = [];

    /// <summary>The orchestration's time of the last step.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>
    /// The run the record is of, when it was started again under the round's id (<see cref="RenewalRun.Key"/>): its
    /// objections are the rows of that run only. Null for a first run (left out of the record then).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Run { get; init; }

    /// <summary>
    /// The run's execution (<see cref="RenewalRun.Execution"/>) as the round made it, from <see cref="DeputyRenewal.OwnsItsRunSince"/>:
    /// the partition of its objections (<see cref="RenewalRun.RunningAs"/>). The roster's activity copies the run's (so a
    /// record saved since 3.3 was deployed names it, whatever the round's version), and a round of 3.3 sets it itself after
    /// the roster, in case a worker of 3.2 loaded it. Null on a record saved before, whose run is its input.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Execution { get; init; }

    /// <summary>The people on the notice: proposed for promotion, approved, not yet decided (none before the notice, nor once it is over).</summary>
    public IReadOnlyList<RenewalCandidate> OnNotice() => [.. Candidates.Where(c => c.Proposal == RenewalChoices.Promote && c.Result is null)];

    /// <summary>The id of a school's round.</summary>
    public static string IdOf(string roundId, string schoolId) => $"{roundId}-{schoolId}";

    /// <summary>The instance of a school's round.</summary>
    public static string InstanceIdOf(string roundId, string schoolId) => $"deputy-renewal-{roundId}-{schoolId}";
}
