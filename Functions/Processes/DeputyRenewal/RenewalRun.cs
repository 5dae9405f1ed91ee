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
    /// From <see cref="DeputyRenewal.OwnsItsRunSince"/> the round makes it itself as it begins (from the value its start
    /// put in its input, new at each start) and publishes it on its record (<see cref="RenewalRecord.Execution"/>); before, the start API put it in
    /// the input. Null for a run started before runs had one (left out of the input then, as such runs' histories hold it).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Execution { get; init; }

    /// <summary>
    /// True for a run started under an id an earlier run had (failed, terminated, or since purged with its record kept;
    /// from <see cref="DeputyRenewal.OwnsItsRunSince"/> decided by the round itself, whichever way it was started again):
    /// its tasks, objection reviews, objection rows, audit entries and mails are named by <see cref="Key"/>, apart from
    /// the earlier run's, which the task store and the outbox would otherwise hand it as its own. False for a first run,
    /// and left out of its input, so runs started before keep their names and replay as they ran.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StartedAgain { get; init; }

    /// <summary>The part that names a run started again apart from earlier runs (the first 8 digits of its <see cref="Execution"/>); null for a first run.</summary>
    public string? Key() => StartedAgain && Execution is { Length: > 0 } execution ? execution[..Math.Min(8, execution.Length)] : null;

    /// <summary>
    /// This run as the round runs it, given its <paramref name="record"/> (the instance's custom status or the stored
    /// record): from <see cref="DeputyRenewal.OwnsItsRunSince"/> the execution and key the round made and published there,
    /// so a round restarted with its recorded input is still read as its own run; before, the input as it is.
    /// </summary>
    public RenewalRun RunningAs(RenewalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Execution is { } execution ? this with { Execution = execution, StartedAgain = record.Run is not null } : this;
    }
}
