using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The points sheet as an Excel file (read and written as rosters are, <see cref="RosterFile"/>): one row per person under
/// Chinese headers (工号, 姓名, 近两年考核, 支教年限, 艰苦边远年限, 家庭情况); the English names are taken too. Pure.
/// </summary>
public static class PointsSheetFile
{
    /// <summary>The most years a service column takes: more than a whole career is a typing error.</summary>
    public const int MaxYears = 45;

    /// <summary>The most family cases one person may have approved.</summary>
    public const int MaxFamilyCases = 10;

    /// <summary>The columns: Chinese header, English header.</summary>
    public static readonly IReadOnlyList<(string Zh, string En)> Columns =
    [
        ("工号", "staffId"), ("姓名", "name"), ("近两年考核", "assessments"), ("支教年限", "supportTeachingYears"), ("艰苦边远年限", "hardshipYears"), ("家庭情况", "familyCases"),
    ];

    /// <summary>The header exports write (Chinese, as staff and the bureau read it).</summary>
    public static IReadOnlyList<string> Header => [.. Columns.Select(c => c.Zh)];

    private static readonly char[] Separators = ['、', '，', ',', '/', '；', ';', ' ', '　'];

    /// <summary>
    /// The rows as sheet values by staff id, or every cell at fault (row as the spreadsheet shows it, the column's
    /// header as in the file, the reason in zh-CN). The file is taken whole or not at all.
    /// </summary>
    public static (IReadOnlyList<(string StaffId, string? Name, PointsSheetValues Values)> Rows, IReadOnlyList<RowError> Errors) Parse(
        IReadOnlyList<string> header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> rows, IReadOnlySet<string> knownStaff)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(knownStaff);
        var errors = new List<RowError>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (zh, en) in Columns)
        {
            string? used = header.FirstOrDefault(h => string.Equals(h.Trim(), zh, StringComparison.Ordinal) || string.Equals(h.Trim(), en, StringComparison.OrdinalIgnoreCase));
            if (used is not null)
            {
                names[en] = used;
            }
            else if (en != "name")
            {
                errors.Add(new RowError(1, zh, $"缺少“{zh}”列（或 {en}）。"));
            }
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var parsed = new List<(string, string?, PointsSheetValues)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, cells) in rows)
        {
            string Cell(string en) => names.TryGetValue(en, out var column) && cells.TryGetValue(column, out var value) ? value.Trim() : string.Empty;
            string staffId = Cell("staffId");
            int before = errors.Count;
            if (staffId.Length == 0)
            {
                errors.Add(new RowError(row, names["staffId"], "工号不能为空。"));
            }
            else if (!knownStaff.Contains(staffId))
            {
                errors.Add(new RowError(row, names["staffId"], $"工号 {staffId} 不在教职工名册中。"));
            }
            else if (seen.TryGetValue(staffId, out int first))
            {
                errors.Add(new RowError(row, names["staffId"], $"工号 {staffId} 与第 {first} 行重复。"));
            }
            else
            {
                seen[staffId] = row;
            }

            var words = Cell("assessments").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var results = words.Select(AssessmentWords.CodeOf).ToList();
            if (words.Length > 2)
            {
                errors.Add(new RowError(row, names["assessments"], "近两年考核最多填两个结果（最近一年在前），例如“优秀、合格”。"));
            }
            else if (results.IndexOf(null) is int bad and >= 0)
            {
                errors.Add(new RowError(row, names["assessments"], $"“{words[bad]}”不是考核结果：应为 优秀、合格、基本合格 或 不合格。"));
            }

            int support = Whole(row, names["supportTeachingYears"], Cell("supportTeachingYears"), MaxYears, errors);
            int hardship = Whole(row, names["hardshipYears"], Cell("hardshipYears"), MaxYears, errors);
            int family = Whole(row, names["familyCases"], Cell("familyCases"), MaxFamilyCases, errors);
            if (errors.Count == before)
            {
                string? name = Cell("name");
                parsed.Add((staffId, name.Length > 0 ? name : null, new PointsSheetValues([.. results.OfType<string>()], support, hardship, family)));
            }
        }

        return errors.Count > 0 ? ([], errors) : (parsed, []);
    }

    /// <summary>Writes the sheet, the results in Chinese, so that the file imports back unchanged.</summary>
    public static void Write(Stream output, IEnumerable<PointsSheetEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var header = Header;
        var rows = entries.OrderBy(e => e.StaffId, StringComparer.Ordinal).Select(e => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [header[0]] = e.StaffId,
            [header[1]] = e.Name,
            [header[2]] = string.Join("、", e.Values.Assessments.Select(AssessmentWords.Zh)),
            [header[3]] = e.Values.SupportTeachingYears.ToString(CultureInfo.InvariantCulture),
            [header[4]] = e.Values.HardshipYears.ToString(CultureInfo.InvariantCulture),
            [header[5]] = e.Values.FamilyCases.ToString(CultureInfo.InvariantCulture),
        });
        RosterFile.Write(output, RosterFile.Format.Xlsx, header, rows);
    }

    // A whole number from 0 to max; an empty cell is 0. Excel may hand "3.0" for a number cell.
    private static int Whole(int row, string column, string text, int max, List<RowError> errors)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) || value != decimal.Truncate(value))
        {
            errors.Add(new RowError(row, column, $"“{text}”不是整数。"));
            return 0;
        }

        if (value < 0 || value > max)
        {
            errors.Add(new RowError(row, column, Invariant($"应在 0 到 {max} 之间，不能是 {value}。")));
            return 0;
        }

        return (int)value;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
