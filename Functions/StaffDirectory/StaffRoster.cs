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

    /// <summary>
    /// The same columns in the bureau's words, in the same order (the office's blank template writes them): the labels of
    /// the office's staff form and of the other office downloads (人员编号 as every download names a staff id).
    /// </summary>
    public static readonly IReadOnlyList<string> ChineseColumns =
    [
        "人员编号", "姓名", "性别", "出生日期", "电子邮箱", "手机号码", "学校编号", "科室编号", "岗位", "学科", "学段",
        "职称", "参加工作日期", "任现岗位日期", "后备校长", "后备教研员", "申报亲属",
    ];

    private static readonly string[] Required = ["id", "name", "gender", "post"];

    // Other Chinese words the office writes over the same columns: 工号 (the points sheet's), the form's 所在学校编号 and
    // 所在科室编号, a shorter 手机 and 亲属.
    private static readonly Dictionary<string, string> OtherChineseNames = new(StringComparer.Ordinal)
    {
        ["工号"] = "id", ["手机"] = "mobile", ["所在学校编号"] = "schoolId", ["所在科室编号"] = "departmentId", ["亲属"] = "relatives",
    };

    // Cells holding a code (gender, post, subject, section, title) take the code or its Chinese name ("男" for "male").
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> CodeNames = new(StringComparer.Ordinal)
    {
        ["gender"] = DirectoryVocabulary.GenderNames, ["post"] = DirectoryVocabulary.PostNames, ["subject"] = DirectoryVocabulary.SubjectNames,
        ["section"] = DirectoryVocabulary.SectionNames, ["title"] = DirectoryVocabulary.TitleNames,
    };

    /// <summary>
    /// The column a header names, English (<see cref="Columns"/>, any case) or Chinese (<see cref="ChineseColumns"/>, or
    /// 工号, 所在学校编号, 所在科室编号, 手机, 亲属), surrounding spaces ignored; null for a header that is not a roster column.
    /// </summary>
    public static string? ColumnOf(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string name = header.Trim();
        int chinese = IndexOf(ChineseColumns, name, StringComparison.Ordinal);
        if (chinese >= 0)
        {
            return Columns[chinese];
        }

        int english = IndexOf(Columns, name, StringComparison.OrdinalIgnoreCase);
        return english >= 0 ? Columns[english] : OtherChineseNames.GetValueOrDefault(name);
    }

    /// <summary>
    /// Checks a whole roster: every bad cell is reported (row and column); the records are usable only when there is none.
    /// Headers are English or Chinese (<see cref="ColumnOf"/>); a row error names its column as the file does, and a
    /// column the file lacks in the file's language (Chinese when any header is Chinese).
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
        bool chineseFile = header.Any(h => ColumnOf(h) is not null && !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        var known = chineseFile ? ChineseColumns : Columns;

        // Each column as the file names it (its header text, the key of the row's cells).
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string column in header)
        {
            if (ColumnOf(column) is not { } field)
            {
                errors.Add(new RowError(1, column, $"“{column}”不是名册的列；名册的列为：{string.Join("、", known)}。") { ReasonEn = $"is not a roster column ({string.Join(", ", Columns)})." });
            }
            else if (!named.TryAdd(field, column))
            {
                errors.Add(new RowError(1, column, $"“{column}”与“{named[field]}”是同一列，名册中只能有一列。") { ReasonEn = $"is the same column as '{named[field]}'; a roster has it once." });
            }
        }

        // A column as the file names it; one it lacks in the file's language.
        string Named(string field) => named.TryGetValue(field, out var column) ? column
            : chineseFile && IndexOf(Columns, field, StringComparison.Ordinal) is int at and >= 0 ? ChineseColumns[at] : field;
        foreach (string column in Required.Where(r => !named.ContainsKey(r)))
        {
            errors.Add(new RowError(1, Named(column), $"缺少必填的“{Named(column)}”列。") { ReasonEn = "is a required column and is missing." });
        }

        if (rows.Count == 0)
        {
            errors.Add(new RowError(2, Named("id"), "名册中没有任何人员。") { ReasonEn = "the roster has no rows." });
        }

        var staff = new List<StaffMember>(rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rosterIds = rows.Select(r => named.TryGetValue("id", out var id) && r.Cells.TryGetValue(id, out var v) ? v.Trim() : string.Empty).ToHashSet(StringComparer.Ordinal);
        foreach (var (row, cells) in rows)
        {
            var cellErrors = new List<RowError>();
            string Cell(string field) => named.TryGetValue(field, out var column) && cells.TryGetValue(column, out var v) ? v.Trim() : string.Empty;
            string? Code(string field) => Optional(field) is { } text && CodeNames[field].FirstOrDefault(n => n.Value == text) is { Key: { } code } ? code : Optional(field);
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

                cellErrors.Add(new RowError(row, Named(column), $"“{text}”不是日期（应如 1988-01-31）。") { ReasonEn = $"'{text}' is not a date (yyyy-mm-dd)." });
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
                        cellErrors.Add(new RowError(row, Named(column), $"“{Cell(column)}”应填“是”或“否”。") { ReasonEn = $"'{Cell(column)}' is not yes/no (true, false, 是, 否)." });
                        return false;
                }
            }

            var member = new StaffMember
            {
                Id = Cell("id"),
                Name = Cell("name"),
                Gender = Code("gender") ?? string.Empty,
                BirthDate = Date("birthDate"),
                Email = Optional("email"),
                Mobile = Optional("mobile"),
                SchoolId = Optional("schoolId"),
                DepartmentId = Optional("departmentId"),
                Post = Code("post") ?? string.Empty,
                Subject = Code("subject"),
                Section = Code("section"),
                Title = Code("title"),
                HireDate = Date("hireDate"),
                PostSince = Date("postSince"),
                ReservePrincipal = Flag("reservePrincipal"),
                ReserveResearcher = Flag("reserveResearcher"),
                Relatives = Relatives(Optional("relatives"), row, Named("relatives"), cellErrors),
            };

            // A date that did not parse is already reported; its "missing" value must not add a second error.
            cellErrors.AddRange(DirectoryValidation.Validate(member, today)
                .Select(e => (Error: e, Field: e.Field.StartsWith("relatives", StringComparison.Ordinal) ? "relatives" : e.Field))
                .Where(e => !cellErrors.Exists(c => c.Column == Named(e.Field)))
                .Select(e => new RowError(row, Named(e.Field), e.Error.ReasonFor(Notifications.Languages.Chinese)) { ReasonEn = e.Error.Reason }));
            if (member.SchoolId is { } school && !schoolIds.Contains(school))
            {
                cellErrors.Add(new RowError(row, Named("schoolId"), $"名录中没有编号为“{school}”的学校。") { ReasonEn = $"no school with id '{school}' is in the directory." });
            }

            if (member.DepartmentId is { } department && !departmentIds.Contains(department))
            {
                cellErrors.Add(new RowError(row, Named("departmentId"), $"名录中没有编号为“{department}”的科室。") { ReasonEn = $"no department with id '{department}' is in the directory." });
            }

            foreach (var relative in member.Relatives ?? [])
            {
                if (!rosterIds.Contains(relative.StaffId) && staffIds?.Contains(relative.StaffId) != true && !cellErrors.Exists(c => c.Column == Named("relatives")))
                {
                    cellErrors.Add(new RowError(row, Named("relatives"), $"申报亲属“{relative.StaffId}”不在名录或本名册中。") { ReasonEn = $"no staff member with id '{relative.StaffId}' is in the directory or the roster." });
                }
            }

            if (member.Id.Length > 0 && !seen.TryAdd(member.Id, row))
            {
                cellErrors.Add(new RowError(row, Named("id"), $"工号“{member.Id}”与第 {seen[member.Id]} 行重复。") { ReasonEn = $"'{member.Id}' is also on row {seen[member.Id]}." });
            }

            errors.AddRange(cellErrors);
            staff.Add(member);
        }

        return (staff, errors);
    }

    // "stf-0002:夫妻；stf-0003:父子": what the office types in one cell, and what the export writes.
    private static List<DeclaredRelative>? Relatives(string? cell, int row, string column, List<RowError> cellErrors)
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
                cellErrors.Add(new RowError(row, column, $"“{pair}”应写作“人员编号:关系”，如 stf-0002:夫妻。") { ReasonEn = $"'{pair}' is not 'staffId:relation', e.g. stf-0002:夫妻." });
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

    private static int IndexOf(IReadOnlyList<string> list, string value, StringComparison comparison)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, comparison))
            {
                return i;
            }
        }

        return -1;
    }
}
