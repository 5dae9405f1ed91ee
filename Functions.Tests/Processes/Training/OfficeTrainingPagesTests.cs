using System.Net;
using EduFlows.Processes.Training;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.Training;

/// <summary>The office's training pages (<c>/api/office/training</c>) on Azurite with the dev clock (2031-10-02): a year's lectures with seats, waiting list and check-ins, its totals and the links to the process's report, export, QR and registration routes.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeTrainingPagesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string LectureId = "lecture-office-2031";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 2, 2, 0, 0, TimeSpan.Zero));
        await SeedAsync(_app.Services.GetRequiredService<TrainingStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A lecture of 2031 with two seats taken, one waiting, one check-in with feedback.</summary>
    internal static async Task SeedAsync(TrainingStore store)
    {
        var at = new DateTimeOffset(2031, 9, 20, 1, 0, 0, TimeSpan.Zero);
        await store.Lectures.PutAsync(
            new Lecture(LectureId, "lecture", "做有温度的教育", "李校长", "教育局三楼报告厅", new DateOnly(2031, 9, 28), new TimeOnly(14, 30), new TimeOnly(17, 0), 3m, 2, true, "stf-1")
            {
                Seats = [new TrainingSeat("stf-31", "刘洋", at), new TrainingSeat("stf-32", "陈晨", at.AddMinutes(5))],
                Waiting = [new TrainingSeat("stf-34", "孙丽", at.AddMinutes(9))],
            },
            CancellationToken.None);
        await store.Attendance.PutAsync(
            new TrainingAttendance(LectureId, "lecture", "做有温度的教育", "stf-31", "刘洋", "sch-001", "东关小学", "mid-level-leader", new DateOnly(2031, 9, 28), 3m, new DateTimeOffset(2031, 9, 28, 6, 20, 0, TimeSpan.Zero))
            {
                Rating = 5,
                Comment = "收获很大",
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task YearPage_ShowsSeatsWaitingAndCheckIns_InChinese_WithTheProcessReportLinks()
    {
        var page = await _http.GetAsync($"/api/office/training?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>2031年度培训与讲座</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/training/lectures/{LectureId}?code={Key}\">做有温度的教育</a>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count warn\">2 / 2</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"候补\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"签到\" class=\"checked-in\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td id=\"total-person-times\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td id=\"total-hours\">3</td>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/training/reports/2031?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/training/reports/2031/export/xlsx?code={Key}\"", html, StringComparison.Ordinal);

        // The links go to routes that answer.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/training/reports/2031/export/xlsx?code={Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/training/reports/2031?code={Key}")).StatusCode);

        string other = await _http.GetStringAsync($"/api/office/training?year=2030&code={Key}");
        Assert.Contains("id=\"no-lectures\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LecturePage_ListsSeatsTheWaitingListAndFeedback_AndLinksTheQrPage()
    {
        var page = await _http.GetAsync($"/api/office/training/lectures/{LectureId}?code={Key}");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>做有温度的教育</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<td id=\"seats\">2 / 2，候补 1 人</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-seat=\"stf-32\"", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"签到\">未签到</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-waiting=\"stf-34\"", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"评分\">5 / 5</td>", html, StringComparison.Ordinal);
        Assert.Contains("收获很大", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/office/training/lectures/{LectureId}/qr?code={Key}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/api/office/training/lectures/{LectureId}/qr?code={Key}")).StatusCode);
    }

    [Fact]
    public async Task Pages_CountRefusedRegistrationsAsAttempts_OnePersonTryingTwiceCountsTwice()
    {
        string id = "lecture-full-" + Guid.NewGuid().ToString("N")[..8];
        var store = _app.Services.GetRequiredService<TrainingStore>();
        await store.Lectures.PutAsync(new Lecture(id, "lecture", "满员讲座", "李校长", "教育局三楼报告厅", new DateOnly(2031, 10, 20), new TimeOnly(14, 30), new TimeOnly(17, 0), 2m, 1, false, "stf-1"), CancellationToken.None);
        var desk = _app.Services.GetRequiredService<TrainingDesk>();
        Assert.Equal(RegistrationOutcome.Registered, (await desk.RegisterAsync(id, "stf-31", CancellationToken.None)).Outcome);
        Assert.Equal(RegistrationOutcome.Refused, (await desk.RegisterAsync(id, "stf-32", CancellationToken.None)).Outcome);
        Assert.Equal(RegistrationOutcome.Refused, (await desk.RegisterAsync(id, "stf-32", CancellationToken.None)).Outcome);

        string lecture = await _http.GetStringAsync($"/api/office/training/lectures/{id}?code={Key}");
        string year = await _http.GetStringAsync($"/api/office/training?code={Key}");

        Assert.Contains("<td id=\"seats\">1 / 1，不设候补，已满拒绝 2 人次</td>", lecture, StringComparison.Ordinal);
        Assert.Contains("已满拒绝 2 人次</span>", year, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainingPages_RefuseABadYearAnUnknownLectureAndAMissingKey()
    {
        await AssertProblemAsync(await _http.GetAsync($"/api/office/training?year=twenty&code={Key}"), HttpStatusCode.UnprocessableEntity, "year");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/training/lectures/no-such-lecture?code={Key}"), HttpStatusCode.NotFound, "lectureId");
        await AssertProblemAsync(await _http.GetAsync("/api/office/training"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/training/lectures/{LectureId}"), HttpStatusCode.Unauthorized, "x-functions-key");
    }
}
