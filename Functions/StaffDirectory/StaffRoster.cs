using System.Globalization;

namespace EduFlows.StaffDirectory;

/// <summary>The staff roster's columns, and the mapping between roster rows and staff records.</summary>
public static class StaffRoster
{
    /// <summary>The columns, in the order exports write them; imports accept any order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "name", "gender", "birthDate", "email", "mobile", "schoolId", "departmentId", "post", "subject", "section",
        "title", "hireDate", "postSince", "reservePrincipal", "reserveResearcher", "relatives",
    ];

    private static readonly string[] Required = ["id", "name", "gender", "post"];

    /// <summary>
    /// Checks a whole roster: every bad cell is reported (row and column); the records are usable only when there is none.
    /// References to schools and departments are checked against <paramref name="schoolIds"/> and <paramref name="departmentIds"/>;
    /// declared relatives against the roster's own ids and <paramref name="staffIds"/> (the directory's).
    /// The relatives cell reads "stf-0002:夫妻；stf-0003:父子" (half- or full-width separators).
    /// </summary>
    public static (List<StaffMember> Staff, List<RowError> Errors) Parse(
        IReadOnlyList<string> header,
        IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> rows,
        IReadOnlySet<string> schoolIds,
        IReadOnlySet<string> departmentIds,
        DateOnly today,
        IReadOnlySet<string>? staffIds = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<RowError>();
        var known = new HashSet<string>(Columns, StringComparer.OrdinalIgnoreCase);
        foreach (string column in header.Where(h => !known.Contains(h)))
        {
            errors.Add(new RowError(1, column, $"“{column}”不是名册的列；名册的列为：{string.Join("、", Columns)}。") { ReasonEn = $"is not a roster column ({string.Join(", ", Columns)})." });
        }

        foreach (string column in Required.Where(r => !header.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(new RowError(1, column, $"缺少必填的“{column}”列。") { ReasonEn = "is a required column and is missing." });
        }

        if (rows.Count == 0)
        {
            errors.Add(new RowError(2, "id", "名册中没有任何人员。") { ReasonEn = "the roster has no rows." });
        }

        var staff = new List<StaffMember>(rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rosterIds = rows.Select(r => r.Cells.TryGetValue("id", out var v) ? v.Trim() : string.Empty).ToHashSet(StringComparer.Ordinal);
        foreach (var (row, cells) in rows)
        {
            var cellErrors = new List<RowError>();
            string Cell(string column) => cells.TryGetValue(column, out var v) ? v.Trim() : string.Empty;
            string? Optional(string column) => Cell(column) is { Length: > 0 } v ? v : null;
            DateOnly? Date(string column)
            {
                if (Optional(column) is not { } text)
                {
                    return null;
                }

                if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                cellErrors.Add(new RowError(row, column, $"“{text}”不是日期（应如 1988-01-31）。") { ReasonEn = $"'{text}' is not a date (yyyy-mm-dd)." });
                return null;
            }

            bool Flag(string column)
            {
                switch (Cell(column).ToUpperInvariant())
                {
                    case "" or "FALSE" or "NO" or "0" or "否":
                        return false;
                    case "TRUE" or "YES" or "1" or "是":
                        return true;
                    default:
                        cellErrors.Add(new RowError(row, column, $"“{Cell(column)}”应填“是”或“否”。") { ReasonEn = $"'{Cell(column)}' is not yes/no (true, false, 是, 否)." });
                        return false;
                }
            }

            var member = new StaffMember
            {
                Id = Cell("id"),
                Name = Cell("name"),
                Gender = Cell("gender"),
                BirthDate = Date("birthDate"),
                Email = Optional("email"),
                Mobile = Optional("mobile"),
                SchoolId = Optional("schoolId"),
                DepartmentId = Optional("departmentId"),
                Post = Cell("post"),
                Subject = Optional("subject"),
                Section = Optional("section"),
                Title = Optional("title"),
                HireDate = Date("hireDate"),
                PostSince = Date("postSince"),
                ReservePrincipal = Flag("reservePrincipal"),
                ReserveResearcher = Flag("reserveResearcher"),
                Relatives = Relatives(Optional("relatives"), row, cellErrors),
            };

            // A date that did not parse is already reported; its "missing" value must not add a second error.
            cellErrors.AddRange(DirectoryValidation.Validate(member, today)
                .Where(e => !cellErrors.Exists(c => c.Column == e.Field))
                .Select(e => new RowError(row, e.Field.StartsWith("relatives", StringComparison.Ordinal) ? "relatives" : e.Field, e.ReasonFor(Notifications.Languages.Chinese)) { ReasonEn = e.Reason }));
            if (member.SchoolId is { } school && !schoolIds.Contains(school))
            {
                cellErrors.Add(new RowError(row, "schoolId", $"名录中没有编号为“{school}”的学校。") { ReasonEn = $"no school with id '{school}' is in the directory." });
            }

            if (member.DepartmentId is { } department && !departmentIds.Contains(department))
            {
                cellErrors.Add(new RowError(row, "departmentId", $"名录中没有编号为“{department}”的科室。") { ReasonEn = $"no department with id '{department}' is in the directory." });
            }

            foreach (var relative in member.Relatives ?? [])
            {
                if (!rosterIds.Contains(relative.StaffId) && staffIds?.Contains(relative.StaffId) != true && !cellErrors.Exists(c => c.Column == "relatives"))
                {
                    cellErrors.Add(new RowError(row, "relatives", $"申报亲属“{relative.StaffId}”不在名录或本名册中。") { ReasonEn = $"no staff member with id '{relative.StaffId}' is in the directory or the roster." });
                }
            }

            if (member.Id.Length > 0 && !seen.TryAdd(member.Id, row))
            {
                cellErrors.Add(new RowError(row, "id", $"工号“{member.Id}”与第 {seen[member.Id]} 行重复。") { ReasonEn = $"'{member.Id}' is also on row {seen[member.Id]}." });
            }

            errors.AddRange(cellErrors);
            staff.Add(member);
        }

        return (staff, errors);
    }

    // "stf-0002:夫妻；stf-0003:父子": what the office types in one cell, and what the export writes.
    private static List<DeclaredRelative>? Relatives(string? cell, int row, List<RowError> cellErrors)
    {
        if (cell is null)
        {
            return null;
        }

        var relatives = new List<DeclaredRelative>();
        foreach (string pair in cell.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split([':', '：'], 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                cellErrors.Add(new RowError(row, "relatives", $"“{pair}”应写作“人员编号:关系”，如 stf-0002:夫妻。") { ReasonEn = $"'{pair}' is not 'staffId:relation', e.g. stf-0002:夫妻." });
                continue;
            }

            relatives.Add(new DeclaredRelative(parts[0], parts[1]));
        }

        return relatives.Count > 0 ? relatives : null;
    }

    /// <summary>A record as a roster row (personal columns left empty when <paramref name="personal"/> is false).</summary>
    public static IReadOnlyDictionary<string, string?> ToRow(StaffMember staff, bool personal)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return new Dictionary<string, string?>
        {
            ["id"] = staff.Id,
            ["name"] = staff.Name,
            ["gender"] = staff.Gender,
            ["birthDate"] = personal ? staff.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["email"] = personal ? staff.Email : null,
            ["mobile"] = personal ? staff.Mobile : null,
            ["schoolId"] = staff.SchoolId,
            ["departmentId"] = staff.DepartmentId,
            ["post"] = staff.Post,
            ["subject"] = staff.Subject,
            ["section"] = staff.Section,
            ["title"] = staff.Title,
            ["hireDate"] = staff.HireDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["postSince"] = staff.PostSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["reservePrincipal"] = staff.ReservePrincipal ? "true" : "false",
            ["reserveResearcher"] = staff.ReserveResearcher ? "true" : "false",
            ["relatives"] = personal && staff.Relatives is { Count: > 0 } relatives ? string.Join("；", relatives.Select(r => $"{r.StaffId}:{r.Relation}")) : null,
        };
    }
}
