using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>The written-test score sheet: an Excel file read through RosterFile, every bad cell named, nothing taken on error.</summary>
public sealed class WrittenScoreSheetTests
{
    private static readonly Dictionary<string, string> Candidates = new() { ["stf-1"] = "王芳", ["stf-2"] = "李强", ["stf-3"] = "张伟" };

    [Fact]
    public void Parse_GoodExcelSheet_TakesEveryScore_AbsentAsNull()
    {
        var (header, rows) = Read(("stf-1", "王芳", "88.5"), ("stf-2", "李强", "缺考"), ("stf-3", "张伟", "100"));

        var (scores, errors) = WrittenScoreSheet.Parse(header, rows, Candidates);

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, decimal?> { ["stf-1"] = 88.5m, ["stf-2"] = null, ["stf-3"] = 100m }, scores);
    }

    [Fact]
    public void Parse_BadRows_NamesEveryRowAndColumn_AndTakesNothing()
    {
        var (header, rows) = Read(("stf-1", "王芳", "101"), ("stf-9", "赵六", "80"), ("stf-1", "王芳", "70"), ("stf-2", "李刚", "88.25"));

        var (scores, errors) = WrittenScoreSheet.Parse(header, rows, Candidates);

        Assert.Empty(scores);
        Assert.Equal(
            [
                new RowError(2, "笔试成绩", "“101”不是 0 至 100 之间、最多一位小数的成绩，缺考请填“缺考”"),
                new RowError(3, "人员编号", "“stf-9”不是本次选拔资格审查通过的考生"),
                new RowError(4, "人员编号", "“stf-1”与第 2 行重复"),
                new RowError(5, "姓名", "姓名“李刚”与人员编号 stf-2 登记的“李强”不符"),
                new RowError(5, "笔试成绩", "“88.25”不是 0 至 100 之间、最多一位小数的成绩，缺考请填“缺考”"),
                new RowError(6, "人员编号", "缺少考生 张伟（stf-3）的成绩行"),
            ],
            errors);
    }

    [Fact]
    public void Parse_OneBadRowAmongGoodOnes_TakesNoneOfTheGoodOnes()
    {
        var (header, rows) = Read(("stf-1", "王芳", "88"), ("stf-2", "李强", "八十"), ("stf-3", "张伟", "90"));

        var (scores, errors) = WrittenScoreSheet.Parse(header, rows, Candidates);

        Assert.Equal([(3, WrittenScoreSheet.ScoreColumn)], errors.Select(e => (e.Row, e.Column)));
        Assert.Empty(scores);
    }

    [Fact]
    public void Parse_MissingColumn_NamesItOnTheHeaderRow()
    {
        using var file = new MemoryStream();
        RosterFile.Write(file, RosterFile.Format.Xlsx, ["人员编号", "成绩"], [new Dictionary<string, string?> { ["人员编号"] = "stf-1", ["成绩"] = "80" }]);
        file.Position = 0;
        var (header, rows) = RosterFile.Read(file, RosterFile.Format.Xlsx);

        var (scores, errors) = WrittenScoreSheet.Parse(header, rows, Candidates);

        Assert.Empty(scores);
        Assert.Equal([new RowError(1, "姓名", "缺少“姓名”列"), new RowError(1, "笔试成绩", "缺少“笔试成绩”列")], errors);
    }

    internal static (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) Read(params (string Id, string Name, string Score)[] lines)
    {
        using var file = new MemoryStream();
        RosterFile.Write(file, RosterFile.Format.Xlsx, WrittenScoreSheet.Columns, lines.Select(l => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            [WrittenScoreSheet.IdColumn] = l.Id, [WrittenScoreSheet.NameColumn] = l.Name, [WrittenScoreSheet.ScoreColumn] = l.Score,
        }));
        file.Position = 0;
        return RosterFile.Read(file, RosterFile.Format.Xlsx);
    }
}
