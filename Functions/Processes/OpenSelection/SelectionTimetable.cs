namespace EduFlows.Processes.OpenSelection;

/// <summary>The published timetable (日程安排), days in the bureau's time zone.</summary>
/// <param name="ApplicationsOpen">First day applications are taken.</param>
/// <param name="ApplicationsClose">Last day applications are taken and edited (until 24:00 that day).</param>
/// <param name="ReviewCloses">Last day of the eligibility review, and of an applicant's one correction.</param>
/// <param name="WrittenTestOn">The written test.</param>
/// <param name="InterviewOn">The interview day: judges are told that morning.</param>
/// <param name="NoticeWorkingDays">Working days of public notice (公示), at least 5.</param>
public sealed record SelectionTimetable(
    DateOnly ApplicationsOpen,
    DateOnly ApplicationsClose,
    DateOnly ReviewCloses,
    DateOnly WrittenTestOn,
    DateOnly InterviewOn,
    int NoticeWorkingDays = 5);
