using System.Text.Json.Serialization;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The orchestration's input: which school's round, who reviews, and the timetable it started with.</summary>
/// <param name="RoundId">The round.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="OwnerId">The bureau cadre who reviews the proposals and objections.</param>
/// <param name="TimeZone">The bureau's time zone id.</param>
/// <param name="Options">The timetable.</param>
public sealed record RenewalRun(string RoundId, string SchoolId, string OwnerId, string TimeZone, DeputyRenewalOptions Options)
{
    /// <summary>The instance.</summary>
    public string InstanceId => RenewalRecord.InstanceIdOf(RoundId, SchoolId);

    /// <summary>
    /// This run of the instance, new at each start: a round started again under the same id (after it failed or was
    /// terminated) keeps its objections apart from the earlier run's (<see cref="RenewalReceivedObjections.PartitionOf(RenewalRun)"/>).
    /// Null for a run started before runs had one (left out of the input then, as such runs' histories hold it).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Execution { get; init; }
}
