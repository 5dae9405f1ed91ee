namespace EduFlows.Processes.OpenSelection;

/// <summary>A candidate's public notice: the selection's own, or a moved-up candidate's (递补公示) of the same length.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="Ends">The notice's last day.</param>
public sealed record CandidateNotice(string StaffId, DateOnly Ends);
