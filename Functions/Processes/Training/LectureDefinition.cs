using EduFlows.Hosting;
using EduFlows.Storage;

namespace EduFlows.Processes.Training;

/// <summary>A course or lecture as the office defines it (HTTP body of PUT <c>training/lectures/{id}</c>).</summary>
/// <param name="Series">"course" (高端对接) or "lecture" (青州教育讲堂).</param>
/// <param name="Title">The title.</param>
/// <param name="Speaker">Who teaches or speaks.</param>
/// <param name="Place">Where.</param>
/// <param name="Date">The day (yyyy-MM-dd, bureau date).</param>
/// <param name="Starts">Start time (HH:mm:ss, bureau time).</param>
/// <param name="Ends">End time (HH:mm:ss).</param>
/// <param name="Hours">Hours credited (0.5–40, in half hours).</param>
/// <param name="Capacity">Seats (1–300).</param>
/// <param name="WaitingList">Whether registrations over capacity wait (default true) or are refused.</param>
/// <param name="OwnerId">The officer running it.</param>
public sealed record LectureDefinition(
    string? Series, string? Title, string? Speaker, string? Place, DateOnly? Date, TimeOnly? Starts, TimeOnly? Ends, decimal? Hours, int? Capacity, bool? WaitingList, string? OwnerId)
{
    /// <summary>
    /// The most seats a lecture may have: seats and the waiting list live on one table row (32K characters, about 80
    /// a registration), so a larger audience is split into several sessions.
    /// </summary>
    public const int MaxCapacity = 300;

    /// <summary>The longest waiting list; registrations beyond it are refused as full.</summary>
    public const int MaxWaiting = 50;

    /// <summary>What is wrong, field by field (Chinese reason for the office's pages, English beside).</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        void Add(string field, string en, string zh) => errors.Add(new FieldError(field, en) { ReasonZh = zh });
        if (Series is not ("course" or "lecture"))
        {
            Add("series", "must be course (高端对接) or lecture (青州教育讲堂).", "类别只能是 course（高端对接）或 lecture（青州教育讲堂）。");
        }

        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 200)
        {
            Add("title", "must be given, at most 200 characters.", "请填写题目（不超过200字）。");
        }

        if (string.IsNullOrWhiteSpace(Speaker) || Speaker.Length > 100)
        {
            Add("speaker", "must be given, at most 100 characters.", "请填写主讲人（不超过100字）。");
        }

        if (string.IsNullOrWhiteSpace(Place) || Place.Length > 200)
        {
            Add("place", "must be given, at most 200 characters.", "请填写地点（不超过200字）。");
        }

        if (Date is null)
        {
            Add("date", "must be the day, yyyy-MM-dd.", "请填写日期（如 2026-10-15）。");
        }

        if (Starts is null || Ends is null || Ends <= Starts)
        {
            Add(Starts is null ? "starts" : "ends", "must be HH:mm:ss, the end after the start.", "请填写开始和结束时间（如 14:00:00、17:00:00），结束须晚于开始。");
        }

        if (Hours is not { } hours || hours < 0.5m || hours > 40m || hours * 2 != decimal.Truncate(hours * 2))
        {
            Add("hours", "must be 0.5 to 40, in half hours.", "学时应在0.5至40之间，以0.5为单位。");
        }

        if (Capacity is not (>= 1 and <= MaxCapacity))
        {
            Add("capacity", $"must be 1 to {MaxCapacity}.", $"名额应在1至{MaxCapacity}之间。");
        }

        if (OwnerId is not null && TableKey.Problem(OwnerId) is not null)
        {
            Add("ownerId", "must be a staff id.", "负责人应填写人员编号。");
        }

        return errors;
    }
}
