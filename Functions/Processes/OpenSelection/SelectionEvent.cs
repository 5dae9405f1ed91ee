namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// One entry of a selection's trail: every score, decision, override and objection, in order, as it goes into the
/// tamper-evident audit log (entry id <c>{selection}:{Seq}</c>, so appending it twice is one entry).
/// </summary>
/// <param name="Seq">Position in the selection's trail, from 1.</param>
/// <param name="Kind">application, correction, eligibility, written-scores, panel-draw, interview-score, inspection, objection, objection-answer, appointment.</param>
/// <param name="Actor">Who acted (staff id, office name, or 匿名 for an anonymous objection).</param>
/// <param name="Subject">Whom it concerns (a candidate's staff id, or the selection).</param>
/// <param name="Detail">What, in words (scores, reasons, the seed).</param>
/// <param name="At">When.</param>
public sealed record SelectionEvent(int Seq, string Kind, string Actor, string Subject, string Detail, DateTimeOffset At);
