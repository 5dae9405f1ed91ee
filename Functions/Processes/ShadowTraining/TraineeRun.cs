namespace EduFlows.Processes.ShadowTraining;

/// <summary>The input of one trainee's sub-orchestration: who, where, with whom, and the week's timetable.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="TraineeId">The trainee.</param>
/// <param name="TraineeName">Their name.</param>
/// <param name="SchoolName">Their school.</param>
/// <param name="PrincipalId">Their principal, told to release them for the week (null when they are the principal).</param>
/// <param name="BaseId">The base.</param>
/// <param name="BaseName">The host school.</param>
/// <param name="MentorId">The mentor.</param>
/// <param name="MentorName">The mentor's name.</param>
/// <param name="OwnerId">The bureau staff member running the batch.</param>
/// <param name="Schedule">The week.</param>
/// <param name="Options">Timetable and completion rule.</param>
/// <param name="OwnerName">The owner's name as the directory held it at confirmation, for the status lines (null in runs from before it was kept).</param>
public sealed record TraineeRun(
    string BatchId, string TraineeId, string TraineeName, string? SchoolName, string? PrincipalId, string BaseId, string BaseName, string MentorId, string MentorName,
    string? OwnerId, WeekSchedule Schedule, ShadowTrainingOptions Options, string? OwnerName = null)
{
    /// <summary>The sub-orchestration's instance id.</summary>
    public string InstanceId => InstanceIdOf(BatchId, TraineeId);

    /// <summary>The instance id of a trainee's week in a batch.</summary>
    public static string InstanceIdOf(string batchId, string traineeId) => ShadowBatch.InstanceIdOf(batchId) + ":" + traineeId;
}
