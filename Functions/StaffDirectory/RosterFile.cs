using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace EduFlows.StaffDirectory;

/// <summary>Reads and writes roster files, CSV (CsvHelper) or Excel .xlsx (MiniExcel), as rows of text cells under a header.</summary>
public static class RosterFile
{
    /// <summary>The formats a roster comes in.</summary>
    public enum Format
    {
        /// <summary>Comma-separated, UTF-8, header row first.</summary>
        Csv,

        /// <summary>Excel 2007+ workbook; the first sheet, header row first.</summary>
        Xlsx,
    }

    /// <summary>The header and the data rows (row numbers as a spreadsheet shows them: the header is row 1).</summary>
    /// <exception cref="InvalidDataException">When the file cannot be read as the format at all.</exception>
    public static (IReadOnlyList<string> Header, IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Cells)> Rows) Read(Stream content, Format format)
    {
        try
        {
            return format == Format.Csv ? ReadCsv(content) : ReadXlsx(content);
        }
        catch (Exception ex) when (ex is CsvHelperException or InvalidOperationException or IOException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"The file is not a readable {format} roster: {ex.Message}", ex);
        }
    }

    /// <summary>Writes a header and rows.</summary>
    public static void Write(Stream output, Format format, IReadOnlyList<string> header, IEnumerable<IReadOnlyDictionary<string, string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (format == Format.Csv)
        {
            using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (string column in header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (string column in header)
                {
                    csv.WriteField(row.TryGetValue(column, out var value) ? value : null);
                }

                csv.NextRecord();
            }

            return;
        }

        var sheet = rows.Select(row => header.ToDictionary(c => c, c => (object?)(row.TryGetValue(c, out var v) ? v : null))).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(header.ToDictionary(c => c, _ => (object?)null));
        }

        output.SaveAs(sheet, excelType: ExcelType.XLSX);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<(int, IReadOnlyDictionary<string, string>)>) ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            return ([], []);
        }

        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        int row = 1;
        while (csv.Read())
        {
            row++;
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < header.Length; i++)
            {
                cells[header[i]] = csv.TryGetField(i, out string? value) ? value ?? string.Empty : string.Empty;
            }

            if (cells.Values.Any(v => v.Length > 0))
            {
                rows.Add((row, cells));
            }
        }

        return (header, rows);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<(int, IReadOnlyDictionary<string, string>)>) ReadXlsx(Stream content)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        buffer.Position = 0;
        var header = buffer.GetColumns(useHeaderRow: true, excelType: ExcelType.XLSX)?.Select(c => c?.ToString() ?? string.Empty).ToList() ?? [];
        buffer.Position = 0;
        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        int row = 1;
        foreach (IDictionary<string, object?> record in buffer.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
        {
            row++;
            var cells = record.ToDictionary(kv => kv.Key, kv => Text(kv.Value), StringComparer.OrdinalIgnoreCase);
            if (cells.Values.Any(v => v.Length > 0))
            {
                rows.Add((row, cells));
            }
        }

        return (header, rows);
    }

    // Excel hands numbers and dates over typed; rosters hold them as text (a mobile number is not a quantity).
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString("0.##########", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty,
    };
}
