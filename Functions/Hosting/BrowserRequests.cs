namespace EduFlows.Hosting;

/// <summary>Whether a request comes from a browser that reads pages, so a refusal can be a zh-CN page rather than problem+json.</summary>
public static class BrowserRequests
{
    /// <summary>True when the request's Accept names <c>text/html</c>, as a browser's does.</summary>
    public static bool AcceptsHtml(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the request's Accept asks for JSON and not for HTML (a script, not a browser): office pages answer it with their data.</summary>
    public static bool AsksForJsonOnly(this HttpRequest request) =>
        !request.AcceptsHtml() && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
