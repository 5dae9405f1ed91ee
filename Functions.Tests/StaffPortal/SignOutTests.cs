using System.Net;
using System.Net.Http.Json;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.StaffPortal;

/// <summary>Signing out ends the session on the server: a cookie captured before it no longer signs anyone in.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class SignOutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignOut_RevokesTheSession_ACapturedCookieNoLongerWorks_AFreshSignInDoes()
    {
        using var browser = StaffSessions.Browser(_app);
        var signIn = await browser.PostAsync(await StaffSessions.RequestLinkAsync(_app, browser, "wang.fang@qz.example.cn"), null);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        string captured = SessionCookie(signIn);
        using var thief = Replaying(captured);
        var beforeSignOut = await GetJsonAsync(thief, "/api/me");

        var signOut = await browser.PostAsync("/api/me/sign-out", null);
        var replayed = await GetJsonAsync(thief, "/api/me");
        var replayedPage = await thief.GetAsync("/api/me");
        var replayedAnswer = await thief.PostAsJsonAsync("/api/me/tasks/any-task", new { acknowledged = true });
        var browserAfter = await browser.GetAsync("/api/me");

        using var again = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        var fresh = await again.GetAsync("/api/me");
        var replayedAfterFreshSignIn = await GetJsonAsync(thief, "/api/me");

        Assert.Equal(HttpStatusCode.OK, beforeSignOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eduflows-session=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedPage.StatusCode);
        Assert.Contains("请输入您的工作邮箱", await replayedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("王芳", await replayedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, browserAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedAfterFreshSignIn.StatusCode);
    }

    [Fact]
    public async Task SigningOutOneSession_LeavesTheStaffMembersOtherSessionSignedIn()
    {
        using var laptop = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var phone = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");

        await laptop.PostAsync("/api/me/sign-out", null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/me")).StatusCode);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("eduflows-session=", StringComparison.Ordinal)).Split(';')[0];

    // Someone who copied the cookie: sends it as captured, whatever the server answers later (a page unless asked for JSON).
    private HttpClient Replaying(string cookie)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<HttpResponseMessage> GetJsonAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }
}
