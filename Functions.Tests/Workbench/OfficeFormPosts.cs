using EduFlows.Tests.Tasks;

namespace EduFlows.Tests.Workbench;

/// <summary>What a browser sends to an office act: the form, url-encoded, to the address with the key, reading HTML.</summary>
internal static class OfficeFormPosts
{
    /// <summary>The task app's function key: a key, but not the master key the office's routes ask for.</summary>
    public const string FunctionKey = "task-function-key";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, IEnumerable<(string Name, string Value)> fields, string? key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, key is null ? path : $"{path}?code={key}")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Accept.ParseAdd("text/html");
        return await http.SendAsync(request);
    }

    public static async Task<string> GetPageAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}code={TaskAppFactory.MasterKey}");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The same fields with one replaced.</summary>
    public static (string Name, string Value)[] With(this (string Name, string Value)[] fields, string name, string value) =>
        [.. fields.Select(f => f.Name == name ? (name, value) : f)];
}
