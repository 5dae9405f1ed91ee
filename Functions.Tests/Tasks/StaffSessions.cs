using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Tasks;

/// <summary>Signs a staff member in the way they would: ask for a link, open it from the dev mailbox, confirm.</summary>
internal static class StaffSessions
{
    // The mailbox lists the newest first.
    /// <summary>A client with a session cookie for the staff member at <paramref name="email"/> (JSON by default).</summary>
    public static async Task<HttpClient> SignInAsync(TaskAppFactory app, string email)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        int before = app.Mailbox.All.Count(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接");
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/me/sign-in", new { email })).StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (app.Mailbox.All.Count(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接") == before)
        {
            await Task.Delay(20, cts.Token);
        }

        var mail = app.Mailbox.All.First(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接");
        string line = mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal));
        var signIn = await browser.PostAsync(line["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal), null);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }
}
