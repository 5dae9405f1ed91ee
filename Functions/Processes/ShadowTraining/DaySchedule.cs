namespace EduFlows.Processes.ShadowTraining;

/// <summary>One training day: its theme and when its tasks open and are due (UTC).</summary>
/// <param name="Date">The local date.</param>
/// <param name="ThemeZh">The day's theme in Chinese.</param>
/// <param name="ThemeEn">The day's theme in English.</param>
/// <param name="AttendanceOpens">When the mentor's attendance task opens.</param>
/// <param name="AttendanceDue">When it is due.</param>
/// <param name="JournalOpens">When the trainee's journal task opens (end of the day).</param>
/// <param name="JournalDue">When the journal is due (next day).</param>
/// <param name="JournalReminder">When the journal reminder goes (next morning).</param>
public sealed record DaySchedule(
    DateOnly Date, string ThemeZh, string ThemeEn, DateTime AttendanceOpens, DateTime AttendanceDue, DateTime JournalOpens, DateTime JournalDue, DateTime JournalReminder);
