namespace EduFlows.Hosting;

/// <summary>
/// Tells a browser's cross-site request that changes something (POST, PUT, PATCH, DELETE) from the office's own forms.
/// A cookie rides along with a browser's requests whoever wrote the form; the session cookie's SameSite=Lax already
/// keeps it off another site's posts, and this check also refuses a sibling host's (same site, other origin). As Go's
/// CrossOriginProtection: the browser's <c>Sec-Fetch-Site</c> decides; without it, <c>Origin</c> must be this host
/// (or the app's public URL, as proxies may rewrite Host); a request with neither is no browser's cross-site form.
/// </summary>
public static class CrossSitePosts
{
    /// <summary>The refusal of a staff member's post another site's form made (403 naming <c>Origin</c>), in Chinese.</summary>
    public const string RefusalZh = "请在本系统的页面上提交，其他网站的表单不能代您提交。";

    /// <summary>The same in English.</summary>
    public const string RefusalEn = "Submit from this app's own pages; another site's form cannot act for you.";

    /// <summary>True when <paramref name="request"/> changes something and a browser says it comes from another origin.</summary>
    /// <param name="request">The request.</param>
    /// <param name="publicOrigin">The app's public origin (<c>EDUFLOWS_PUBLIC_URL</c>'s scheme, host and port), if known.</param>
    public static bool IsCrossSite(HttpRequest request, string? publicOrigin)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        string fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            // "none" is the user's own action (typed address, bookmark).
            return !(fetchSite.Equals("same-origin", StringComparison.OrdinalIgnoreCase) || fetchSite.Equals("none", StringComparison.OrdinalIgnoreCase));
        }

        string origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        string own = request.Scheme + "://" + request.Host.Value;
        return !(origin.Equals(own, StringComparison.OrdinalIgnoreCase) || (publicOrigin is not null && origin.Equals(publicOrigin, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// <see cref="IsCrossSite(HttpRequest, string?)"/> with the app's public origin taken from where mail links point
    /// (<see cref="Notifications.MailSettings.PublicBaseUrl"/>, <c>EDUFLOWS_PUBLIC_URL</c> read and checked once at start):
    /// for every route a session cookie may change something on.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsCrossSite(request, request.HttpContext.RequestServices.GetService<Notifications.MailSettings>()?.PublicBaseUrl.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The origin of an absolute http(s) address ("https://host[:port]"), or null.</summary>
    public static string? OriginOf(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
