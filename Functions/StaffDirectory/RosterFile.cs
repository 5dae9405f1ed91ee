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

    /// <summary>
    /// The longest row a roster may have, in characters. A real row (sixteen short columns) is a few hundred; the bound
    /// keeps a hostile row (thousands of quotes, say) from costing the parser more than a fixed amount per row.
    /// </summary>
    public const int MaxRowChars = 4096;

    /// <summary>The most columns a roster row may have (the roster has sixteen; unknown ones are reported, not read).</summary>
    public const int MaxColumns = 64;

    /// <summary>
    /// The characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): exports prefix a cell
    /// that starts with one of them with <see cref="FormulaEscape"/>, and imports take that prefix off again.
    /// </summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The prefix that keeps a cell text (a single quote, as OWASP recommends).</summary>
    private const char FormulaEscape = '\'';

    /// <summary>The header and the data rows (row numbers as a spreadsheet shows them: the header is row 1).</summary>
    /// <exception cref="InvalidDataException">When the file cannot be read as the format at all.</exception>
    /// <exception cref="RosterTooLargeException">When a row is longer than <see cref="MaxRowChars"/> or has more than <see cref="MaxColumns"/> columns.</exception>
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

    /// <summary>Writes a header and rows of text cells, each row's cells found by header (a missing one is empty).</summary>
    public static void Write(Stream output, Format format, IReadOnlyList<string> header, IEnumerable<IReadOnlyDictionary<string, string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        WriteTable(output, format, header, rows.Select(row => (IReadOnlyList<object?>)[.. header.Select(c => row.TryGetValue(c, out var v) ? v : null)]));
    }

    /// <summary>
    /// Writes a header and rows whose cells stand by position under it: the n-th cell under the n-th header, a missing
    /// cell empty. A number (int, long, decimal, double) is a number cell in Excel and written plainly in CSV; everything
    /// else is text, neutralised by <see cref="Neutralise"/>, so an id or a mobile with a leading zero stays as typed.
    /// </summary>
    /// <exception cref="ArgumentException">When a row has more cells than the header has columns.</exception>
    public static void WriteTable(Stream output, Format format, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select((row, n) => row.Count <= header.Count
            ? row
            : throw new ArgumentException($"Row {n + 1} has {row.Count} cells under {header.Count} headers.", nameof(rows)));
        if (format == Format.Csv)
        {
            using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (string column in header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in cells)
            {
                for (int i = 0; i < header.Count; i++)
                {
                    csv.WriteField(i < row.Count ? CsvCell(row[i]) : null);
                }

                csv.NextRecord();
            }

            return;
        }

        // The header is written as the first row under positional keys (c0, c1, …), not as MiniExcel's keys: a cell is
        // placed by its position alone, so no header text (repeated, or shaped like another) can move it.
        var keys = Enumerable.Range(0, header.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i}")).ToArray();
        var sheet = new List<Dictionary<string, object?>> { Enumerable.Range(0, header.Count).ToDictionary(i => keys[i], i => (object?)header[i], StringComparer.Ordinal) };
        sheet.AddRange(cells.Select(row => Enumerable.Range(0, header.Count).ToDictionary(i => keys[i], i => i < row.Count ? XlsxCell(row[i]) : null, StringComparer.Ordinal)));
        output.SaveAs(sheet, printHeader: false, excelType: ExcelType.XLSX);
    }

    /// <summary>
    /// A text cell as exports write it: one that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab
    /// or a carriage return) gets a leading single quote. Numbers are not text: <see cref="WriteTable"/> writes them as
    /// numbers, so a negative one keeps its minus and a text cell's leading minus can be escaped without loss.
    /// </summary>
    public static string? Neutralise(string? value) =>
        value is { Length: > 0 } && Array.IndexOf(FormulaStarts, value[0]) >= 0 ? FormulaEscape + value : value;

    /// <summary>A cell as imports read it: the quote <see cref="Neutralise"/> added comes off, so an export imports unchanged.</summary>
    public static string Restore(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == FormulaEscape && Array.IndexOf(FormulaStarts, value[1]) >= 0 ? value[1..] : value;
    }

    // A number goes to Excel as a number; any other value as neutralised text.
    private static object? XlsxCell(object? value) => value switch
    {
        null => null,
        int or long or decimal or double => value,
        string text => Neutralise(text),
        _ => Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    // A number as CSV writes it (invariant, no trailing zeros: 88.50 is 88.5); any other value as neutralised text.
    private static string? CsvCell(object? value) => value switch
    {
        null => null,
        decimal number => number.ToString("0.############################", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture),
        string text => Neutralise(text),
        _ => Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static (IReadOnlyList<string>, IReadOnlyList<(int, IReadOnlyDictionary<string, string>)>) ReadCsv(Stream content)
    {
        string text;
        using (var decoder = new StreamReader(content, leaveOpen: true))
        {
            text = decoder.ReadToEnd();
        }

        CheckCsvShape(text);
        using var reader = new StringReader(text);
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
            // Only the fields the row has are read: asking for a missing one costs CsvHelper an exception, which made a
            // wide header over many short rows take seconds per kilobyte.
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            int count = csv.Parser.Count;
            for (int i = 0; i < header.Length; i++)
            {
                cells[header[i]] = i < count ? Restore(csv.GetField(i) ?? string.Empty) : string.Empty;
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
        if (header.Count == 0)
        {
            // MiniExcel finds no columns in a sheet that holds only its header row (a blank template): read that row as cells.
            buffer.Position = 0;
            header = buffer.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().FirstOrDefault()?
                .Values.Select(Text).Where(t => t.Length > 0).ToList() ?? [];
        }

        if (header.Count > MaxColumns)
        {
            throw new RosterTooLargeException(StatusCodes.Status422UnprocessableEntity, 1, $"#{MaxColumns + 1}", $"row 1 has {header.Count} columns; a roster has at most {MaxColumns}.");
        }

        buffer.Position = 0;
        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        int row = 1;
        foreach (IDictionary<string, object?> record in buffer.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
        {
            row++;
            // A header given twice in different case (Id and id) keeps its first column's cell here; the
            // header stays as the file has it, so StaffRoster refuses the second column by name instead of the read failing.
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in record)
            {
                cells.TryAdd(key, Restore(Text(value)));
            }

            if (cells.FirstOrDefault(c => c.Value.Length > MaxRowChars) is { Key: not null } tooLong)
            {
                throw new RosterTooLargeException(StatusCodes.Status413PayloadTooLarge, row, tooLong.Key, $"row {row}, column {tooLong.Key} is {tooLong.Value.Length} characters long; a roster row may be at most {MaxRowChars}.");
            }

            if (cells.Values.Any(v => v.Length > 0))
            {
                rows.Add((row, cells));
            }
        }

        return (header, rows);
    }

    // One pass over the text, as CsvHelper splits it (every quote toggles quoting; commas and line breaks outside quotes
    // end a field or a row; blank lines are not rows), refusing the first row too long or too wide before parsing.
    private static void CheckCsvShape(string text)
    {
        int row = 0, columns = 1, start = 0;
        bool quoted = false;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : '\n';
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                columns++;
                if (columns > MaxColumns)
                {
                    throw new RosterTooLargeException(
                        StatusCodes.Status422UnprocessableEntity, row + 1, $"#{columns}", $"row {row + 1} has more than {MaxColumns} columns; a roster has at most {MaxColumns}.");
                }
            }
            else if (!quoted && c is '\n' or '\r')
            {
                if (i > start)
                {
                    row++;
                }

                columns = 1;
                start = i + 1;
                continue;
            }

            if (i - start >= MaxRowChars)
            {
                throw new RosterTooLargeException(
                    StatusCodes.Status413PayloadTooLarge, row + 1, $"#{columns}", $"row {row + 1} is longer than {MaxRowChars} characters (column {columns}); a roster row may be at most {MaxRowChars}.");
            }
        }
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

/// <summary>A roster refused before it is parsed: a row too long (413) or too wide (422).</summary>
public sealed class RosterTooLargeException : Exception
{
    /// <summary>A refusal of <paramref name="row"/> at <paramref name="column"/> (a header, or "#n" for the n-th column).</summary>
    public RosterTooLargeException(int status, int row, string column, string message)
        : base(message)
    {
        Status = status;
        Row = row;
        Column = column;
    }

    /// <summary>Creates an empty refusal (for serializers).</summary>
    public RosterTooLargeException()
        : this(StatusCodes.Status422UnprocessableEntity, 0, string.Empty, "The roster is too large.")
    {
    }

    /// <summary>Creates a refusal with a message only.</summary>
    public RosterTooLargeException(string message)
        : this(StatusCodes.Status422UnprocessableEntity, 0, string.Empty, message)
    {
    }

    /// <summary>Creates a refusal with a message and its cause.</summary>
    public RosterTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status422UnprocessableEntity;
        Column = string.Empty;
    }

    /// <summary>413 for a row too long, 422 for a row with too many columns.</summary>
    public int Status { get; }

    /// <summary>The row at fault, as a spreadsheet numbers it (the header is row 1).</summary>
    public int Row { get; }

    /// <summary>The column at fault: its header, or "#n".</summary>
    public string Column { get; }
}
