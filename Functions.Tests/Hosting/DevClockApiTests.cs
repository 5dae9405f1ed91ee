using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.Hosting;

/// <summary>The dev clock through real HTTP: a 72-hour deadline passes in a request, in Development only.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DevClockApiTests(AzuriteFixture azurite)
{
    private const string MasterKey = "test-master-key";

    // The timer service's Warning for a timer a clock move starts.
    private const int ClockMoveRunsEvent = 3005;

    [Fact]
    public async Task AdvanceBy_PassesADurableDeadline_AndTheWaitingInstanceExpires()
    {
        await using var factory = CreateFactory("Development");
        using var http = CreateClient(factory);
        var before = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!;

        var start = await http.PostAsync("/runtime/webhooks/durabletask/orchestrators/Approval", Json("\"deputy renewal\""));
        string id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await PollAsync(http, id, s => s["customStatus"] is not null);
        await Task.Delay(300);
        var moved = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"4.00:00:00\"}"));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var after = (await moved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(DateTimeOffset.Parse((string)after["utcNow"]!, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse((string)before["utcNow"]!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromDays(4));
        var done = await PollAsync(http, id, s => (string)s["runtimeStatus"]! == "Completed");
        Assert.Equal("deputy renewal: expired", (string)done["output"]!);
    }

    [Fact]
    public async Task AMovedClock_SurvivesARestart_SoTimeNeverGoesBack()
    {
        string hub = AzuriteFixture.NewHubName();
        DateTimeOffset moved;
        await using (var first = CreateFactory("Development", hubName: hub))
        {
            using var http = CreateClient(first);
            var answer = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"10.00:00:00\"}"));
            moved = DateTimeOffset.Parse((string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["utcNow"]!, System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var second = CreateFactory("Development", hubName: hub);
        using var again = CreateClient(second);
        var now = DateTimeOffset.Parse((string)(await again.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(now >= moved, $"The restarted host's clock {now:O} is behind the moved clock {moved:O}.");
        Assert.True(now - DateTimeOffset.UtcNow > TimeSpan.FromDays(9.9));
    }

    [Theory]
    [InlineData(-1, false, "advanceBy", "advanceBy 必须是正的时长")]
    [InlineData(null, true, "setTo", "setTo 必须晚于当前时间")]
    [InlineData(null, false, "advanceBy", "请只填写 advanceBy")]
    public void Move_Refused_DetailIsChineseFirst(int? advanceHours, bool setToNow, string field, string chinese)
    {
        var clock = new EduFlows.Hosting.DevClock();
        var change = new EduFlows.Hosting.ClockChange(advanceHours is { } h ? TimeSpan.FromHours(h) : null, setToNow ? clock.GetUtcNow().AddHours(-1) : null);

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(EduFlows.Hosting.DevClockApi.Move(change, clock).Result);

        Assert.Equal(Microsoft.AspNetCore.Http.StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        Assert.Equal(field, (string)problem.ProblemDetails.Extensions["field"]!);
        Assert.StartsWith(chinese, problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_Backwards_IsRefusedNamingTheField()
    {
        await using var factory = CreateFactory("Development");
        using var http = CreateClient(factory);

        var back = await http.PostAsync("/api/dev/clock", Json("{\"setTo\": \"2001-01-01T00:00:00Z\"}"));
        var both = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"1.00:00:00\", \"setTo\": \"2099-01-01T00:00:00Z\"}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, back.StatusCode);
        Assert.Equal("setTo", (string)(await back.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
    }

    [Fact]
    public async Task MalformedOrMistypedOrOversizeBodies_Get400Or413NamingTheField_AndChangeNothing()
    {
        await using var factory = CreateFactory("Development");
        using var http = CreateClient(factory);
        var before = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();

        var mistyped = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": 5}"));
        var malformed = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": "));
        var oversize = await http.PostAsync("/api/dev/clock", Json("{\"pad\": \"" + new string('x', 5 * 1024 * 1024) + "\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        var mistypedProblem = (await mistyped.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("advanceBy", "请求有误"), ((string)mistypedProblem["field"]!, (string)mistypedProblem["title"]!));
        Assert.StartsWith("“advanceBy”无法读取", (string)mistypedProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        var oversizeProblem = (await oversize.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("body", "内容过大"), ((string)oversizeProblem["field"]!, (string)oversizeProblem["title"]!));
        Assert.StartsWith("提交的内容过大，未作任何处理", (string)oversizeProblem["detail"]!, StringComparison.Ordinal);
        var after = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();
        Assert.True(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task OnMicrosoftsProvider_TheClockRefusesToMove_AndProcessesStillRun()
    {
        await using var factory = CreateFactory("Development", "AzureStorage");
        using var http = CreateClient(factory);
        var before = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();

        var moved = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"4.00:00:00\"}"));
        var start = await http.PostAsync("/runtime/webhooks/durabletask/orchestrators/HelloCities", Json("null"));
        string id = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var done = await PollAsync(http, id, s => (string)s["runtimeStatus"]! == "Completed");

        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        var problem = (await moved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("storageProvider", (string)problem["field"]!);
        Assert.Contains("AzureStorage", (string)problem["detail"]!, StringComparison.Ordinal);
        var after = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();
        Assert.True(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done["output"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task OnMicrosoftsProvider_TheRefusalIsChineseFirst_NamingTheProvider()
    {
        await using var factory = CreateFactory("Development", "AzureStorage");
        using var http = CreateClient(factory);

        var moved = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"1.00:00:00\"}"));

        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        string detail = (string)(await moved.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!;
        Assert.StartsWith("开发时钟不能拨动：host.json 选用了 AzureStorage 存储提供程序", detail, StringComparison.Ordinal);
        Assert.Contains("The dev clock cannot move", detail, StringComparison.Ordinal);
        Assert.True(detail.IndexOf("开发时钟", StringComparison.Ordinal) < detail.IndexOf("The dev clock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MovingPastTheHalfYear_WithTimersSkip_StartsNoReview_AndTheAnswerSaysWhichTimersWereSkipped()
    {
        using var logs = new CapturingLoggerProvider();
        await using var factory = CreateFactory("Development", logs: logs);
        using var http = CreateClient(factory);
        var halfYear = await NextHalfYearReviewAsync(http);

        var moved = await http.PostAsync("/api/dev/clock", Json($"{{\"setTo\": \"{halfYear.AddDays(1):O}\", \"timers\": \"skip\"}}"));
        // Nothing runs, so nothing is announced.
        Assert.Empty(logs.MessagesOf(ClockMoveRunsEvent));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var passed = (await moved.Content.ReadFromJsonAsync<JsonObject>())!["timers"]!.AsArray();
        var review = Assert.Single(passed, t => (string)t!["name"]! == ResearcherReviewTimer.Name)!;
        Assert.False((bool)review["runs"]!);
        Assert.All(passed, t => Assert.False((bool)t!["runs"]!));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        foreach (string id in ReviewIds(halfYear.AddDays(1)))
        {
            Assert.Null(await client.GetInstanceAsync(id));
        }
    }

    [Fact]
    public async Task MovingFarAhead_PastATimerTheOfficePaused_RunsNothingOfIt_AndTheAnswerSaysItIsPaused()
    {
        await using var factory = CreateFactory("Development");
        using var http = CreateClient(factory);
        var halfYear = await NextHalfYearReviewAsync(http);
        var paused = await http.PostAsync($"/api/office/timers/{ResearcherReviewTimer.Name}/pause", null);

        var moved = await http.PostAsync("/api/dev/clock", Json($"{{\"setTo\": \"{halfYear.AddYears(2):O}\"}}"));

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var passed = (await moved.Content.ReadFromJsonAsync<JsonObject>())!["timers"]!.AsArray();
        var review = Assert.Single(passed, t => (string)t!["name"]! == ResearcherReviewTimer.Name)!;
        Assert.False((bool)review["runs"]!);
        Assert.True((bool)review["paused"]!);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        foreach (string id in ReviewIds(halfYear.AddDays(1)).Concat(ReviewIds(halfYear.AddYears(2))))
        {
            Assert.Null(await client.GetInstanceAsync(id));
        }
    }

    [Fact]
    public async Task MovingPastTheHalfYear_ByDefault_RunsTheTimerOnce_AndTheAnswerSaysSo()
    {
        using var logs = new CapturingLoggerProvider();
        await using var factory = CreateFactory("Development", logs: logs);
        using var http = CreateClient(factory);
        var halfYear = await NextHalfYearReviewAsync(http);

        var moved = await http.PostAsync("/api/dev/clock", Json($"{{\"setTo\": \"{halfYear.AddDays(1):O}\"}}"));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var passed = (await moved.Content.ReadFromJsonAsync<JsonObject>())!["timers"]!.AsArray();
        var review = Assert.Single(passed, t => (string)t!["name"]! == ResearcherReviewTimer.Name)!;
        Assert.True((bool)review["runs"]!);
        // One Warning line per timer the move starts, naming it and how to move without running it, so the developer
        // sees it under the quiet default logs (EduFlows at Warning).
        var announced = logs.MessagesOf(ClockMoveRunsEvent);
        Assert.Equal(passed.Count(t => (bool)t!["runs"]!), announced.Count);
        Assert.Single(announced, m => m.Contains($"passes timer {ResearcherReviewTimer.Name}, due at ", StringComparison.Ordinal) && m.Contains("\"timers\":\"skip\"", StringComparison.Ordinal));
        foreach (string id in ReviewIds(halfYear.AddDays(1)))
        {
            await PollAsync(http, id, _ => true);
        }
    }

    [Fact]
    public async Task Timers_OtherThanRunOrSkip_Is422NamingTheField_AndTheClockStays()
    {
        await using var factory = CreateFactory("Development");
        using var http = CreateClient(factory);
        var before = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();

        var refused = await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"200.00:00:00\", \"timers\": \"never\"}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("timers", (string)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        var after = (await http.GetFromJsonAsync<JsonObject>("/api/dev/clock"))!["utcNow"]!.ToString();
        Assert.True(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task OutsideDevelopment_TheRoutesDoNotExist()
    {
        await using var factory = CreateFactory("Production");
        using var http = CreateClient(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/dev/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/dev/clock", Json("{\"advanceBy\": \"1.00:00:00\"}"))).StatusCode);
    }

    // The half-year timer's next occurrence, as the health report gives it.
    private static async Task<DateTimeOffset> NextHalfYearReviewAsync(HttpClient http)
    {
        var health = (await http.GetFromJsonAsync<JsonObject>("/api/health"))!;
        var timer = health["timers"]!.AsArray().Single(t => (string)t!["name"]! == ResearcherReviewTimer.Name)!;
        return DateTimeOffset.Parse((string)timer["nextOccurrence"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    // The reviews the half-year timer starts when it runs at `at`: one per section, for the half just ended.
    private static IEnumerable<string> ReviewIds(DateTimeOffset at)
    {
        var period = ReviewPeriod.JustEnded(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime));
        return DirectoryVocabulary.ResearchSections.Select(period.InstanceId);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpClient CreateClient(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return http;
    }

    private static async Task<JsonObject> PollAsync(HttpClient http, string id, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonObject>($"/runtime/webhooks/durabletask/instances/{id}?code={MasterKey}")
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
            if (status is not null && condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {id} did not get there in time");
            await Task.Delay(50);
        }
    }

    private WebApplicationFactory<Program> CreateFactory(string environment, string storageProvider = "EduFlows", string? hubName = null, CapturingLoggerProvider? logs = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .ConfigureLogging(l =>
        {
            if (logs is not null)
            {
                l.AddProvider(logs);
            }
        })
        .UseEnvironment(environment)
        .UseSetting("AzureFunctionsJobHost:extensions:durableTask:storageProvider:type", storageProvider)
        .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
        .UseSetting("MASTER_KEY", MasterKey)
        .UseSetting("SENDGRID_API_KEY", "SG.test")
        .UseSetting("TASK_TOKEN_KEY", Convert.ToBase64String(new byte[32]))
        .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", hubName ?? AzuriteFixture.NewHubName()));
}
