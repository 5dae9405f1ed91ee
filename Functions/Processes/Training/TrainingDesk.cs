using System.Globalization;
using EduFlows.AuditLog;
using EduFlows.Notifications;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// Courses and lectures: defining them, inviting people by mail, registration against capacity (ETag-guarded, so
/// two people never get the last seat), check-in on the day, feedback, and the hours credited to each person's record
/// (the attendance table, and the reserve-pool file of a pool member).
/// </summary>
public sealed partial class TrainingDesk(
    TrainingStore store, ReservePoolStore pool, DirectoryStore directory, TrainingLinks links, StaffNotices notices, MailSender sender, AuditLogStore audit, BureauClock clock, TimeProvider time, TrainingOptions options)
{
    /// <summary>Defines a lecture, or redefines it while nobody has registered and nobody has hours for it; the refusal otherwise.</summary>
    public async Task<(Lecture? Lecture, bool Created, TrainingRefusal? Refusal)> DefineAsync(string id, LectureDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var lecture = new Lecture(
            id, definition.Series!, definition.Title!.Trim(), definition.Speaker!.Trim(), definition.Place!.Trim(), definition.Date!.Value, definition.Starts!.Value, definition.Ends!.Value,
            definition.Hours!.Value, definition.Capacity!.Value, definition.WaitingList ?? true, definition.OwnerId);
        var existing = await store.Lectures.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return await store.Lectures.TryAddAsync(lecture, cancellationToken).ConfigureAwait(false)
                ? (lecture, true, null)
                : (null, false, Changed());
        }

        if (existing.Record.Closed is not null)
        {
            return (null, false, new TrainingRefusal(StatusCodes.Status409Conflict, "id", "该课程已关闭，不能再修改；如需调整，请另建一期。", "The lecture is closed; define a new lecture instead."));
        }

        if (existing.Record.Seats.Count + existing.Record.Waiting.Count > 0)
        {
            return (null, false, new TrainingRefusal(StatusCodes.Status409Conflict, "id", "已有人报名，不能再修改该课程；如需调整，请另建一期。", "People have registered; define a new lecture instead."));
        }

        // A manual credit needs neither a seat nor the day: hours already credited would no longer match the lecture's.
        if ((await store.AllAttendanceOfLectureAsync(id, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return (null, false, new TrainingRefusal(StatusCodes.Status409Conflict, "id", "该课程已有签到或补计学时记录，不能再修改；如需调整，请另建一期。", "The lecture has attendance; define a new lecture instead."));
        }

        return await store.Lectures.TryReplaceAsync(lecture, existing.ETag, cancellationToken).ConfigureAwait(false) is null
            ? (null, false, Changed())
            : (lecture, false, null);
    }

    /// <summary>Mails each person their registration link; returns the ids of the mails written (people without an address are skipped).</summary>
    public async Task<IReadOnlyList<string>> InviteAsync(Lecture lecture, IReadOnlyList<string> staffIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        ArgumentNullException.ThrowIfNull(staffIds);
        var ids = await notices.WriteEachAsync(staffIds, staffId => $"training.{lecture.Id}.invite.{staffId}", "training-invitation", to => TrainingMails.Invitation(lecture, to, links.Registration(lecture, to.Id), clock), cancellationToken).ConfigureAwait(false);

        // What SendGrid does not take now stays in the outbox for the sweeper.
        await sender.SendAllAsync(ids, throwWhilePending: false, cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Registers a person: a seat while there is one, else the waiting list or a refusal.</summary>
    public async Task<(RegistrationOutcome Outcome, Lecture? Lecture, TrainingRefusal? Refusal)> RegisterAsync(string lectureId, string staffId, CancellationToken cancellationToken)
    {
        if (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is not { } person)
        {
            return (RegistrationOutcome.Refused, null, new TrainingRefusal(StatusCodes.Status404NotFound, "token", "人员库中没有您的信息，请联系教育局。", "You are not in the directory."));
        }

        while (true)
        {
            if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return (RegistrationOutcome.Refused, null, NoLecture(lectureId));
            }

            var lecture = read.Record;
            if (lecture.Closed is not null)
            {
                return (RegistrationOutcome.Refused, lecture, new TrainingRefusal(StatusCodes.Status410Gone, "token", "该课程已关闭，报名已结束。", "The lecture is closed; registration has ended."));
            }

            if (clock.DateOf(time.GetUtcNow()) > lecture.Date)
            {
                return (RegistrationOutcome.Refused, lecture, new TrainingRefusal(StatusCodes.Status410Gone, "token", "该课程已结束，报名已关闭。", "The lecture is over; registration is closed."));
            }

            if (lecture.Seats.Any(s => s.StaffId == staffId) || lecture.Waiting.Any(s => s.StaffId == staffId))
            {
                return (RegistrationOutcome.Already, lecture, null);
            }

            var seat = new TrainingSeat(staffId, person.Name, time.GetUtcNow());
            (RegistrationOutcome outcome, Lecture changed) = lecture.Seats.Count < lecture.Capacity
                ? (RegistrationOutcome.Registered, lecture with { Seats = [.. lecture.Seats, seat] })
                : lecture.WaitingList && lecture.Waiting.Count < LectureDefinition.MaxWaiting
                    ? (RegistrationOutcome.Waiting, lecture with { Waiting = [.. lecture.Waiting, seat] })
                    : (RegistrationOutcome.Refused, lecture with { Refused = lecture.Refused + 1 });
            if (outcome != RegistrationOutcome.Refused)
            {
                // Before the seat: a seat is then never without the row /api/me finds it by (a row without a seat is ignored there).
                await store.Registrations.PutAsync(new TrainingRegistration(staffId, lecture.Id, lecture.Date.Year), cancellationToken).ConfigureAwait(false);
            }

            if (await store.Lectures.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (outcome, changed, null);
            }
        }
    }

    /// <summary>Gives a seat (or a waiting place) back, until the lecture's day ends; the first person waiting moves up and is told by mail.</summary>
    public async Task<(Lecture? Lecture, TrainingRefusal? Refusal)> CancelAsync(string lectureId, string staffId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return (null, NoLecture(lectureId));
            }

            var lecture = read.Record;
            if (lecture.Closed is not null)
            {
                return (lecture, new TrainingRefusal(StatusCodes.Status410Gone, "token", "该课程已关闭，名单已确定，不能再取消报名。", "The lecture is closed; its list is final."));
            }

            // After the day a seat given back helps nobody: nobody waiting is moved up (and mailed) for a lecture that is over.
            if (clock.DateOf(time.GetUtcNow()) > lecture.Date)
            {
                return (lecture, new TrainingRefusal(StatusCodes.Status410Gone, "token", "该课程已结束，不能再取消报名。", "The lecture is over; registration can no longer be cancelled."));
            }

            bool seated = lecture.Seats.Any(s => s.StaffId == staffId);
            if (!seated && !lecture.Waiting.Any(s => s.StaffId == staffId))
            {
                return (lecture, new TrainingRefusal(StatusCodes.Status409Conflict, "token", "您没有报名该课程，无需取消。", "You have not registered."));
            }

            var seats = lecture.Seats.Where(s => s.StaffId != staffId).ToList();
            var waiting = lecture.Waiting.Where(s => s.StaffId != staffId).ToList();
            TrainingSeat? movedUp = null;
            if (seated && waiting.Count > 0)
            {
                movedUp = waiting[0];
                waiting.RemoveAt(0);
                seats.Add(movedUp);
            }

            var changed = lecture with { Seats = seats, Waiting = waiting };
            if (await store.Lectures.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            if (movedUp is not null)
            {
                await MailMovedUpAsync(changed, [movedUp], "有学员取消报名", cancellationToken).ConfigureAwait(false);
            }

            return (changed, null);
        }
    }

    /// <summary>
    /// Checks a registered person in with the venue's code, on the lecture's day only, and credits the hours: the
    /// attendance row and, for a reserve-pool member, an entry in their file. A second check-in changes nothing (409).
    /// </summary>
    public async Task<(TrainingAttendance? Attendance, TrainingRefusal? Refusal)> CheckInAsync(string lectureId, string? code, string staffId, CancellationToken cancellationToken)
    {
        if ((await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false))?.Record is not { } lecture)
        {
            return (null, NoLecture(lectureId));
        }

        if (lecture.Closed is not null)
        {
            return (null, new TrainingRefusal(StatusCodes.Status410Gone, "code", "该课程已关闭，签到已结束；如确实到场，请联系教育局补记。", "The lecture is closed; check-in has ended."));
        }

        var today = clock.DateOf(time.GetUtcNow());
        string day = lecture.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (today != lecture.Date)
        {
            // The code is valid until the day ends; a code scanned days before (or a photo of it kept) still only works on the day.
            return today < lecture.Date
                ? (null, new TrainingRefusal(StatusCodes.Status409Conflict, "code", $"签到仅限课程当天（{day}）进行，现在还不能签到。", $"Check-in is open on {day} only."))
                : (null, new TrainingRefusal(StatusCodes.Status410Gone, "code", $"签到仅限课程当天（{day}），签到已结束。", $"Check-in was open on {day} only."));
        }

        switch (links.Code(code, lectureId))
        {
            case TaskTokenCheck.Valid:
                break;
            case TaskTokenCheck.Expired:
                return (null, new TrainingRefusal(StatusCodes.Status410Gone, "code", "签到码已过期。", "The check-in code has expired."));
            default:
                return (null, new TrainingRefusal(StatusCodes.Status401Unauthorized, "code", "签到码无效，请扫描会场的二维码。", "Not a check-in code of this lecture; scan the QR code at the venue."));
        }

        if (!lecture.Seats.Any(s => s.StaffId == staffId))
        {
            return (null, lecture.Waiting.Any(s => s.StaffId == staffId)
                ? new TrainingRefusal(StatusCodes.Status409Conflict, "token", "您在候补名单中，尚未获得名额，不能签到。", "You are on the waiting list, without a seat.")
                : new TrainingRefusal(StatusCodes.Status403Forbidden, "token", "您没有报名该课程，不能签到。", "You have not registered for this lecture."));
        }

        var person = await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
        var school = person?.SchoolId is { } schoolId ? await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false) : null;
        var attendance = new TrainingAttendance(
            lecture.Id, lecture.Series, lecture.Title, staffId, person?.Name ?? staffId, person?.SchoolId, school?.Name, person?.Post ?? "unknown", lecture.Date, lecture.Hours, time.GetUtcNow());
        if (!await store.Attendance.TryAddAsync(attendance, cancellationToken).ConfigureAwait(false))
        {
            // A check-in the office removed as wrong is not undone by scanning again: the office marks present.
            bool withdrawn = (await store.Attendance.GetAsync(attendance.Id, cancellationToken).ConfigureAwait(false))?.Record.Withdrawn is not null;
            return (null, withdrawn
                ? new TrainingRefusal(StatusCodes.Status409Conflict, "token", "您的签到已被教育局撤销，如确实到场，请联系教育局补记。", "The office removed your check-in; ask it to mark you present.")
                : new TrainingRefusal(StatusCodes.Status409Conflict, "token", "您已签到，无需重复签到。", "You have already checked in."));
        }

        await CreditPoolFileAsync(attendance, cancellationToken).ConfigureAwait(false);
        return (attendance, null);
    }

    /// <summary>Stores a person's feedback on a lecture they attended (once; a second is refused with 409).</summary>
    public async Task<(TrainingAttendance? Attendance, TrainingRefusal? Refusal)> FeedbackAsync(string lectureId, string staffId, int rating, string? comment, CancellationToken cancellationToken)
    {
        if (await store.Attendance.GetAsync(TrainingAttendance.IdOf(lectureId, staffId), cancellationToken).ConfigureAwait(false) is not { } read || read.Record.Withdrawn is not null)
        {
            return (null, new TrainingRefusal(StatusCodes.Status409Conflict, "token", "签到后才能填写反馈。", "Feedback is for those who checked in."));
        }

        if (read.Record.Rating is not null)
        {
            return (null, new TrainingRefusal(StatusCodes.Status409Conflict, "rating", "您已提交过反馈。", "You have already given feedback."));
        }

        var changed = read.Record with { Rating = rating, Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim() };
        return await store.Attendance.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is null
            ? (null, new TrainingRefusal(StatusCodes.Status409Conflict, "rating", "您已提交过反馈。", "You have already given feedback."))
            : (changed, null);
    }

    /// <summary>Writes a reserve-pool file entry for an attendance, when the person is (or was) in the pool.</summary>
    internal async Task CreditPoolFileAsync(TrainingAttendance attendance, CancellationToken cancellationToken)
    {
        if ((await pool.MembershipsOfAsync(attendance.StaffId, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            await pool.File.PutAsync(PoolEntryOf(attendance), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The reserve-pool file entry of an attendance: how it came (or that it was removed) and the hours.</summary>
    internal static ReservePoolEntry PoolEntryOf(TrainingAttendance attendance)
    {
        string hours = attendance.Hours.ToString("0.#", CultureInfo.InvariantCulture);
        string what = (attendance.Withdrawn, attendance.Source) switch
        {
            ({ } removed, _) => $"签到已撤销（{removed.Reason}），不计学时。",
            (null, TrainingAttendance.ByOffice) => $"补记签到（{attendance.Reason}），计{hours}学时。",
            (null, TrainingAttendance.ByCredit) => $"补计{hours}学时（{attendance.Reason}）。",
            _ => $"已签到，计{hours}学时。",
        };
        return new(attendance.StaffId, PoolEntryKinds.Training, attendance.LectureId, attendance.Date, $"{Lecture.SeriesName(attendance.Series)}《{attendance.Title}》：{what}", null);
    }

    // Tells each person moved from the waiting list to a seat, once per lecture (what the sweeper does not send now, it sends later).
    private async Task MailMovedUpAsync(Lecture lecture, IEnumerable<TrainingSeat> movedUp, string why, CancellationToken cancellationToken)
    {
        var mails = await notices.WriteEachAsync(movedUp.Select(seat => seat.StaffId), staffId => $"training.{lecture.Id}.moved-up.{staffId}", "training-moved-up", to => TrainingMails.MovedUp(lecture, to, why, links.Registration(lecture, to.Id), clock), cancellationToken).ConfigureAwait(false);

        if (mails.Count > 0)
        {
            await sender.SendAllAsync(mails, throwWhilePending: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TrainingRefusal NoLecture(string id) =>
        new(StatusCodes.Status404NotFound, "lectureId", $"没有编号为“{id}”的课程。", $"There is no lecture '{id}'.");

    private static TrainingRefusal Changed() =>
        new(StatusCodes.Status409Conflict, "id", "该课程刚被他人修改，请刷新后重试。", "The lecture was changed meanwhile; read it again.");
}
