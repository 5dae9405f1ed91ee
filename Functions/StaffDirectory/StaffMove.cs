namespace EduFlows.StaffDirectory;

/// <summary>
/// One move of a person between units or posts (调动、挂职、任免), kept for ever beside the directory: the directory holds
/// where a person is now, the moves how they got there.
/// </summary>
/// <param name="Id">The move's id, fixed by the process that makes it (so a retried move is written once), e.g. "secondment-2026-07-out".</param>
/// <param name="StaffId">The person.</param>
/// <param name="On">The day the move takes effect (bureau time).</param>
/// <param name="FromSchoolId">The school before, if any.</param>
/// <param name="FromDepartmentId">The department before, if any.</param>
/// <param name="FromPost">The post before.</param>
/// <param name="ToSchoolId">The school after, if any.</param>
/// <param name="ToDepartmentId">The department after, if any.</param>
/// <param name="ToPost">The post after.</param>
/// <param name="Reason">Why, in the bureau's words (zh-CN), e.g. "挂职锻炼期满返回原单位".</param>
/// <param name="Process">The process instance that made the move.</param>
public sealed record StaffMove(
    string Id,
    string StaffId,
    DateOnly On,
    string? FromSchoolId,
    string? FromDepartmentId,
    string FromPost,
    string? ToSchoolId,
    string? ToDepartmentId,
    string ToPost,
    string Reason,
    string Process);
