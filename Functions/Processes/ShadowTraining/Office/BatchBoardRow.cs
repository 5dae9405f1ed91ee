namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>One trainee on the batch board: where, with whom, and each day's attendance and journal.</summary>
/// <param name="TraineeId">Staff id.</param>
/// <param name="Name">Name.</param>
/// <param name="School">Their school, if known.</param>
/// <param name="BaseId">The base.</param>
/// <param name="BaseName">Its name.</param>
/// <param name="Attendance">Per training day, the mentor's attendance record.</param>
/// <param name="Journals">Per training day, the trainee's journal.</param>
/// <param name="Evaluation">The mentor's end-of-week evaluation.</param>
/// <param name="Summary">The trainee's summary.</param>
/// <param name="Stage">Where the trainee's week is (<see cref="TraineeProgress.Stage"/>); null before the batch is confirmed.</param>
public sealed record BatchBoardRow(
    string TraineeId,
    string Name,
    string? School,
    string BaseId,
    string BaseName,
    IReadOnlyList<BoardMark> Attendance,
    IReadOnlyList<BoardMark> Journals,
    BoardMark Evaluation,
    BoardMark Summary,
    string? Stage = null)
{
    /// <summary>How many of the week's items are not there although they were due: days absent or unrecorded, journals, evaluation, summary.</summary>
    public int MissingCount =>
        Attendance.Count(m => m is BoardMark.Overdue or BoardMark.Absent or BoardMark.Missed)
        + Journals.Count(m => m is BoardMark.Overdue or BoardMark.Missed)
        + (Evaluation is BoardMark.Overdue or BoardMark.Missed ? 1 : 0)
        + (Summary is BoardMark.Overdue or BoardMark.Missed ? 1 : 0);
}
