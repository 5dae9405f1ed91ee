using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// What the office's page and API tests repeated: a client that shows an act's redirect instead of following it, and the
/// check that pages read in Chinese hold no Latin-script words but ids.
/// </summary>
internal static class OfficeClients
{
    /// <summary>A client of <paramref name="app"/> that does not follow redirects: an office act answers with its redirect back to the page.</summary>
    public static HttpClient CreateOfficeClient(this TaskAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Asserts that no page holds a Latin-script word but ids, listing each word found after its page's path.</summary>
    /// <param name="pages">Each page's path and its HTML, as the test read it.</param>
    public static void AssertNoLatinWords(IEnumerable<(string Path, string Html)> pages)
    {
        var found = new List<string>();
        foreach (var (path, html) in pages)
        {
            found.AddRange(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(html)).Select(w => $"{path}: {w}"));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
