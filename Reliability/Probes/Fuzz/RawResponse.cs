using System.Globalization;
using System.Text;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>What came back on the socket: status, headers (names lower-case) and the body (de-chunked).</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string ContentType => Headers.TryGetValue("content-type", out var type) ? type : "";

    public string Text => Encoding.UTF8.GetString(Body);

    public string Excerpt(int length = 300) => Text.Length <= length ? Text : Text[..length] + "…";

    public static RawResponse Parse(byte[] raw)
    {
        int end = IndexOf(raw, "\r\n\r\n"u8);
        if (end < 0)
        {
            return new RawResponse(0, new Dictionary<string, string>(), raw);
        }

        string[] lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        string[] statusLine = lines[0].Split(' ', 3);
        int status = statusLine.Length > 1 && int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 0;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        byte[] body = raw[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var output = new MemoryStream();
        int at = 0;
        while (at < chunked.Length)
        {
            int lineEnd = IndexOf(chunked.AsSpan(at), "\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            string sizeText = Encoding.Latin1.GetString(chunked, at, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size == 0)
            {
                break;
            }

            at += lineEnd + 2;
            output.Write(chunked, at, Math.Min(size, chunked.Length - at));
            at += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
