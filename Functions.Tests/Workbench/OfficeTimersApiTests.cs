using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// The office's hold on the timers over HTTP: the home links to each action's confirmation, which changes nothing until
/// confirmed; pause and resume show on the home, backfill runs each occurrence once, bad input names the field.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeTimersApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Sweep = TaskTimers.CancelTasksOfEndedProcesses;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static string Row(string html, string timer)
    {
        int start = html.IndexOf($"<tr data-timer=\"{timer}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {timer}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task HomeForms_PauseAndResumeATimer_TheHomeShowsIt()
    {
        string before = Row(await _http.GetStringAsync($"/api/office?code={Key}"), Sweep);
        var paused = await _http.PostAsync($"/api/office/timers/{Sweep}/pause?code={Key}", new FormUrlEncodedContent([]));
        string during = Row(await _http.GetStringAsync($"/api/office?code={Key}"), Sweep);
        var resumed = await _http.PostAsync($"/api/office/timers/{Sweep}/resume?code={Key}", new FormUrlEncodedContent([]));
        string after = Row(await _http.GetStringAsync($"/api/office?code={Key}"), Sweep);

        Assert.Contains("按计划执行", before, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/pause?code={Key}\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal($"/api/office?code={Key}#timers", paused.Headers.Location!.OriginalString);
        Assert.Contains("已暂停", during, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/resume?code={Key}\"", during, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Contains("按计划执行", after, StringComparison.Ordinal);
        Assert.DoesNotContain("已暂停", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_GetShowsTheConfirmationInChinese_ChangingNothing_ConfirmingDoesIt()
    {
        string url = $"/api/office/timers/{Sweep}";
        string home = Row(await _http.GetStringAsync($"/api/office?code={Key}"), Sweep);
        string before = await ControlAsync();

        var pause = await GetPageAsync($"{url}/pause?code={Key}");
        var overlap = await GetPageAsync($"{url}/overlap?code={Key}&overlap=skip");
        var backfill = await GetPageAsync($"{url}/backfill?code={Key}");
        var dispatch = await GetPageAsync($"/api/office/timers/{EduFlows.Processes.DepartmentAssessment.AssessmentTimer.Name}/backfill?code={Key}");
        var noSuchAction = await _http.GetAsync($"{url}/stop?code={Key}");
        string pauseHtml = await pause.Content.ReadAsStringAsync(), overlapHtml = await overlap.Content.ReadAsStringAsync();
        string backfillHtml = await backfill.Content.ReadAsStringAsync(), dispatchHtml = await dispatch.Content.ReadAsStringAsync();
        string unchanged = await ControlAsync();
        var confirmed = await PostFormAsync($"{url}/pause?code={Key}", []);
        using var after = JsonDocument.Parse(await ControlAsync());

        // The home links to the confirmations (the overlap one with the other policy chosen), and posts nothing itself.
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/pause?code={Key}\"", home, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/overlap?overlap=skip&amp;code={Key}\"", home, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/timers/{Sweep}/backfill?code={Key}\"", home, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "text/html"), (pause.StatusCode, pause.Content.Headers.ContentType!.MediaType));
        Assert.Contains("暂停：撤销已结束流程的未完成任务（每 5 分钟）", pauseHtml, StringComparison.Ordinal);
        Assert.Contains("暂停后到点不再执行（下次本应在 ", pauseHtml, StringComparison.Ordinal);
        Assert.Contains("每次执行撤销所属流程已结束的未完成任务，不启动任何流程。", pauseHtml, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"/api/office/timers/{Sweep}/pause?code={Key}\"", pauseHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, overlap.StatusCode);
        Assert.Contains("<option value=\"skip\" selected", overlapHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, backfill.StatusCode);
        Assert.Contains("type=\"date\"", backfillHtml, StringComparison.Ordinal);
        // A backfill says which process each occurrence starts.
        Assert.Contains("每次执行确保当年的科室千分考核年度流程在运行（未启动则启动）。", dispatchHtml, StringComparison.Ordinal);
        await AssertProblemAsync(noSuchAction, HttpStatusCode.NotFound, "action");
        foreach (string page in new[] { pauseHtml, overlapHtml, backfillHtml, dispatchHtml })
        {
            Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(page)));
        }

        Assert.Equal(before, unchanged);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(after.RootElement.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Actions_EveryTimersConfirmationGet_ChangesNothing()
    {
        string before = await ControlsAsync();
        var answers = new List<(string Url, HttpStatusCode Status)>();
        foreach (var timer in EduFlows.Workbench.OfficeTimer.All)
        {
            foreach (string action in new[] { "pause", "resume", "overlap?overlap=skip&", "overlap?overlap=runOnceAfter&", "backfill?from=2026-01-01&to=2026-01-31&" })
            {
                string url = $"/api/office/timers/{timer.Function}/{(action.EndsWith('&') ? action : action + "?")}code={Key}";
                answers.Add((url, (await GetPageAsync(url)).StatusCode));
            }
        }

        string after = await ControlsAsync();

        Assert.Equal(EduFlows.Workbench.OfficeTimer.All.Count * 5, answers.Count);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{a.Url}: {a.Status}"));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Actions_Confirmation_IsRefusedToAnyoneOutsideTheOffice_AndChangesNothing()
    {
        using var anonymous = _app.CreateClient();
        string before = await ControlAsync();

        var page = await anonymous.GetAsync($"/api/office/timers/{Sweep}/pause");
        var post = await anonymous.PostAsync($"/api/office/timers/{Sweep}/pause", new FormUrlEncodedContent([]));

        await AssertProblemAsync(page, HttpStatusCode.Unauthorized, "x-functions-key");
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(before, await ControlAsync());
    }

    [Fact]
    public async Task Backfill_RunsEachPastOccurrenceOnce_ThenReportsThemRun()
    {
        var clock = new BureauClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        // From two minutes past an hour to three past the next: the 5-minute sweep's :05 … :55 and :00, twelve whatever the
        // minute now (a range ending on a multiple of 5 minutes took a thirteenth).
        var hour = DateTimeOffset.UtcNow.AddHours(-3);
        var start = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 2, 0, TimeSpan.Zero);
        string from = clock.Format(start), to = clock.Format(start.AddMinutes(61));
        string url = $"/api/office/timers/{Sweep}/backfill?code={Key}";

        var first = await _http.PostAsJsonAsync(url, new { from, to });
        var again = await _http.PostAsJsonAsync(url, new { from, to });
        using var one = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var two = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        var timers = await _http.GetFromJsonAsync<JsonElement>($"/api/office/timers?code={Key}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(12, one.RootElement.GetProperty("ran").GetArrayLength());
        Assert.Equal(0, two.RootElement.GetProperty("ran").GetArrayLength());
        Assert.Equal(12, two.RootElement.GetProperty("alreadyRun").GetArrayLength());
        var sweep = timers.EnumerateArray().Single(t => t.GetProperty("name").GetString() == Sweep);
        Assert.True(sweep.GetProperty("last").GetDateTimeOffset() >= one.RootElement.GetProperty("ran")[11].GetDateTimeOffset());
    }

    [Fact]
    public async Task BadRequests_NameTheField_AndChangeNothing()
    {
        string url = $"/api/office/timers/{Sweep}";
        string future = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await AssertProblemAsync(await _http.PostAsJsonAsync($"{url}/backfill?code={Key}", new { to = "2026-01-01" }), HttpStatusCode.UnprocessableEntity, "from");
        await AssertProblemAsync(await _http.PostAsJsonAsync($"{url}/backfill?code={Key}", new { from = "2026-01-02", to = "2026-01-01" }), HttpStatusCode.UnprocessableEntity, "to");
        await AssertProblemAsync(await _http.PostAsJsonAsync($"{url}/backfill?code={Key}", new { from = "2026-01-01", to = future }), HttpStatusCode.UnprocessableEntity, "to");
        await AssertProblemAsync(await _http.PostAsJsonAsync($"{url}/backfill?code={Key}", new { from = "2026-01-01", to = "2026-01-02" }), HttpStatusCode.UnprocessableEntity, "to");
        await AssertProblemAsync(await _http.PostAsJsonAsync($"{url}/overlap?code={Key}", new { overlap = "sometimes" }), HttpStatusCode.UnprocessableEntity, "overlap");
        await AssertProblemAsync(await _http.PostAsync($"/api/office/timers/NoSuchTimer/pause?code={Key}", null), HttpStatusCode.NotFound, "timer");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.PostAsync($"{url}/pause", null)).StatusCode);

        var timers = await _http.GetFromJsonAsync<JsonElement>($"/api/office/timers?code={Key}");
        var sweep = timers.EnumerateArray().Single(t => t.GetProperty("name").GetString() == Sweep);
        Assert.False(sweep.GetProperty("control").GetProperty("paused").GetBoolean());
    }
    [Fact]
    public async Task HomeForms_Refused_AreTheActsFormWithTheChineseReason_NotJson_AndChangeNothing()
    {
        string url = $"/api/office/timers/{Sweep}";
        string before = await ControlAsync();
        var page = await PostFormAsync($"{url}/backfill?code={Key}", [new("from", "2026-01-02"), new("to", "2026-01-01")]);
        var overlap = await PostFormAsync($"{url}/overlap?code={Key}", [new("overlap", "sometimes")]);
        using var broken = new HttpRequestMessage(HttpMethod.Post, $"{url}/pause?code={Key}") { Content = new StringContent("x", System.Text.Encoding.UTF8) };
        broken.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");
        broken.Headers.Accept.ParseAdd("text/html");
        var body = await _http.SendAsync(broken);
        string pageHtml = await page.Content.ReadAsStringAsync(), overlapHtml = await overlap.Content.ReadAsStringAsync(), bodyHtml = await body.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("“补跑截止”不能早于“补跑起始”。", pageHtml, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/office/timers/{Sweep}/backfill?code={Key}\"", pageHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-01-02\"", pageHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overlap.StatusCode);
        Assert.Contains("“重叠策略”只能是", overlapHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("runOnceAfter.", overlapHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, body.StatusCode);
        Assert.StartsWith("text/html", body.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("表单无法读取，未作任何处理", bodyHtml, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/office/timers/{Sweep}/pause?code={Key}\"", bodyHtml, StringComparison.Ordinal);

        Assert.Equal(before, await ControlAsync());
    }

    // Every timer's control (pause, overlap policy) and last run as the office holds them; the 5-minute sweep runs on
    // the real clock meanwhile, so its last run is left out.
    private async Task<string> ControlsAsync()
    {
        var timers = await _http.GetFromJsonAsync<JsonElement>($"/api/office/timers?code={Key}");
        return string.Join("\n", timers.EnumerateArray()
            .Select(t => $"{t.GetProperty("name").GetString()} {t.GetProperty("control").GetRawText()} {(t.GetProperty("name").GetString() == Sweep ? string.Empty : t.GetProperty("last").GetRawText())}")
            .Order(StringComparer.Ordinal));
    }

    private async Task<string> ControlAsync()
    {
        var timers = await _http.GetFromJsonAsync<JsonElement>($"/api/office/timers?code={Key}");
        return timers.EnumerateArray().Single(t => t.GetProperty("name").GetString() == Sweep).GetProperty("control").GetRawText();
    }

    private async Task<HttpResponseMessage> GetPageAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string url, KeyValuePair<string, string>[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        return await _http.SendAsync(request);
    }
}
