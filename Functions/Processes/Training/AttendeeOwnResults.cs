using System.Globalization;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// A staff member's courses and lectures for /api/me: the hours credited each year, each attendance, and each seat or
/// place on a waiting list not yet attended, linked to the lecture's registration page (it opens with the session).
/// </summary>
public sealed class AttendeeOwnResults(TrainingStore store, BureauClock clock, TimeProvider time) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        var today = clock.DateOf(time.GetUtcNow());
        var attended = await store.AttendanceOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        var checkedIn = attended.Select(a => a.LectureId).ToHashSet(StringComparer.Ordinal);

        // The person's own registrations (last year's and later; older ones are stale), each checked on its lecture: the
        // lecture's lists say whether the seat or waiting place is still held. Until those made before the registrations
        // were kept by person are in (TrainingRegistrationBackfill), every lecture of those years is read instead.
        int fromYear = FirstYear(today);
        IEnumerable<Lecture> lectures;
        if (await store.RegistrationsBackfilledAsync(cancellationToken).ConfigureAwait(false))
        {
            var mine = await store.RegistrationsOfAsync(staffId, fromYear, cancellationToken).ConfigureAwait(false);
            var read = await Task.WhenAll(mine.Where(r => !checkedIn.Contains(r.LectureId)).Select(r => store.Lectures.GetAsync(r.LectureId, cancellationToken))).ConfigureAwait(false);
            lectures = read.Select(l => l?.Record).OfType<Lecture>();
        }
        else
        {
            lectures = (await store.LecturesFromAsync(fromYear, cancellationToken).ConfigureAwait(false)).Where(l => !checkedIn.Contains(l.Id));
        }

        var registered = lectures.Where(l => l.Seats.Any(s => s.StaffId == staffId) || l.Waiting.Any(s => s.StaffId == staffId)).ToList();

        var found = new List<OwnResult>();
        foreach (int year in attended.Select(a => a.Date.Year).Concat(registered.Select(l => l.Date.Year)).Distinct().OrderDescending())
        {
            var ofYear = attended.Where(a => a.Date.Year == year).ToList();
            if (ofYear.Count > 0)
            {
                decimal hours = ofYear.Sum(a => a.Hours);
                found.Add(new OwnResult("年度培训学时", $"{year}年", $"共 {Hours(hours)} 学时（参训 {ofYear.Count} 次）", null)
                {
                    English = new OwnResultText("Training hours of the year", $"{year}", $"{HoursEn(hours)} in all ({Sessions(ofYear.Count)} attended)"),
                });
            }

            // A lecture's title is the bureau's own, in Chinese in either language.
            var lines = ofYear.Select(a => (a.Date, a.LectureId, Line: new OwnResult(
                    $"{Lecture.SeriesName(a.Series)}参训记录", $"{a.Date:yyyy-MM-dd} {a.Title}", Credited(a).Zh, RegistrationPath(a.LectureId))
                {
                    English = new OwnResultText($"{Lecture.SeriesNameEn(a.Series)} attendance", $"{a.Date:yyyy-MM-dd} {a.Title}", Credited(a).En),
                }))
                .Concat(registered.Where(l => l.Date.Year == year).Select(l => (l.Date, LectureId: l.Id, Line: new OwnResult(
                    $"{l.SeriesZh}报名", $"{l.Date:yyyy-MM-dd} {l.Title}", Registration(l, staffId, today).Zh, RegistrationPath(l.Id))
                {
                    English = new OwnResultText($"{Lecture.SeriesNameEn(l.Series)} registration", $"{l.Date:yyyy-MM-dd} {l.Title}", Registration(l, staffId, today).En),
                })));
            found.AddRange(lines.OrderByDescending(l => l.Date).ThenBy(l => l.LectureId, StringComparer.Ordinal).Select(l => l.Line));
        }

        return found;
    }

    /// <summary>The first lecture year whose registrations are listed on <paramref name="today"/>: last year's (older ones are stale).</summary>
    internal static int FirstYear(DateOnly today) => today.Year - 1;

    /// <summary>The path of a lecture's registration page, under the route prefix.</summary>
    internal static string RegistrationPath(string lectureId) => $"training/lectures/{Uri.EscapeDataString(lectureId)}/registration";

    private static (string Zh, string En) Credited(TrainingAttendance a) => a.Source switch
    {
        TrainingAttendance.ByOffice => ($"补记出勤，计入 {Hours(a.Hours)} 学时", $"attendance recorded by the office, {HoursEn(a.Hours)} credited"),
        TrainingAttendance.ByCredit => ($"认定 {Hours(a.Hours)} 学时", $"{HoursEn(a.Hours)} recognised"),
        _ => ($"已签到，计入 {Hours(a.Hours)} 学时", $"checked in, {HoursEn(a.Hours)} credited"),
    };

    private static (string Zh, string En) Registration(Lecture lecture, string staffId, DateOnly today)
    {
        int waiting = lecture.Waiting.ToList().FindIndex(s => s.StaffId == staffId);
        var (held, heldEn) = waiting < 0 ? ("已报名", "registered") : ($"候补第 {waiting + 1} 位", $"waiting list, place {waiting + 1}");
        return lecture.Date < today ? ($"{held}，未签到", $"{heldEn}, not checked in")
            : lecture.Closed is not null ? ($"{held}（课程已关闭）", $"{heldEn} (the lecture is closed)")
            : (held, heldEn);
    }

    private static string Hours(decimal hours) => hours.ToString("0.#", CultureInfo.InvariantCulture);

    private static string HoursEn(decimal hours) => hours == 1 ? "1 hour" : $"{Hours(hours)} hours";

    private static string Sessions(int count) => count == 1 ? "1 session" : string.Create(CultureInfo.InvariantCulture, $"{count} sessions");
}
