using System.Text.Encodings.Web;
using EduFlows.Notifications;

namespace EduFlows.Workbench;

/// <summary>
/// Links between the office's pages. A page opened with the master key as <c>?code=</c> keeps it in every link, and the
/// page language too; without both, the next click would be refused or switch language. A page opened by a signed-in
/// office person (the session cookie, see <see cref="Hosting.OfficeAccess"/>) needs no key: its links carry none.
/// </summary>
/// <param name="ApiBase">The path of the route prefix, e.g. "/api".</param>
/// <param name="Code">The key the page was opened with, if any.</param>
/// <param name="Culture">"zh-CN" or "en".</param>
public sealed record OfficeLinks(string ApiBase, string? Code, string Culture)
{
    /// <summary>True on an English page.</summary>
    public bool English => Culture == "en";

    /// <summary>True when the page is the office's: opened with a key, or let in by the office guard (a session).</summary>
    public bool Office { get; init; }

    /// <summary>The links of a request to a page under <paramref name="routePrefix"/>.</summary>
    public static OfficeLinks From(HttpRequest request, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(request);
        string code = request.Query["code"].ToString();
        string apiBase = request.PathBase + (routePrefix.Length == 0 ? string.Empty : "/" + routePrefix);
        return new OfficeLinks(apiBase, code.Length == 0 ? null : code, Languages.Normalize(request.Query["lang"].FirstOrDefault()))
        {
            Office = code.Length > 0 || Hosting.OfficeVisitor.Of(request.HttpContext) is not null,
        };
    }

    /// <summary>zh-CN text, or the English on an English page.</summary>
    public string Say(string zh, string en) => English ? en : zh;

    /// <summary>A path under the route prefix with the key and language kept, plus <paramref name="query"/> pairs.</summary>
    public string To(string path, params (string Name, string? Value)[] query) => With(ApiBase + "/" + path.TrimStart('/'), Code, English ? "en" : null, query);

    /// <summary>A host path (not under the route prefix, e.g. the durable management API) with the key kept.</summary>
    public string ToHost(string path) => With(path, Code, null, []);

    /// <summary>This page in the other language.</summary>
    public string OtherLanguage(string path, params (string Name, string? Value)[] query) => With(ApiBase + "/" + path.TrimStart('/'), Code, English ? null : "en", query);

    private static string With(string path, string? code, string? lang, (string Name, string? Value)[] query)
    {
        var pairs = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => (q.Name, q.Value!)).ToList();
        if (lang is not null)
        {
            pairs.Add(("lang", lang));
        }

        if (code is not null)
        {
            pairs.Add(("code", code));
        }

        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs.Select(p => p.Item1 + "=" + UrlEncoder.Default.Encode(p.Item2)));
    }
}
