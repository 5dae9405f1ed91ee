using EduFlows.Hosting;
using EduFlows.StaffDirectory;

namespace EduFlows.Workbench;

/// <summary>
/// The office pages' downloads: one table as Excel (.xlsx) or CSV, written the way rosters are
/// (<see cref="RosterFile.Write"/>), so every cell that a spreadsheet would read as a formula (=, +, -, @) is
/// neutralised by the one helper, <see cref="RosterFile.Neutralise"/>.
/// </summary>
public static class OfficeExport
{
    /// <summary>The Excel content type.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The CSV content type.</summary>
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The format a route segment names ("xlsx" or "csv"), or null for anything else.</summary>
    public static RosterFile.Format? FormatOf(string? format) => format?.ToUpperInvariant() switch
    {
        "XLSX" => RosterFile.Format.Xlsx,
        "CSV" => RosterFile.Format.Csv,
        _ => null,
    };

    /// <summary>A 404 naming the format field, in Chinese first, for a format other than xlsx or csv.</summary>
    public static IResult UnknownFormat() =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "format", "下载格式只有 xlsx 和 csv 两种。", "The download formats are xlsx and csv.");

    /// <summary>The table as a file download named <paramref name="name"/> plus the format's extension.</summary>
    /// <param name="format">Excel or CSV.</param>
    /// <param name="name">The file name without extension (ASCII, so that every browser keeps it).</param>
    /// <param name="header">The column headers, in Chinese only (the office's files are read by staff).</param>
    /// <param name="rows">
    /// The rows, the n-th cell under the n-th header; missing cells are empty. A number (int, long, decimal, double) is
    /// a number cell in Excel; text (ids, mobiles, dates, names) stays text, neutralised against formulas.
    /// </param>
    /// <exception cref="ArgumentException">When a row has more cells than there are headers.</exception>
    public static IResult File(RosterFile.Format format, string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var output = new MemoryStream();
        RosterFile.WriteTable(output, format, header, rows);
        return format == RosterFile.Format.Csv
            ? TypedResults.File(output.ToArray(), CsvType, name + ".csv")
            : TypedResults.File(output.ToArray(), XlsxType, name + ".xlsx");
    }
}
