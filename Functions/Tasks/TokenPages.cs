namespace EduFlows.Tasks;

/// <summary>Pages whose address carries a signed token.</summary>
public static class TokenPages
{
    /// <summary>Such a page is neither cached nor named in the Referer of the links it holds; call before answering.</summary>
    public static void KeepTokenPrivate(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
