namespace EduFlows.Processes.Secondment;

/// <summary>A school or a bureau department as an assignment names it, with the head who consents for it.</summary>
/// <param name="Id">The school or department id.</param>
/// <param name="Name">Its name.</param>
/// <param name="IsSchool">True for a school, false for a department of the bureau.</param>
/// <param name="HeadId">The principal or the department head.</param>
/// <param name="HeadName">Their name.</param>
public sealed record SecondmentUnit(string Id, string Name, bool IsSchool, string HeadId, string HeadName);
