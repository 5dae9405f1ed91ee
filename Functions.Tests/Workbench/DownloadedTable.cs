using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace EduFlows.Tests.Workbench;

/// <summary>A downloaded table read back by position: an .xlsx opened with MiniExcel (numbers come back as double, text as string), a CSV parsed with CsvHelper.</summary>
internal static class DownloadedTable
{
    /// <summary>The first sheet's header row and rows, each cell as the workbook types it; an empty cell is null.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Xlsx(byte[] file)
    {
        using var content = new MemoryStream(file);
        var sheet = content.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        var header = sheet[0].Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty).ToList();
        return (header, [.. sheet.Skip(1).Select(r => (IReadOnlyList<object?>)[.. r.Take(header.Count), .. Enumerable.Repeat<object?>(null, Math.Max(0, header.Count - r.Count))])]);
    }

    /// <summary>The header and the rows of a CSV (its byte-order mark skipped).</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Csv(string text)
    {
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        var records = new List<string[]>();
        while (parser.Read())
        {
            records.Add(parser.Record ?? []);
        }

        return (records[0], [.. records.Skip(1)]);
    }

    /// <summary>A row as header → cell, so an assertion names the column it reads.</summary>
    public static IReadOnlyDictionary<string, T> ByHeader<T>(IReadOnlyList<string> header, IReadOnlyList<T> row) =>
        header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => row[x.i], StringComparer.Ordinal);
}
