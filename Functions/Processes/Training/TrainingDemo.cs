using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Training;

/// <summary>
/// A year of training on the demo county at the seed's scale (1,600 person-times; 800+ principal attendances): eight
/// 高端对接 courses for the principals (each principal misses about one in fourteen, by a fixed rule) and four
/// 青州教育讲堂 lectures of 200 seats for the reserve principals, reserve researchers and deputies, taken in turn.
/// Pure and deterministic; <see cref="TrainingApi"/> writes it for a demo.
/// </summary>
public static class TrainingDemo
{
    /// <summary>The 高端对接 courses of the year.</summary>
    public const int Courses = 8;

    /// <summary>The 青州教育讲堂 lectures of the year.</summary>
    public const int Lectures = 4;

    /// <summary>Seats of each lecture.</summary>
    public const int LectureSeats = 200;

    private static readonly string[] CourseTitles =
    [
        "学校治理现代化", "课程领导力", "教师专业发展规划", "集团化办学经验", "课堂教学改革", "家校社协同育人", "校园安全与法治", "教育数字化转型",
    ];

    private static readonly string[] LectureTitles = ["做有温度的教育", "教研员的课堂观察", "班级管理的艺术", "从优秀教师到学校管理者"];

    /// <summary>The year's courses and lectures, seats filled as attended.</summary>
    public static IReadOnlyList<Lecture> LecturesOf(DemoCountyData county, int year) =>
        [.. Plan(county, year).Select(p => p.Lecture with { Seats = [.. p.Attendance.Select(a => new TrainingSeat(a.StaffId, a.Name, a.CheckedInAt))] })];

    /// <summary>The year's check-ins.</summary>
    public static IReadOnlyList<TrainingAttendance> AttendanceOf(DemoCountyData county, int year) => [.. Plan(county, year).SelectMany(p => p.Attendance)];

    private static IEnumerable<(Lecture Lecture, List<TrainingAttendance> Attendance)> Plan(DemoCountyData county, int year)
    {
        ArgumentNullException.ThrowIfNull(county);
        var schools = county.Schools.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var principals = county.Staff.Where(s => s.Post == "principal").OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var audience = county.Staff.Where(s => s.ReservePrincipal || s.ReserveResearcher || s.Post == "vice-principal").OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        for (int c = 0; c < Courses; c++)
        {
            var date = new DateOnly(year, 3 + c, 12);
            var lecture = new Lecture($"course-{year}-{c + 1:D2}", "course", CourseTitles[c], "省内外知名校长", "青州市教师发展中心报告厅", date, new TimeOnly(8, 30), new TimeOnly(17, 0), 6m, 120, true, null);

            // Each principal misses one course in fourteen (index and course decide), so the figure is the same every run.
            var present = principals.Where((p, i) => (i + c * 5) % 14 != 0);
            yield return (lecture, [.. present.Select(p => Attended(lecture, p, schools))]);
        }

        for (int l = 0; l < Lectures; l++)
        {
            var date = new DateOnly(year, 4 + l * 2, 20);
            var lecture = new Lecture($"lecture-{year}-{l + 1:D2}", "lecture", LectureTitles[l], "特邀专家", "青州市教育局多功能厅", date, new TimeOnly(14, 0), new TimeOnly(17, 0), 3m, LectureSeats, true, null);
            var present = Enumerable.Range(0, Math.Min(LectureSeats, audience.Count)).Select(i => audience[(l * LectureSeats + i) % audience.Count]);
            yield return (lecture, [.. present.Select(p => Attended(lecture, p, schools))]);
        }
    }

    private static TrainingAttendance Attended(Lecture lecture, StaffMember person, Dictionary<string, string> schools) => new(
        lecture.Id, lecture.Series, lecture.Title, person.Id, person.Name, person.SchoolId, person.SchoolId is { } s ? schools.GetValueOrDefault(s) : null, person.Post, lecture.Date, lecture.Hours,
        new DateTimeOffset(lecture.Date.ToDateTime(lecture.Starts), TimeSpan.FromHours(8)).ToUniversalTime());
}
