namespace EduFlows.StaffPortal;

/// <summary>
/// Where a sign-in goes back to (<c>returnTo</c>): a page of this app under the route prefix, such as the venue's
/// check-in page with its code, carried from the sign-in form through the mailed link and the confirm page. Only a
/// relative path under the prefix is kept; anything else (another site, <c>//host</c>, a backslash, a dot segment) is
/// dropped and the sign-in goes to <c>/api/me</c> as before.
/// </summary>
internal static class ReturnPath
{
    /// <summary>The name of the field and query parameter.</summary>
    public const string Name = "returnTo";

    // A check-in address with its signed code is about 300 characters; anything far longer is no page of ours.
    private const int MaxLength = 2000;

    /// <summary><paramref name="returnTo"/> when it is a path under <paramref name="prefix"/> (e.g. "/api/"), otherwise null.</summary>
    /// <param name="returnTo">The path asked for.</param>
    /// <param name="prefix">The route prefix with its slashes, the path base included.</param>
    public static string? Checked(string? returnTo, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (string.IsNullOrEmpty(returnTo) || returnTo.Length > MaxLength || !prefix.StartsWith('/') || !prefix.EndsWith('/')
            || !returnTo.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // Printable ASCII only (a browser turns a backslash into a slash, and drops tabs and line breaks, before it resolves the path).
        if (returnTo.Any(c => c is <= ' ' or >= '\u007f' or '\\' or '#'))
        {
            return null;
        }

        // A dot segment ("/api/../x", "/api/%2e%2e/x") would climb out of the prefix once the browser resolves it.
        int query = returnTo.IndexOf('?', StringComparison.Ordinal);
        string path = query < 0 ? returnTo : returnTo[..query];
        if (path.Split('/').Any(segment => segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or ".."))
        {
            return null;
        }

        // Resolved against any host, it stays on that host and under the prefix.
        var origin = new Uri("https://same.invalid");
        return Uri.TryCreate(origin, returnTo, out var resolved) && resolved.Host == origin.Host && resolved.AbsolutePath.StartsWith(prefix, StringComparison.Ordinal)
            ? returnTo
            : null;
    }
}
