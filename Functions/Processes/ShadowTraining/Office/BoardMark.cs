namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>Where one task of a trainee's week stands on the batch board.</summary>
public enum BoardMark
{
    /// <summary>Not asked for yet (the day has not come).</summary>
    NotYet,

    /// <summary>Asked for, not yet due.</summary>
    Open,

    /// <summary>Asked for and past its due time.</summary>
    Overdue,

    /// <summary>Done (attendance: present).</summary>
    Done,

    /// <summary>Attendance recorded as absent.</summary>
    Absent,

    /// <summary>Closed without an answer (expired or cancelled).</summary>
    Missed,
}
