namespace EduFlows.Processes.ShadowTraining;

/// <summary>What an administrator sends to define a batch (PUT /api/shadow-training/batches/{yyyy-MM}).</summary>
/// <param name="WeekStart">The Monday of the week, in the batch's month.</param>
/// <param name="Candidates">Staff ids of the trainees (reserve principals or new principals); trainees waiting from earlier batches are added.</param>
/// <param name="Bases">The bases with places and mentors; null means every training base of the directory at its capacity.</param>
/// <param name="OwnerId">The bureau staff member running the batch (decides deferrals, hears of undeliverable mail).</param>
/// <param name="LeaveWaiting">Staff ids of trainees waiting from earlier batches who are not to join this one (they keep waiting).</param>
public sealed record BatchDefinition(
    DateOnly? WeekStart, IReadOnlyList<string>? Candidates, IReadOnlyList<BaseDefinition>? Bases, string? OwnerId, IReadOnlyList<string>? LeaveWaiting = null);

/// <summary>One base of a batch definition.</summary>
/// <param name="BaseId">The training base's directory id.</param>
/// <param name="Capacity">Places this week; the directory's capacity when null.</param>
/// <param name="MentorId">The mentor; the host school's principal when null.</param>
public sealed record BaseDefinition(string? BaseId, int? Capacity, string? MentorId);
