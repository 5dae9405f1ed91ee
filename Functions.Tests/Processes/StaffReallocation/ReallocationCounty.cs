using EduFlows.StaffDirectory;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// A small county as the directory holds it for the reallocation's tests: its schools, and its principals and teachers
/// (born 1985 unless a test says otherwise), seeded into a harness or an app before the reallocation starts.
/// </summary>
/// <remarks>
/// The directory applies records over what it holds, so the staff every harness and app seeds (王芳, 李校长, 赵主任 and
/// 孙老师 of sch-001) stay; 赵主任 (stf-3) is who runs the reallocation for the bureau.
/// </remarks>
internal sealed record ReallocationCounty(IReadOnlyList<School> Schools, IReadOnlyList<StaffMember> Staff)
{
    /// <summary>东关小学 (sch-a) with its principal stf-pa and two primary mathematics teachers, stf-a1 and stf-a2.</summary>
    public static ReallocationCounty SchoolA { get; } = new(
        [new School("sch-a", "东关小学", "primary", "王府街道", false, "stf-pa")],
        [Principal("stf-pa", "sch-a", "math"), Teacher("stf-a1", "sch-a", "math"), Teacher("stf-a2", "sch-a", "math")]);

    /// <summary>
    /// 东关小学 (sch-101) with its principal 陈校长 (stf-921), 孙老师 (stf-901), 钱老师 (stf-902) and 周老师 (stf-903) in
    /// mathematics, and 吴老师 (stf-904) in Chinese, born 1967: a year from retirement on the reallocation's day.
    /// </summary>
    public static ReallocationCounty School101 { get; } = new(
        [new School("sch-101", "东关小学", "primary", "王府街道", false, "stf-921")],
        [
            Principal("stf-921", "sch-101", "mathematics", "陈校长"), Teacher("stf-901", "sch-101", "mathematics", "孙老师"), Teacher("stf-902", "sch-101", "mathematics", "钱老师"),
            Teacher("stf-903", "sch-101", "mathematics", "周老师"), Teacher("stf-904", "sch-101", "chinese", "吴老师") with { BirthDate = new DateOnly(1967, 6, 1) },
        ]);

    /// <summary>
    /// 东关小学 (sch-a) and 西苑小学 (sch-b) in town, 五里小学 (sch-r) in the country: math and Chinese teachers under each
    /// principal (stf-pa, stf-pb, stf-pr), 17 in all, and stf-aold a year from retirement; named by their ids (see <see cref="Named"/>).
    /// </summary>
    public static ReallocationCounty ThreeSchools { get; } = new(
        [
            new School("sch-a", "东关小学", "primary", "王府街道", false, "stf-pa"),
            new School("sch-b", "西苑小学", "primary", "云门山街道", false, "stf-pb"),
            new School("sch-r", "五里小学", "primary", "五里镇", true, "stf-pr"),
        ],
        [
            Principal("stf-pa", "sch-a", "math"), Teacher("stf-a1", "sch-a", "math"), Teacher("stf-a2", "sch-a", "math"), Teacher("stf-a3", "sch-a", "math"),
            Teacher("stf-a4", "sch-a", "math"), Teacher("stf-a5", "sch-a", "math"), Teacher("stf-a6", "sch-a", "chinese"),
            Teacher("stf-aold", "sch-a", "chinese") with { BirthDate = new DateOnly(1967, 6, 1) },
            Principal("stf-pb", "sch-b", "math"), Teacher("stf-b1", "sch-b", "math"), Teacher("stf-b2", "sch-b", "math"), Teacher("stf-b3", "sch-b", "math"),
            Teacher("stf-b4", "sch-b", "chinese"), Teacher("stf-b5", "sch-b", "chinese"),
            Principal("stf-pr", "sch-r", "math"), Teacher("stf-r1", "sch-r", "math"), Teacher("stf-r2", "sch-r", "chinese"),
        ]);

    /// <summary>A teacher of the school, mailed at their id; named by their id unless a name is given.</summary>
    public static StaffMember Teacher(string id, string school, string subject, string? name = null, string section = "primary", string post = "teacher") =>
        TaskHarness.Staff(id, name ?? id, id + "@qz.example.cn") with { SchoolId = school, Section = section, Subject = subject, Post = post, BirthDate = new DateOnly(1985, 3, 1) };

    /// <summary>The school's principal, as <see cref="Teacher"/> with the principal's post.</summary>
    public static StaffMember Principal(string id, string school, string subject, string? name = null) => Teacher(id, school, subject, name, post: "principal");

    /// <summary>This county with more staff, or with these in place of its own of the same id.</summary>
    public ReallocationCounty With(params StaffMember[] staff) =>
        this with { Staff = [.. Staff.Where(own => !staff.Any(other => other.Id == own.Id)), .. staff] };

    /// <summary>This county with its staff named as <paramref name="names"/> has them (by id); the others keep their names.</summary>
    public ReallocationCounty Named(IReadOnlyDictionary<string, string> names) =>
        this with { Staff = [.. Staff.Select(own => names.TryGetValue(own.Id, out string? name) ? own with { Name = name } : own)] };

    /// <summary>Puts the schools and staff in the directory of the harness's or app's services.</summary>
    public async Task SeedAsync(IServiceProvider services)
    {
        var directory = services.GetRequiredService<DirectoryStore>();
        if (Schools.Count > 0)
        {
            await directory.Schools.ApplyAsync([.. Schools], CancellationToken.None);
        }

        await directory.Staff.ApplyAsync([.. Staff], CancellationToken.None);
    }
}
