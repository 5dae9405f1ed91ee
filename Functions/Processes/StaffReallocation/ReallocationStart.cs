namespace EduFlows.Processes.StaffReallocation;

/// <summary>The input of the <see cref="StaffReallocation"/> orchestration.</summary>
/// <param name="ReallocationId">E.g. "staff-reallocation-2027"; also the instance id.</param>
/// <param name="OwnerId">The bureau staff member who approves posts and decides appeals and unplaced cases.</param>
/// <param name="AsOf">The date points and ages are computed on.</param>
/// <param name="SupportRota">Staff ids due on the support-teaching rota.</param>
/// <param name="Options">Windows and sizes.</param>
/// <param name="SchoolIds">The schools taking part (a pilot town or section); null for every school of the county.</param>
/// <param name="AppealsOnRecord">
/// Each appeal and objection is put on record (<see cref="AppealRecord"/>) as the orchestration takes it in, one activity
/// each: true for every reallocation the API starts since 2026-12-06. An instance started before has no such step in its
/// history, and its input no such field (so false): it keeps its path, and its appeals come on record when decided.
/// </param>
/// <param name="ObjectionsKept">
/// The API keeps each points objection on record before raising it (<see cref="AppealIntake"/>), and the objection
/// window, as it closes at <see cref="ReallocationRecord.ObjectionsCloseAt"/>, takes in those whose event it did not get,
/// however late its timer fires: true for every reallocation the API starts since issue 16's fix. An instance started
/// before has its input without it (false) and keeps its path (<see cref="PointsObjectionWindow.LateGrace"/>).
/// </param>
/// <param name="StartedAt">
/// When the API started it, kept on the record (<see cref="ReallocationRecord.StartedAt"/>) to order a year's
/// reallocations for their titles; null in the input of an instance started before.
/// </param>
/// <param name="Title">
/// Its title as its people and the office see it (<see cref="ReallocationNames.Title"/>), as the API named it when it
/// started it: what its published timers and its tasks call it (<see cref="ReallocationNames.TitleOf"/>). Null in the
/// input of an instance started before.
/// </param>
public sealed record ReallocationStart(
    string ReallocationId, string OwnerId, DateOnly AsOf, IReadOnlyList<string> SupportRota, StaffReallocationOptions Options, IReadOnlyList<string>? SchoolIds = null, bool AppealsOnRecord = false, bool ObjectionsKept = false,
    DateTimeOffset? StartedAt = null, Tasks.LocalizedText? Title = null);
