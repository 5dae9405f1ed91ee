using EduFlows.Processes.ReservePool;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// Writes <see cref="TrainingDemo"/>'s year: the courses and lectures with their seats (the registrations, each also
/// kept by person as the desk keeps them), the
/// check-ins with the hours they credit, and the entry each credit makes in a pool member's file. On first start
/// (<see cref="IDemoCountyPart"/>: the latest year whose programme is over, so every check-in has happened: 1,618
/// person-times, 818 principal attendances) and on <c>training/demo/{year}</c>. What is there already is kept, so a
/// lecture the office has changed or a check-in it withdrew stays as the office left it.
/// </summary>
public sealed class TrainingYearDemo(TrainingStore store, ReservePoolStore pool, BureauClock clock, TimeProvider time) : IDemoCountyPart
{
    /// <inheritdoc/>
    public string Name => "training year";

    /// <summary>The year the first start writes: the latest whose last lecture is past.</summary>
    public int YearOf(DemoCountyData county)
    {
        var today = clock.DateOf(time.GetUtcNow());
        var last = TrainingDemo.LecturesOf(county, today.Year).Max(l => l.Date);
        return DemoCounty.LastYearBy(today, last.Month, last.Day);
    }

    /// <summary>
    /// Writes the year: check-ins, file entries and registrations by person first, a few at a time, then the lectures in
    /// order (so no seat is without its registration row, and the last lecture present means the year is in). Returns the
    /// records written now.
    /// </summary>
    public static async Task<int> WriteAsync(TrainingStore store, ReservePoolStore pool, DemoCountyData county, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pool);

        // The pool is read once: one look-up per check-in would double the writes' cost.
        var members = (await pool.AllAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.StaffId).ToHashSet(StringComparer.Ordinal);
        int written = 0;
        await Parallel.ForEachAsync(TrainingDemo.AttendanceOf(county, year), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (a, ct) =>
        {
            // Every seat of the demo is a check-in: the same people, the same lectures.
            if (await store.Registrations.TryAddAsync(new TrainingRegistration(a.StaffId, a.LectureId, a.Date.Year), ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }

            if (await store.Attendance.TryAddAsync(a, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }

            if (members.Contains(a.StaffId) && await pool.File.TryAddAsync(TrainingDesk.PoolEntryOf(a), ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);
        foreach (var lecture in TrainingDemo.LecturesOf(county, year))
        {
            written += await store.Lectures.TryAddAsync(lecture, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return written;
    }

    /// <inheritdoc/>
    public async Task<bool> IsLoadedAsync(DemoCountyData county, CancellationToken cancellationToken) =>
        await store.Lectures.GetAsync(TrainingDemo.LecturesOf(county, YearOf(county))[^1].Id, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc/>
    public Task<int> LoadAsync(DemoCountyData county, CancellationToken cancellationToken) => WriteAsync(store, pool, county, YearOf(county), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DemoCountyRole>> RolesAsync(CancellationToken cancellationToken)
    {
        // The latest course and lecture with someone seated: their first seat holder attended (or is registered).
        var lectures = (await store.Lectures.QueryAsync(null, cancellationToken).ConfigureAwait(false)).Where(l => l.Seats.Count > 0).OrderByDescending(l => l.Date).ToList();
        var roles = new List<DemoCountyRole>();
        foreach (var (series, zh, en) in new[] { ("course", "高端对接课程学员（校长）", "Course attendee (a principal)"), ("lecture", "青州教育讲堂听课学员", "Lecture attendee") })
        {
            if (lectures.FirstOrDefault(l => l.Series == series) is { } lecture)
            {
                var seat = lecture.Seats[0];
                roles.Add(new("培训与讲座", "Training and lectures", $"{zh}：《{lecture.Title}》（{lecture.Date:yyyy-MM-dd}）", $"{en}: {lecture.Title} ({lecture.Date:yyyy-MM-dd})", seat.StaffId, seat.Name, "office/training/lectures/" + lecture.Id));
            }
        }

        return roles;
    }
}
