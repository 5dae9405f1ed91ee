namespace EduFlows.StaffDirectory;

/// <summary>What a process asks the directory to do: put a person in a unit and post, and keep the move.</summary>
/// <param name="MoveId">The move's id, fixed by the process (a retried request writes nothing twice).</param>
/// <param name="StaffId">The person.</param>
/// <param name="On">The day the move takes effect.</param>
/// <param name="SchoolId">The school after (null when in a department).</param>
/// <param name="DepartmentId">The department after (null when in a school).</param>
/// <param name="Post">The post after (one of <see cref="DirectoryVocabulary.Posts"/>).</param>
/// <param name="Reason">Why, zh-CN.</param>
/// <param name="Process">The process instance making it.</param>
public sealed record StaffMoveRequest(string MoveId, string StaffId, DateOnly On, string? SchoolId, string? DepartmentId, string Post, string Reason, string Process);
