using System.Globalization;

namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>The batch board as its download has it: a row per trainee by base, the week's marks in words, headers in Chinese.</summary>
internal static class BatchBoardTable
{
    /// <summary>
    /// 基地, 导师, 学员编号, 学员, 学校, then per training day its attendance and journal, then the mentor's evaluation, the
    /// trainee's summary and how many items are missing (a number).
    /// </summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Of(BatchBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        List<string> header =
        [
            "基地", "导师", "学员编号", "学员", "学校",
            .. board.Days.SelectMany(d => new[] { Day(d.Date, d.ThemeZh) + "考勤", Day(d.Date, d.ThemeZh) + "日志" }),
            "导师评价", "学员总结", "缺项数",
        ];
        var mentors = board.Bases.DistinctBy(b => b.BaseId).ToDictionary(b => b.BaseId, b => b.Mentor, StringComparer.Ordinal);
        var rows = board.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.BaseName, mentors.GetValueOrDefault(r.BaseId), r.TraineeId, r.Name, r.School,
            .. Enumerable.Range(0, board.Days.Count).SelectMany(i => new[] { Attendance(r.Attendance[i]), Handed(r.Journals[i]) }),
            Handed(r.Evaluation), Handed(r.Summary), r.MissingCount,
        ]).ToList();
        return (header, rows);
    }

    private static string Day(DateOnly date, string theme) => string.Create(CultureInfo.InvariantCulture, $"{date.Month}月{date.Day}日（{theme}）");

    private static string Attendance(BoardMark mark) => mark switch
    {
        BoardMark.Done => "出勤",
        BoardMark.Absent => "缺勤",
        BoardMark.Missed => "未登记",
        BoardMark.Overdue => "逾期未登记",
        BoardMark.Open => "待登记",
        _ => "未开始",
    };

    private static string Handed(BoardMark mark) => mark switch
    {
        BoardMark.Done or BoardMark.Absent => "已交",
        BoardMark.Missed => "未交",
        BoardMark.Overdue => "逾期未交",
        BoardMark.Open => "待交",
        _ => "未开始",
    };
}
