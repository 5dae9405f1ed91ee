using System.Globalization;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Training;

/// <summary>
/// The office's corrections (issues 18 and 20): the seats, attendance after the day, hours credited by hand, and closing.
/// Each changes the lecture's or the attendance's row under its ETag, then writes an entry to the lecture's audit stream
/// (<see cref="AuditStream"/>) saying who, what and why, the pool-file entry and the mails; a refusal changes nothing and
/// writes nothing. Those follow-ups have ids of the act (its time as saved on the row), so a retry that finds the row
/// already as asked (the act done, the follow-ups perhaps not, after a crash) writes them again, kept once, and answers
/// as the first time. Attendance and hours can be corrected until <see cref="TrainingOptions.CorrectionDays"/> after the
/// lecture's day, then no more (409).
/// </summary>
public sealed partial class TrainingDesk
{
    /// <summary>Who made a correction with the master key, as the rows and the audit log name them; a person let in by the office guard is named by <see cref="Hosting.OfficeVisitor.Actor"/> in the audit log.</summary>
    public const string Office = "office";

    /// <summary>The audit stream of a lecture: <c>training-{lectureId}</c> (read at <c>/api/audit/training-{lectureId}</c>).</summary>
    public static string AuditStream(string lectureId) => $"training-{lectureId}";

    /// <summary>
    /// Sets the seats: not below those registered; when seats grow, the first people waiting move up in order and are told
    /// by mail. Refused (409) once the lecture is closed or its day is past. The same capacity again changes nothing.
    /// </summary>
    public async Task<(Lecture? Lecture, IReadOnlyList<TrainingSeat> MovedUp, TrainingRefusal? Refusal)> ChangeCapacityAsync(string lectureId, int capacity, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return (null, [], NoLecture(lectureId));
            }

            var lecture = read.Record;
            if (capacity == lecture.Capacity && lecture.CapacityChanged is { } done && done.To == capacity)
            {
                // The change asked is the last one made: its follow-ups again (kept once), the same answer.
                var moved = done.MovedUp.Select(id => lecture.Seats.FirstOrDefault(s => s.StaffId == id)).OfType<TrainingSeat>().ToList();
                await CapacityFollowUpsAsync(lecture, done, moved, cancellationToken).ConfigureAwait(false);
                return (lecture, moved, null);
            }

            if (lecture.Closed is not null)
            {
                return (lecture, [], new TrainingRefusal(StatusCodes.Status409Conflict, "capacity", "该课程已关闭，不能再调整名额。", "The lecture is closed; its seats cannot change."));
            }

            if (clock.DateOf(time.GetUtcNow()) > lecture.Date)
            {
                return (lecture, [], new TrainingRefusal(StatusCodes.Status409Conflict, "capacity", "该课程已结束，不能再调整名额。", "The lecture is over; its seats cannot change."));
            }

            if (capacity < lecture.Seats.Count)
            {
                return (lecture, [], new TrainingRefusal(
                    StatusCodes.Status409Conflict, "capacity", $"已有{lecture.Seats.Count}人报名，名额不能少于{lecture.Seats.Count}个。", $"{lecture.Seats.Count} people hold a seat; the capacity cannot be below that."));
            }

            if (capacity == lecture.Capacity)
            {
                return (lecture, [], null);
            }

