using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Tasks;

/// <summary>Signs a staff member in the way they would: ask for a link, open it from the dev mailbox, confirm.</summary>
internal static class StaffSessions
{
    private const string Subject = "EduFlows 登录链接";

    /// <summary>A client with a session cookie for the staff member at <paramref name="email"/> (JSON by default).</summary>
    public static async Task<HttpClient> SignInAsync(TaskAppFactory app, string email)
    {
        var browser = Browser(app);
        var signIn = await browser.PostAsync(await RequestLinkAsync(app, browser, email), null);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, asking for JSON.</summary>
    public static HttpClient Browser(TaskAppFactory app)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return browser;
    }

    /// <summary>Asks for a sign-in link and returns it (path and query) from the newest sign-in mail to the address.</summary>
    public static async Task<string> RequestLinkAsync(TaskAppFactory app, HttpClient browser, string email)
    {
        string address = email.ToLowerInvariant();
        int before = app.Mailbox.All.Count(m => m.To.Contains(address) && m.Subject == Subject);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/me/sign-in", new { email })).StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (app.Mailbox.All.Count(m => m.To.Contains(address) && m.Subject == Subject) == before)
        {
            await Task.Delay(20, cts.Token);
        }

        // The mailbox lists the newest first.
        var mail = app.Mailbox.All.First(m => m.To.Contains(address) && m.Subject == Subject);
        string line = mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal));
        return line["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
    }
}
