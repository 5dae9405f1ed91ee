using EduFlows.StaffDirectory;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's downloads as written (<see cref="OfficeExport.File"/>, <see cref="RosterFile.WriteTable"/>) and read back:
/// numbers are number cells, ids and mobiles stay text with their leading zeros, text that a spreadsheet would run is
/// neutralised, and every cell stays under its own header whatever is empty before it.
/// </summary>
public sealed class OfficeExportTests
{
    private static readonly string[] Header = ["编号", "手机", "得分", "名次", "备注", "出库原因"];

    private static readonly IReadOnlyList<object?>[] Rows =
    [
        ["007", "13800001111", 88.5m, 2, "=SUM(A1:A9)", "已任用"],
        ["-1", "@张三", -3.25m, null, string.Empty, "超龄"],
        ["010", null, 0m, 1L, "+加分", null],
    ];

    [Fact]
    public void Xlsx_NumbersAreNumberCells_IdsAndMobilesStayText_FormulasNeutralised()
    {
        var (header, rows) = DownloadedTable.Xlsx(Bytes(RosterFile.Format.Xlsx));

        Assert.Equal(Header, header);
        Assert.Equal(["007", "13800001111", 88.5, 2.0, "'=SUM(A1:A9)", "已任用"], rows[0]);
        Assert.Equal(["'-1", "'@张三", -3.25, null, null, "超龄"], rows[1]);
        Assert.Equal(["010", null, 0.0, 1.0, "'+加分", null], rows[2]);
    }

    [Fact]
    public void Csv_HasTheSameTable_NumbersPlain_TextNeutralised()
    {
        var (header, rows) = DownloadedTable.Csv(System.Text.Encoding.UTF8.GetString(Bytes(RosterFile.Format.Csv)));

        Assert.Equal(Header, header);
        Assert.Equal(["007", "13800001111", "88.5", "2", "'=SUM(A1:A9)", "已任用"], rows[0]);
        Assert.Equal(["'-1", "'@张三", "-3.25", string.Empty, string.Empty, "超龄"], rows[1]);
        Assert.Equal(["010", string.Empty, "0", "1", "'+加分", string.Empty], rows[2]);
    }

    [Theory]
    [InlineData(RosterFile.Format.Xlsx)]
    [InlineData(RosterFile.Format.Csv)]
    public void RepeatedHeaders_EachKeepsItsOwnColumn(RosterFile.Format format)
    {
        using var output = new MemoryStream();
        RosterFile.WriteTable(output, format, ["姓名", "得分", "得分"], [["王芳", 1, 2]]);

        var (header, rows) = Texts(format, output.ToArray());
        Assert.Equal(["姓名", "得分", "得分"], header);
        Assert.Equal(["王芳", "1", "2"], Assert.Single(rows));
    }

    [Fact]
    public void NoRows_IsTheHeaderAlone()
    {
        using var output = new MemoryStream();
        RosterFile.WriteTable(output, RosterFile.Format.Xlsx, Header, []);

        var (header, rows) = DownloadedTable.Xlsx(output.ToArray());
        Assert.Equal(Header, header);
        Assert.Empty(rows);
    }

    [Fact]
    public void RowWiderThanTheHeader_IsRefused()
    {
        using var output = new MemoryStream();
        Assert.Throws<ArgumentException>(() => RosterFile.WriteTable(output, RosterFile.Format.Csv, ["姓名"], [["王芳", "多出的一格"]]));
    }

    [Fact]
    public void File_NamesTheDownloadAndItsType()
    {
        var xlsx = Assert.IsType<FileContentHttpResult>(OfficeExport.File(RosterFile.Format.Xlsx, "reserve-pool", Header, Rows));
        var csv = Assert.IsType<FileContentHttpResult>(OfficeExport.File(RosterFile.Format.Csv, "reserve-pool", Header, Rows));

        Assert.Equal(("reserve-pool.xlsx", OfficeExport.XlsxType), (xlsx.FileDownloadName, xlsx.ContentType));
        Assert.Equal(("reserve-pool.csv", OfficeExport.CsvType), (csv.FileDownloadName, csv.ContentType));
        Assert.Equal(Header, DownloadedTable.Xlsx(xlsx.FileContents.ToArray()).Header);
    }

    // Either format's cells as text (an xlsx number as its invariant text), for assertions that hold for both.
    private static (IReadOnlyList<string> Header, List<List<string?>> Rows) Texts(RosterFile.Format format, byte[] file)
    {
        if (format == RosterFile.Format.Csv)
        {
            var (csvHeader, csvRows) = DownloadedTable.Csv(System.Text.Encoding.UTF8.GetString(file));
            return (csvHeader, [.. csvRows.Select(r => r.Select(c => (string?)c).ToList())]);
        }

        var (header, rows) = DownloadedTable.Xlsx(file);
        return (header, [.. rows.Select(r => r.Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)).ToList())]);
    }

    private static byte[] Bytes(RosterFile.Format format)
    {
        using var output = new MemoryStream();
        RosterFile.WriteTable(output, format, Header, Rows);
        return output.ToArray();
    }
}
