namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A case contest as one member sees it: their own case and award only.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Mine">Their case, if they submitted one.</param>
/// <param name="Award">Their case's place, once awarded.</param>
/// <param name="CanSubmit">Submissions are open and they have not submitted.</param>
public sealed record MemberContest(CaseContest Contest, ContestEntry? Mine, ContestAward? Award, bool CanSubmit);
