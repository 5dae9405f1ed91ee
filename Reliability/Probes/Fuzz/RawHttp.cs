using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// HTTP/1.1 over a socket of its own per request (<c>Connection: close</c>), so the request target goes out byte for
/// byte: <c>..</c>, <c>%2F</c> and invalid UTF-8 reach the host as a hostile client sends them, which HttpClient's
/// <see cref="Uri"/> would normalise or escape first.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri baseAddress, string method, string target, IReadOnlyList<(string Name, string Value)> headers, byte[]? body, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        await using var stream = client.GetStream();
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");

        // Latin-1 keeps each char of the target one byte, so a test can put any byte (e.g. 0xFF) in the request line.
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
        if (body is not null)
        {
            try
            {
                await stream.WriteAsync(body, cancellationToken);
            }
            catch (IOException)
            {
                // The host may answer (413, 401) and close before taking the whole body; its answer is still read.
            }
        }

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, cancellationToken);
        }
        catch (IOException) when (answer.Length > 0)
        {
            // A reset after the answer (the host closed with body bytes unread) still leaves the answer.
        }

        return RawResponse.Parse(answer.ToArray());
    }
}
