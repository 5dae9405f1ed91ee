namespace EduFlows.Tests.Workbench;

/// <summary>The office home as the office's browser reads it: HTML, whatever the client asks for by default (the home answers JSON to a caller asking for JSON).</summary>
internal static class OfficeHomeHtml
{
    public static async Task<string> GetAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/office");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
