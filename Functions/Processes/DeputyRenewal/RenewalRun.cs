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
}
