using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// A person's moves as the secondment report shows them (人员调动): the day, from which unit and post to which, and why,
/// in the bureau's words with the units' names (the directory's id when a unit is no longer in it).
/// </summary>
/// <param name="On">The day the move took effect.</param>
/// <param name="From">The unit and post before, e.g. "城关小学（教师）".</param>
/// <param name="To">The unit and post after.</param>
/// <param name="Reason">Why (as the process that made it wrote it).</param>
public sealed record SecondmentMoveLine(string On, string From, string To, string Reason)
{
    /// <summary>The person's moves, oldest first, read from the directory.</summary>
    public static async Task<IReadOnlyList<SecondmentMoveLine>> OfAsync(DirectoryStore directory, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var moves = await directory.MovesOfAsync(staffId, cancellationToken).ConfigureAwait(false);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);

        async Task<string> UnitAsync(string? schoolId, string? departmentId)
        {
            string key = schoolId is not null ? "s:" + schoolId : departmentId is not null ? "d:" + departmentId : string.Empty;
            if (key.Length == 0)
            {
                return "无单位";
            }

            if (!names.TryGetValue(key, out string? name))
            {
                name = schoolId is not null
                    ? (await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false))?.Name ?? schoolId
                    : (await directory.Departments.GetAsync(departmentId!, cancellationToken).ConfigureAwait(false))?.Name ?? departmentId!;
                names[key] = name;
            }

            return name;
        }

        static string Post(string post) => DirectoryVocabulary.PostNames.GetValueOrDefault(post, post);

        var lines = new List<SecondmentMoveLine>(moves.Count);
        foreach (var m in moves)
        {
            lines.Add(new SecondmentMoveLine(
                m.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"{await UnitAsync(m.FromSchoolId, m.FromDepartmentId).ConfigureAwait(false)}（{Post(m.FromPost)}）",
                $"{await UnitAsync(m.ToSchoolId, m.ToDepartmentId).ConfigureAwait(false)}（{Post(m.ToPost)}）",
                m.Reason));
        }

        return lines;
    }

    /// <summary>The line as a cell of the report's table: "2026-09-01 城关小学（教师）→ 教育局组织科（机关干部），挂职锻炼到岗".</summary>
    public string Zh => $"{On} {From} → {To}，{Reason}";
}
