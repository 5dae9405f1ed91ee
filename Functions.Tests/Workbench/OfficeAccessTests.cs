using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// Who opens the office's pages: the master key as before, a signed-in person of the bureau office's department, or
/// (behind App Service Authentication) a user with the office app role; everybody else is refused, and a cookie does
/// not carry a post from another site.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class OfficeAccessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Sweep = TaskTimers.CancelTasksOfEndedProcesses;
    private const string OfficeEmail = "zhao.office@qz.example.cn";
    private const string CadreEmail = "qian.cadre@qz.example.cn";
    private const string TeacherEmail = "wang.fang@qz.example.cn";
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await SeedAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void OfficeRoutes_AreEveryHttpFunctionOfTheBuildUnderOffice()
    {
        var built = OfficeFunctions().Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(built.Count >= 40, $"only {built.Count} office functions in functions.metadata");
        Assert.Equal(built.Order(StringComparer.Ordinal), OfficeRoutes.OfApp().Names.Order(StringComparer.Ordinal));
        Assert.False(OfficeRoutes.IsOffice("officers"));
        Assert.True(OfficeRoutes.IsOffice("/office/"));
    }

    [Fact]
    public async Task EveryOfficeRoute_RefusesAnonymous_AdmitsAnOfficeSession_AndTheMasterKey()
    {
        using var anonymous = StaffSessions.Browser(_app);
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        var wrong = new List<string>();
        foreach (var (name, route, methods) in OfficeFunctions())
        {
            // A value each parameter's constraint takes: a year for an int, else "x".
            string path = "/api/" + Parameter().Replace(route, m => m.Groups[2].Value == ":int" ? "2027" : "x");
            foreach (string method in methods)
            {
                using var refused = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                if (refused.StatusCode != HttpStatusCode.Unauthorized)
                {
                    wrong.Add($"{name} {method} {path}: anonymous got {(int)refused.StatusCode}");
                }
            }

            // Reading only: GET where the function takes it, else the POST (timers: "x" is no timer, so nothing changes).
            string read = methods.Contains("GET") ? "GET" : methods[0];
            using var session = await office.SendAsync(new HttpRequestMessage(new HttpMethod(read), path));
            using var keyed = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(read), path + "?code=" + Key));
            foreach (var (who, answer) in new[] { ("office session", session), ("master key", keyed) })
            {
                if (answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)answer.StatusCode >= 500)
                {
                    wrong.Add($"{name} {read} {path}: {who} got {(int)answer.StatusCode}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task OfficePerson_ReadsTheHome_AndPausesATimerThroughItsForm_WithoutTheKey()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        office.DefaultRequestHeaders.Accept.Clear();
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var home = await office.GetAsync("/api/office");
        string html = await home.Content.ReadAsStringAsync();
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/api/office/timers/{Sweep}/pause") { Content = new FormUrlEncodedContent([]) };
        form.Headers.Add("Origin", "https://localhost");
        form.Headers.Add("Sec-Fetch-Site", "same-origin");
        var paused = await office.SendAsync(form);
        string after = await OfficeHomeHtml.GetAsync(office);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("href=\"/api/office/tasks\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/pause\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal("/api/office#timers", paused.Headers.Location!.OriginalString);
        Assert.Contains("已暂停", TimerRow(after), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TeacherEmail, "王芳")]
    [InlineData(CadreEmail, "钱科长")]
    public async Task SignedInPersonOutsideTheOffice_Gets403_AChinesePageNamingThem_OrProblemJson(string email, string name)
    {
        using var person = await StaffSessions.SignInAsync(_app, email);

        var json = await person.GetAsync("/api/office");
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/office/county");
        browser.Headers.Accept.ParseAdd("text/html");
        var page = await person.SendAsync(browser);
        string html = await page.Content.ReadAsStringAsync();
        var pause = await person.PostAsync($"/api/office/timers/{Sweep}/pause", new FormUrlEncodedContent([]));
        using var confirmation = new HttpRequestMessage(HttpMethod.Get, $"/api/office/timers/{Sweep}/pause");
        confirmation.Headers.Accept.ParseAdd("text/html");
        var confirmPage = await person.SendAsync(confirmation);

        await AssertProblemAsync(json, HttpStatusCode.Forbidden, "session");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("无权进入办公室页面", html, StringComparison.Ordinal);
        Assert.Contains($"您已以{name}的身份登录", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, confirmPage.StatusCode);
        Assert.Contains("无权进入办公室页面", await confirmPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("已暂停", TimerRow(await _app.CreateOfficeClient().GetStringAsync($"/api/office?code={Key}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_Gets401_TheSignInFormForABrowser_ChineseProblemJsonOtherwise()
    {
        using var http = _app.CreateOfficeClient();
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/office/tasks");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        var page = await http.SendAsync(browser);
        string html = await page.Content.ReadAsStringAsync();
        var json = await http.GetAsync("/api/office/tasks?code=task-function-key");
        using var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("需要管理员密钥或局办公室人员登录", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/me/sign-in\"", html, StringComparison.Ordinal);
        await AssertProblemAsync(await http.GetAsync("/api/office/tasks"), HttpStatusCode.Unauthorized, "x-functions-key");
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        Assert.StartsWith("须以局办公室人员身份登录，或提供主密钥", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("未登录或链接无效", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task MasterKey_StillOpensTheOffice_ItsLinksKeepTheKey_AndItsPostsNeedNoOrigin()
    {
        using var http = _app.CreateOfficeClient();

        var home = await http.GetAsync($"/api/office?code={Key}");
        string html = await home.Content.ReadAsStringAsync();
        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/office/timers");
        header.Headers.Add(FunctionKeys.HeaderName, Key);
        var timers = await http.SendAsync(header);
        var paused = await http.PostAsync($"/api/office/timers/{Sweep}/pause?code={Key}", new FormUrlEncodedContent([]));
        string after = await http.GetStringAsync($"/api/office?code={Key}");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains($"href=\"/api/office/tasks?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, timers.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Contains("已暂停", TimerRow(after), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "https://other.qz.example.cn")]
    public async Task CrossSitePost_WithTheOfficeSession_IsRefused_AndChangesNothing(string header, string value)
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/office/timers/{Sweep}/pause") { Content = new FormUrlEncodedContent([]) };
        post.Headers.Add(header, value);

        var answer = await office.SendAsync(post);
        string home = await OfficeHomeHtml.GetAsync(office);

        await AssertProblemAsync(answer, HttpStatusCode.Forbidden, "Origin");
        Assert.DoesNotContain("已暂停", TimerRow(home), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameOriginPost_ByThePublicUrl_IsTaken()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/office/timers/{Sweep}/pause") { Content = new FormUrlEncodedContent([]) };
        post.Headers.Add("Origin", TaskAppFactory.PublicUrl);

        var answer = await office.SendAsync(post);
        string home = await OfficeHomeHtml.GetAsync(office);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains("已暂停", TimerRow(home), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedOut_TheOfficeSessionNoLongerOpensTheOffice()
    {
        using var office = await StaffSessions.SignInAsync(_app, OfficeEmail);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/office/timers")).StatusCode);

        await office.PostAsync("/api/me/sign-out", null);

        await AssertProblemAsync(await office.GetAsync("/api/office/timers"), HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Fact]
    public async Task EasyAuthPrincipal_WithTheOfficeRole_IsAdmitted_OnlyWhenAppServiceAuthenticationIsOn()
    {
        string withRole = EasyAuthPrincipal.Encode("赵主任", OfficeAccess.AppRole);
        string withoutRole = EasyAuthPrincipal.Encode("王芳", "Staff");
        using var off = _app.CreateOfficeClient();
        await using var behindEasyAuth = _app.WithWebHostBuilder(b => b.UseSetting(EasyAuthPrincipal.EnabledSetting, "True"));
        await SeedAsync(behindEasyAuth);
        using var on = behindEasyAuth.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var forged = await SendAsync(off, withRole);
        var granted = await SendAsync(on, withRole);
        var notGranted = await SendAsync(on, withoutRole);
        var none = await on.GetAsync("/api/office/timers");

        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "x-functions-key");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        await AssertProblemAsync(notGranted, HttpStatusCode.Forbidden, "session");
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized, "x-functions-key");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string principal)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/office/timers");
        request.Headers.Add(EasyAuthPrincipal.HeaderName, principal);
        return await http.SendAsync(request);
    }

    // The bureau office (办公室) and another department, a person in each, and a teacher.
    private static async Task SeedAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-01", "办公室", BureauOffice: true), new Department("dep-02", "组织人事科")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-1", "王芳", TeacherEmail),
                TaskHarness.Staff("stf-3", "赵主任", OfficeEmail) with { SchoolId = null, DepartmentId = "dep-01", Post = "bureau-cadre" },
                TaskHarness.Staff("stf-4", "钱科长", CadreEmail) with { SchoolId = null, DepartmentId = "dep-02", Post = "bureau-cadre" },
            ],
            CancellationToken.None);
    }

    // Every HTTP function the build lists under office/, with its route and methods (upper case).
    private static List<(string Name, string Route, string[] Methods)> OfficeFunctions() =>
        [.. AppFunctions.Catalog.WithTrigger("httpTrigger")
            .Select(f => (f.Name, Route: ((string?)f.Metadata.Trigger["route"] ?? f.Name).Trim('/'), Methods: (f.Metadata.Trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant()).ToArray()))
            .Where(f => OfficeRoutes.IsOffice(f.Route))
            .Select(f => (f.Name, f.Route, f.Methods.Length == 0 ? ["GET", "POST"] : f.Methods))];

    private static string TimerRow(string html)
    {
        int start = html.IndexOf($"<tr data-timer=\"{Sweep}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {Sweep}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"\{([^}:?]+)(:int)?[^}]*\}")]
    private static partial Regex Parameter();
}
