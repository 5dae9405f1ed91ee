using EduFlows.Scoring;

namespace EduFlows.Processes.OpenSelection;

/// <summary>A selection's whole file as stored (see <see cref="SelectionCase.ToFile"/>): every step taken, so the case reads back as it was.</summary>
/// <param name="Id">The selection's id.</param>
/// <param name="Announcement">The published announcement.</param>
/// <param name="Applications">The applications.</param>
/// <param name="Decisions">The eligibility decisions.</param>
/// <param name="WrittenScores">The written-test scores, in the order imported (null: absent).</param>
/// <param name="Panel">The drawn panel, once drawn.</param>
/// <param name="InterviewScores">The interview scores, in the order submitted.</param>
/// <param name="Inspections">The inspections' outcomes.</param>
/// <param name="Objections">The objections with their answers.</param>
/// <param name="Removed">Candidates removed (inspection failed or objection upheld), with why.</param>
/// <param name="NoticeEnds">The notice's last day, once started.</param>
/// <param name="Appointed">The candidates appointed, once appointed.</param>
/// <param name="Trail">Every step taken, for the audit log.</param>
/// <param name="Notices">Each candidate put on a notice, with its last day (absent in files stored before moved-up candidates had their own).</param>
public sealed record SelectionFile(
    string Id,
    SelectionAnnouncement Announcement,
    IReadOnlyList<Application> Applications,
    IReadOnlyList<EligibilityDecision> Decisions,
    IReadOnlyList<WrittenScore> WrittenScores,
    PanelDrawResult? Panel,
    IReadOnlyList<JudgeScore> InterviewScores,
    IReadOnlyList<InspectionResult> Inspections,
    IReadOnlyList<Objection> Objections,
    IReadOnlyList<Removal> Removed,
    DateOnly? NoticeEnds,
    IReadOnlyList<RankedCandidate>? Appointed,
    IReadOnlyList<SelectionEvent> Trail,
    IReadOnlyList<CandidateNotice>? Notices = null);