            var movedUp = lecture.Waiting.Take(capacity - lecture.Seats.Count).ToList();
            var change = new LectureCapacityChange(lecture.Capacity, capacity, time.GetUtcNow(), [.. movedUp.Select(s => s.StaffId)]);
            var changed = lecture with { Capacity = capacity, Seats = [.. lecture.Seats, .. movedUp], Waiting = [.. lecture.Waiting.Skip(movedUp.Count)], CapacityChanged = change };
            if (await store.Lectures.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            await CapacityFollowUpsAsync(changed, change, movedUp, cancellationToken).ConfigureAwait(false);
            return (changed, movedUp, null);
        }
    }

    /// <summary>
    /// Corrects attendance with a reason: <paramref name="present"/> marks a person present who checked in without the code
    /// (from the lecture's day on), crediting the lecture's hours; otherwise removes their check-in (or credit), whose hours
    /// then count no more. The reserve-pool file of a pool member says the same.
    /// </summary>
    public async Task<(TrainingAttendance? Attendance, TrainingRefusal? Refusal)> CorrectAttendanceAsync(string lectureId, string staffId, bool present, string reason, CancellationToken cancellationToken)
    {
        if ((await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false))?.Record is not { } lecture)
        {
            return (null, NoLecture(lectureId));
        }

        if (present)
        {
            if (clock.DateOf(time.GetUtcNow()) < lecture.Date)
            {
                return (null, new TrainingRefusal(
                    StatusCodes.Status409Conflict, "present", $"该课程（{lecture.Date:yyyy-MM-dd}）尚未举行，不能补记签到。", $"The lecture ({lecture.Date:yyyy-MM-dd}) has not taken place yet."));
            }

            return await RecordAsync(lecture, staffId, lecture.Hours, TrainingAttendance.ByOffice, reason, "attendance-added", cancellationToken).ConfigureAwait(false);
        }

        var read = await store.Attendance.GetAsync(TrainingAttendance.IdOf(lectureId, staffId), cancellationToken).ConfigureAwait(false);
        if (read?.Record is { Withdrawn: { By: Office } done } already && done.Reason == reason)
        {
            // This removal again (same reason): its follow-ups again (kept once), the same answer.
            await RemovalFollowUpsAsync(already, cancellationToken).ConfigureAwait(false);
            return (already, null);
        }

        if (PastCorrections(lecture, "撤销签到") is { } late)
        {
            return (null, late);
        }

        if (read is null || read.Record.Withdrawn is not null)
        {
            return (null, new TrainingRefusal(StatusCodes.Status409Conflict, "staffId", $"“{staffId}”没有该课程的签到记录，无需撤销。", $"'{staffId}' has no attendance at this lecture."));
        }

        var removed = read.Record with { Hours = 0m, Withdrawn = new AttendanceWithdrawal(time.GetUtcNow(), Office, reason, read.Record.Hours) };
        if (await store.Attendance.TryReplaceAsync(removed, read.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, Changed());
        }

        await RemovalFollowUpsAsync(removed, cancellationToken).ConfigureAwait(false);
        return (removed, null);
    }

    /// <summary>
    /// Credits a person hours for a course by hand with a reason (attended elsewhere), at most the course's own hours; refused
    /// (409) when they already have hours for it: a wrong record is removed first.
    /// </summary>
    public async Task<(TrainingAttendance? Attendance, TrainingRefusal? Refusal)> CreditAsync(string lectureId, string staffId, decimal hours, string reason, CancellationToken cancellationToken)
    {
        if ((await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false))?.Record is not { } lecture)
        {
            return (null, NoLecture(lectureId));
        }

        if (hours > lecture.Hours)
        {
            string most = lecture.Hours.ToString("0.#", CultureInfo.InvariantCulture);
            return (null, new TrainingRefusal(StatusCodes.Status422UnprocessableEntity, "hours", $"补计学时不能超过该课程的学时（{most}）。", $"At most the lecture's own {most} hours."));
        }

        return await RecordAsync(lecture, staffId, hours, TrainingAttendance.ByCredit, reason, "credit", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the lecture (see <see cref="Lecture.Closed"/> for what that stops); closing it again is refused (409).</summary>
    public async Task<(Lecture? Lecture, TrainingRefusal? Refusal)> CloseAsync(string lectureId, string? reason, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return (null, NoLecture(lectureId));
            }

            var lecture = read.Record;
            if (lecture.Closed is { By: Office } done && done.Reason == reason)
            {
                // This closing again (same reason): its audit entry again (kept once), the same answer.
                await CloseFollowUpsAsync(lecture, done, cancellationToken).ConfigureAwait(false);
                return (lecture, null);
            }

            if (lecture.Closed is { } closed)
            {
                return (lecture, new TrainingRefusal(StatusCodes.Status409Conflict, "lectureId", $"该课程已于{clock.Format(closed.At)}关闭。", "The lecture is already closed."));
            }

            var closure = new LectureClosure(time.GetUtcNow(), Office, reason);
            var changed = lecture with { Closed = closure };
            if (await store.Lectures.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            await CloseFollowUpsAsync(changed, closure, cancellationToken).ConfigureAwait(false);
            return (changed, null);
        }
    }

    // A person's attendance written by the office (marked present, or credited): over nothing or a removed row, never over a live one.
    private async Task<(TrainingAttendance? Attendance, TrainingRefusal? Refusal)> RecordAsync(
        Lecture lecture, string staffId, decimal hours, string source, string reason, string kind, CancellationToken cancellationToken)
    {
        if (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is not { } person)
        {
            return (null, new TrainingRefusal(StatusCodes.Status422UnprocessableEntity, "staffId", $"人员库中没有“{staffId}”。", $"'{staffId}' is not in the directory."));
        }

        var existing = await store.Attendance.GetAsync(TrainingAttendance.IdOf(lecture.Id, staffId), cancellationToken).ConfigureAwait(false);
        if (existing?.Record is { Withdrawn: null } done && done.Source == source && done.Hours == hours && done.Reason == reason)
        {
            // This record again (same source, hours and reason): its follow-ups again (kept once), the same answer.
            await RecordFollowUpsAsync(done, kind, cancellationToken).ConfigureAwait(false);
            return (done, null);
        }

        if (PastCorrections(lecture, source == TrainingAttendance.ByCredit ? "补计学时" : "补记签到") is { } late)
        {
            return (null, late);
        }

        if (existing is { Record.Withdrawn: null })
        {
            return (null, new TrainingRefusal(
                StatusCodes.Status409Conflict, "staffId", $"{person.Name}已有该课程的学时记录（{SourceZh(existing.Record.Source)}），如需改动，请先撤销原记录。", $"{staffId} already has hours for this lecture; remove that record first."));
        }

        School? school = person.SchoolId is { } schoolId ? await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false) : null;
        var attendance = new TrainingAttendance(
            lecture.Id, lecture.Series, lecture.Title, staffId, person.Name, person.SchoolId, school?.Name, person.Post, lecture.Date, hours, time.GetUtcNow())
        {
            Source = source,
            Reason = reason,
        };
        bool written = existing is null
            ? await store.Attendance.TryAddAsync(attendance, cancellationToken).ConfigureAwait(false)
            : await store.Attendance.TryReplaceAsync(attendance, existing.ETag, cancellationToken).ConfigureAwait(false) is not null;
        if (!written)
        {
            return (null, Changed());
        }

        await RecordFollowUpsAsync(attendance, kind, cancellationToken).ConfigureAwait(false);
        return (attendance, null);
    }

    // Attendance and hours are settled some time after the day (TrainingOptions.CorrectionDays, on the bureau's calendar):
    // reports and pool files read since then must not change under their readers. Checked after "this act again", so a
    // retry of an act done in time still answers as the first time.
    private TrainingRefusal? PastCorrections(Lecture lecture, string act)
    {
        var last = options.LastCorrectionDay(lecture.Date);
        if (clock.DateOf(time.GetUtcNow()) <= last)
        {
            return null;
        }

        string zone = clock.ZoneNameZh;
        return new TrainingRefusal(
            StatusCodes.Status409Conflict,
            "lectureId",
            $"该课程于{lecture.Date:yyyy-MM-dd}举行，签到更正和补计学时须在课程后{options.CorrectionDays}天内办理，已于{last:yyyy-MM-dd}（{zone}）截止，不能再{act}。",
            $"Attendance and hours of this lecture ({lecture.Date:yyyy-MM-dd}) could be corrected until {last:yyyy-MM-dd}, {options.CorrectionDays} days after it.");
    }

    // What follows a change of the seats: its audit entry and the moved-up mails (ids fixed per lecture and person).
    private async Task CapacityFollowUpsAsync(Lecture lecture, LectureCapacityChange change, IReadOnlyList<TrainingSeat> movedUp, CancellationToken cancellationToken)
    {
        await AuditAsync(lecture.Id, "capacity", lecture.Id, change.At, new { from = change.From, to = change.To, movedUp = change.MovedUp }, cancellationToken).ConfigureAwait(false);
        await MailMovedUpAsync(lecture, movedUp, "名额增加", cancellationToken).ConfigureAwait(false);
    }

    // What follows a removal: the pool-file entry (one per person and lecture, replaced) and the audit entry.
    private async Task RemovalFollowUpsAsync(TrainingAttendance removed, CancellationToken cancellationToken)
    {
        var withdrawn = removed.Withdrawn!;
        await CreditPoolFileAsync(removed, cancellationToken).ConfigureAwait(false);
        await AuditAsync(
            removed.LectureId, "attendance-removed", removed.StaffId, withdrawn.At, new { staffId = removed.StaffId, name = removed.Name, hours = withdrawn.Hours, source = removed.Source, reason = withdrawn.Reason }, cancellationToken)
            .ConfigureAwait(false);
    }

    // What follows a record by the office (marked present, or credited): the pool-file entry and the audit entry.
    private async Task RecordFollowUpsAsync(TrainingAttendance attendance, string kind, CancellationToken cancellationToken)
    {
        await CreditPoolFileAsync(attendance, cancellationToken).ConfigureAwait(false);
        await AuditAsync(
            attendance.LectureId, kind, attendance.StaffId, attendance.CheckedInAt, new { staffId = attendance.StaffId, name = attendance.Name, hours = attendance.Hours, reason = attendance.Reason }, cancellationToken)
            .ConfigureAwait(false);
    }

    // What follows closing: the audit entry (the seats and the waiting list no longer change once closed).
    private Task<AuditEntry> CloseFollowUpsAsync(Lecture lecture, LectureClosure closure, CancellationToken cancellationToken) =>
        AuditAsync(lecture.Id, "close", lecture.Id, closure.At, new { reason = closure.Reason, seats = lecture.Seats.Count, waiting = lecture.Waiting.Count }, cancellationToken);

    // The entry's id is the act's: its kind, whom it is about and its time as saved on the row, so writing it again keeps one.
    // Who acted is the person the office guard let into the office's page (their staff id, or the App Service user);
    // the master key, the only way in to the JSON routes, stays "office", the name the lecture's page shows as 教育局.
    private Task<AuditEntry> AuditAsync(string lectureId, string kind, string subject, DateTimeOffset at, object payload, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditAppend(AuditStream(lectureId), $"{kind}-{subject}-{at.UtcTicks}", kind, Actor, subject, JsonSerializer.Serialize(payload)),
            cancellationToken);

    private static string Actor => Hosting.OfficeVisitor.Current is { By: not Hosting.OfficeAdmission.MasterKey } person ? person.Actor : Office;

    private static string SourceZh(string source) => source switch
    {
        TrainingAttendance.ByOffice => "补记签到",
        TrainingAttendance.ByCredit => "补计学时",
        _ => "扫码签到",
    };
}
