namespace EduFlows.StaffDirectory;

/// <summary>A department (科室) of the bureau; the teaching-research office is one of them.</summary>
/// <param name="Id">Stable id, e.g. "dep-01".</param>
/// <param name="Name">Name, e.g. 人事科.</param>
/// <param name="HeadId">The head's staff id.</param>
/// <param name="TeachingResearchOffice">True for 教研室, whose staff are the researchers.</param>
/// <param name="BureauOffice">True for the bureau office (局办公室), whose staff may use the office's pages when signed in.</param>
public sealed record Department(string Id, string Name, string? HeadId = null, bool TeachingResearchOffice = false, bool BureauOffice = false);
