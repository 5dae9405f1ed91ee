using System.Diagnostics;
using System.Net;
using System.Text;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Load;

/// <summary>
/// The roster import on the bodies that once made it slow: the 277 KB of quote-laden CSV took 28 s, because
/// the parser's time grew with the square of a quoted line. Each body is timed from the request to the answer; each must
/// be refused (413 for a line too long, 422 for a roster with errors) within <see cref="Bound"/>, and import nobody.
/// </summary>
internal static class RosterImportTiming
{
    /// <summary>The size.</summary>
    public const int Bytes = 277 * 1024;

    /// <summary>A refusal slower than this is a finding: a tenth of the old time, far above what a bounded parser takes.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2.8);

    private const string Header = "id,name,gender,post,email\n";

    /// <summary>Times each body, records the figures, and reports a slow, wrong or accepted answer as a finding.</summary>
    public static async Task MeasureAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, body, expected) in Bodies())
        {
            var (status, elapsed) = await ImportAsync(context.App, body, cancellationToken);
            context.Record($"roster import, {name}: answered", (int)status);
            context.Record($"roster import, {name}: took", Math.Round(elapsed.TotalMilliseconds, 1), "ms");
            if (status != expected || elapsed > Bound)
            {
                context.Found("roster import refuses a quote-laden file early",
                    $"POST /api/directory/staff/import with {name} ({Encoding.UTF8.GetByteCount(body) / 1024} KB): answered {(int)status} in {elapsed.TotalSeconds:F2} s; expected {(int)expected} within {Bound.TotalSeconds:F1} s.");
            }
        }
    }

    /// <summary>The three shapes: one endless quoted line, rows just under the line limit full of escaped quotes, and quoted cells past the column limit.</summary>
    private static IEnumerable<(string Name, string Body, HttpStatusCode Expected)> Bodies()
    {
        // One quoted cell that never closes: the whole body is one line.
        var open = new StringBuilder(Header).Append("r1,\"");
        while (open.Length < Bytes)
        {
            open.Append("a\"\"b\"\"");
        }

        yield return ("one unclosed quoted line of 277 KB", open.ToString(), HttpStatusCode.RequestEntityTooLarge);

        // Rows within the 4,096-character limit, each name cell made of escaped quotes: parsed, then refused row by row.
        var laden = new StringBuilder(Header);
        for (int row = 1; laden.Length < Bytes; row++)
        {
            laden.Append("quote-").Append(row).Append(",\"").Append(string.Concat(Enumerable.Repeat("\"\"", 1900))).Append("\",不详,teacher,x@example.cn\n");
        }

        yield return ("277 KB of rows full of escaped quotes", laden.ToString(), HttpStatusCode.UnprocessableEntity);

        // A line of quoted empty cells, more than the 64 columns a roster may have.
        var wide = new StringBuilder(Header);
        while (wide.Length < Bytes)
        {
            wide.Append("\"\",");
        }

        yield return ("277 KB of quoted empty cells on one line", wide.ToString(), HttpStatusCode.UnprocessableEntity);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed)> ImportAsync(AppUnderTest app, string csv, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/directory/staff/import?format=csv"), AppUnderTest.MasterKey);
        request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var watch = Stopwatch.StartNew();
        using var response = await app.Http.SendAsync(request, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (response.StatusCode, watch.Elapsed);
    }
}
