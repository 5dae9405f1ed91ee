namespace EduFlows.Processes.OpenSelection;

/// <summary>A conflict of interest declared by a judge or an applicant (亲属关系等回避情形), which keeps the judge off the panel.</summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="StaffId">The applicant concerned.</param>
/// <param name="Relation">What ties them, as declared, e.g. 夫妻, 直系亲属.</param>
public sealed record DeclaredConflict(string JudgeId, string StaffId, string Relation);
