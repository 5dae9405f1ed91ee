namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// One generated bad request. <see cref="ExpectUnauthorized"/>: sent without the operation's key, it must get 401
/// whatever its body. Otherwise it must get no 5xx, a problem+json (or, asked for HTML, a page) for a 4xx, and a
/// mutating operation must not answer 2xx.
/// </summary>
internal sealed record FuzzCase(
    string Generator,
    FuzzOperation Operation,
    string Target,
    string? Key,
    string? ContentType,
    byte[]? Body,
    bool ExpectUnauthorized = false,
    bool AcceptHtml = false,
    string? Cookie = null)
{
    public string Describe()
    {
        string body = Body is null ? "" : $" body[{Body.Length} B, {ContentType ?? "no content type"}]: {Excerpt(Body)}";
        string key = Key is null ? "no key" : Key.StartsWith("reliability-", StringComparison.Ordinal) ? Key.Replace("reliability-", "", StringComparison.Ordinal) : "key '" + Key + "'";
        return $"[{Generator}] {Operation.Method} {(Target.Length > 200 ? Target[..200] + "…" : Target)} ({key}{(AcceptHtml ? ", Accept: text/html" : "")}){body}";
    }

    private static string Excerpt(byte[] body)
    {
        string text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120));
        return (body.Length > 120 ? text + "…" : text).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
