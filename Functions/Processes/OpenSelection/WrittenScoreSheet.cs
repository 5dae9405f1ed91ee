using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// Reads the written-test score sheet (笔试成绩表, Excel or CSV through <see cref="RosterFile"/>) against the eligible
/// candidates (pure once the rows are read). Every bad row and column is named; with any error nothing is taken.
/// </summary>
public static class WrittenScoreSheet
{
    /// <summary>The staff id column (人员编号).</summary>
    public const string IdColumn = "人员编号";

    /// <summary>The name column (姓名), checked against the directory so a shifted row is caught.</summary>
    public const string NameColumn = "姓名";

    /// <summary>The score column (笔试成绩): 0 to 100 with at most one decimal, or 缺考 for an absent candidate.</summary>
    public const string ScoreColumn = "笔试成绩";

    /// <summary>The value that marks a candidate absent from the test.</summary>
    public const string Absent = "缺考";

    /// <summary>The header of the sheet the office fills in.</summary>
    public static readonly IReadOnlyList<string> Columns = [IdColumn, NameColumn, ScoreColumn];

    /// <summary>The scores by staff id (null for absent), or every error found; exactly one of the two is non-empty.</summary>
    /// <param name="header">The sheet's header.</param>
    /// <param name="rows">The sheet's rows as <see cref="RosterFile.Read"/> gives them.</param>
    /// <param name="candidates">The eligible candidates: staff id → name.</param>
    public static (IReadOnlyDictionary<string, decimal?> Scores, IReadOnlyList<RowError> Errors) Parse(
        IReadOnlyList<string> header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> rows, IReadOnlyDictionary<string, string> candidates)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(candidates);
        var errors = new List<RowError>();
        foreach (string missing in Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)))
        {
            errors.Add(new RowError(1, missing, $"缺少“{missing}”列"));
        }

        if (errors.Count > 0)
        {
            return (new Dictionary<string, decimal?>(), errors);
        }

        var scores = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, cells) in rows)
        {
            string id = cells.GetValueOrDefault(IdColumn, string.Empty).Trim();
            string name = cells.GetValueOrDefault(NameColumn, string.Empty).Trim();
            string score = cells.GetValueOrDefault(ScoreColumn, string.Empty).Trim();
            if (!candidates.TryGetValue(id, out string? known))
            {
                errors.Add(new RowError(row, IdColumn, id.Length == 0 ? "人员编号不能为空" : $"“{id}”不是本次选拔资格审查通过的考生"));
                continue;
            }

            if (firstRow.TryGetValue(id, out int earlier))
            {
                errors.Add(new RowError(row, IdColumn, $"“{id}”与第 {earlier} 行重复"));
                continue;
            }

            firstRow[id] = row;
            if (!string.Equals(name, known, StringComparison.Ordinal))
            {
                errors.Add(new RowError(row, NameColumn, $"姓名“{name}”与人员编号 {id} 登记的“{known}”不符"));
            }

            if (score == Absent)
            {
                scores[id] = null;
            }
            else if (decimal.TryParse(score, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) && value <= 100 && decimal.Round(value, 1) == value)
            {
                scores[id] = value;
            }
            else
            {
                errors.Add(new RowError(row, ScoreColumn, $"“{score}”不是 0 至 100 之间、最多一位小数的成绩，缺考请填“{Absent}”"));
            }
        }

        foreach (var (id, name) in candidates.Where(c => !firstRow.ContainsKey(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            errors.Add(new RowError(rows.Count + 2, IdColumn, $"缺少考生 {name}（{id}）的成绩行"));
        }

        return errors.Count > 0 ? (new Dictionary<string, decimal?>(), errors) : (scores, errors);
    }
}
