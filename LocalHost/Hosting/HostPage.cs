namespace EduFlows.Hosting;

/// <summary>The host's own small pages for a browser (refusals, unknown addresses): zh-CN first, the English beside it.</summary>
internal static class HostPage
{
    /// <summary>A page titled <paramref name="title"/> saying <paramref name="zh"/>, then <paramref name="en"/> in grey; both already HTML-safe.</summary>
    public static string Html(string title, string zh, string en) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{{title}}</title></head>
        <body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em"><h1>{{title}}</h1><p>{{zh}}</p><p lang="en" style="color:#666">{{en}}</p></body></html>
        """;
}
