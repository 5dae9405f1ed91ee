namespace EduFlows.Processes.Training;

/// <summary>
/// A course (高端对接, series "course") or a lecture (青州教育讲堂, series "lecture") with its seats, table
/// <c>{hub}TrainingLectures</c>. Seats and the waiting list live on the record, so one ETag guards the capacity.
/// </summary>
/// <param name="Id">The id (route and table key).</param>
/// <param name="Series">"course" or "lecture".</param>
/// <param name="Title">The title.</param>
/// <param name="Speaker">Who teaches or speaks.</param>
/// <param name="Place">Where.</param>
/// <param name="Date">The day (bureau date); check-in is open on this day only.</param>
/// <param name="Starts">Start time (bureau time).</param>
/// <param name="Ends">End time (bureau time).</param>
/// <param name="Hours">Training hours credited to each person who checks in.</param>
/// <param name="Capacity">Seats.</param>
/// <param name="WaitingList">Whether registrations over capacity wait for a seat (true) or are refused (false).</param>
/// <param name="OwnerId">The officer running it.</param>
public sealed record Lecture(
    string Id, string Series, string Title, string Speaker, string Place, DateOnly Date, TimeOnly Starts, TimeOnly Ends, decimal Hours, int Capacity, bool WaitingList, string? OwnerId)
{
    /// <summary>Those holding a seat, in order of registration.</summary>
    public IReadOnlyList<TrainingSeat> Seats { get; init; } = [];

    /// <summary>Those waiting for a seat, in order; the first moves up when a seat is given back.</summary>
    public IReadOnlyList<TrainingSeat> Waiting { get; init; } = [];

    /// <summary>How many registration attempts were refused because it was full (no waiting list, or the waiting list full): the same person trying twice counts twice (人次).</summary>
    public int Refused { get; init; }

    /// <summary>
    /// When and why the office closed it; null while open. Closed means no more registrations, cancellations, check-ins
    /// or capacity changes; feedback still comes in, and the office can still correct attendance and credit hours.
    /// </summary>
    public LectureClosure? Closed { get; init; }

    /// <summary>The office's last change of the seats; null when never changed.</summary>
    public LectureCapacityChange? CapacityChanged { get; init; }

    /// <summary>The series in Chinese.</summary>
    public string SeriesZh => SeriesName(Series);

    /// <summary>A series in Chinese.</summary>
    public static string SeriesName(string series) => series == "course" ? "高端对接" : "青州教育讲堂";

    /// <summary>A series in English.</summary>
    public static string SeriesNameEn(string series) => series == "course" ? "Expert course" : "Qingzhou education lecture";
}
