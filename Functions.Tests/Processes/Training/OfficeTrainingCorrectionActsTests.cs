using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EduFlows.Hosting;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// The lecture's office page corrects attendance (<c>…/attendance</c>), changes the seats (<c>…/capacity</c>) and closes
/// it (<c>…/close</c>) from forms, through the JSON routes' rules: bad input is the form again with the Chinese reason at
/// the field and nothing changed; a done act goes back to the lecture's page, which shows it.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeTrainingCorrectionActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Id = "lecture-form-02";
    private const string Page = "/api/office/training/lectures/" + Id;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());

        // Held today, one seat taken by stf-31.
        var today = _app.Services.GetRequiredService<BureauClock>().DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        using var define = new HttpRequestMessage(HttpMethod.Put, $"/api/training/lectures/{Id}")
        {
            Content = JsonContent.Create(new
            {
                series = "course", title = "课堂教学改革高端对接", speaker = "特邀专家", place = "青州一中报告厅", date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                starts = "00:00:00", ends = "23:59:00", hours = 3, capacity = 3, waitingList = true,
            }),
        };
        define.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(define)).StatusCode);
        var lecture = (await Store.Lectures.GetAsync(Id, CancellationToken.None))!.Record;
        string token = _app.Services.GetRequiredService<TrainingLinks>().PersonalToken(lecture, "stf-31");
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync($"/api/training/lectures/{Id}/registration?token={token}", null)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task LecturePage_ListsTheOfficesActsInChinese_WithBeijingTimeWhoAndWhy_NoRawCodeNorAuditLink()
    {
        string empty = await OfficeFormPosts.GetPageAsync(_http, Page);
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Page + "/capacity", [("capacity", "5")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Page + "/attendance", [("staffId", "stf-32"), ("present", "是"), ("reason", "手机没电")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Page + "/attendance", [("staffId", "stf-32"), ("present", "否"), ("reason", "代签")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Page + "/close", [("reason", "活动结束")])).StatusCode);

        string page = await OfficeFormPosts.GetPageAsync(_http, Page);

        Assert.Contains("教育局尚未调整名额、更正签到、补计学时或关闭课程。", empty, StringComparison.Ordinal);
        Assert.Contains("（北京时间） 教育局：调整名额（3→5）</li>", page, StringComparison.Ordinal);
        Assert.Contains("（北京时间） 教育局：补记签到：陈晨，原因：手机没电</li>", page, StringComparison.Ordinal);
        Assert.Contains("（北京时间） 教育局：撤销签到：陈晨，原因：代签</li>", page, StringComparison.Ordinal);
        Assert.Contains("（北京时间） 教育局：关闭课程，原因：活动结束</li>", page, StringComparison.Ordinal);
        foreach (string code in new[] { "attendance-removed", "attendance-added", ">capacity", "api/audit/" })
        {
            Assert.DoesNotContain(code, page, StringComparison.Ordinal);
        }
    }

    private TrainingStore Store => _app.Services.GetRequiredService<TrainingStore>();

    [Fact]
    public async Task AttendanceAndCreditForms_PastTheCorrectionDays_RefusalInChineseAboveTheForm_NothingChanged()
    {
        // The jump below passes the app's timers: paused, they start nothing.
        var schedules = _app.Services.GetRequiredService<EduFlows.Triggers.Timers.ITimerSchedules>();
        foreach (var timer in await schedules.ListAsync(CancellationToken.None))
        {
            await schedules.PauseAsync(timer.Name, CancellationToken.None);
        }

        var lectureDay = (await Store.Lectures.GetAsync(Id, CancellationToken.None))!.Record.Date;
        string form = await OfficeFormPosts.GetPageAsync(_http, Page + "/attendance");
        _app.Services.GetRequiredService<DevClock>().AdvanceBy(TimeSpan.FromDays(31));

        var attendance = await OfficeFormPosts.PostAsync(_http, Page + "/attendance", [("staffId", "stf-32"), ("present", "是"), ("reason", "手机没电")]);
        string attendanceHtml = await attendance.Content.ReadAsStringAsync();
        var credit = await OfficeFormPosts.PostAsync(_http, Page + "/credit", [("staffId", "stf-33"), ("hours", "2"), ("reason", "在潍坊参加同题培训")]);
        string creditHtml = await credit.Content.ReadAsStringAsync();

        Assert.Contains("课程后30天内可更正，逾期不再受理。", form, StringComparison.Ordinal);
        string ended = $"该课程于{lectureDay:yyyy-MM-dd}举行，签到更正和补计学时须在课程后30天内办理，已于{lectureDay.AddDays(30):yyyy-MM-dd}（北京时间）截止";
        Assert.Equal(HttpStatusCode.Conflict, attendance.StatusCode);
        Assert.Contains($"id=\"error\" role=\"alert\" data-field=\"lectureId\">{ended}，不能再补记签到。", attendanceHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, credit.StatusCode);
        Assert.Contains($"id=\"error\" role=\"alert\" data-field=\"lectureId\">{ended}，不能再补计学时。", creditHtml, StringComparison.Ordinal);
        Assert.Empty(await Store.AllAttendanceOfLectureAsync(Id, CancellationToken.None));
    }

    [Fact]
    public async Task AttendanceForm_NoReasonOrUnknownPersonShownAtTheFieldInChinese_ThenMarksPresentAndThePageShowsWhy()
    {
        const string Act = Page + "/attendance";
        string lecturePage = await OfficeFormPosts.GetPageAsync(_http, Page);
        string form = await OfficeFormPosts.GetPageAsync(_http, Act);

        var noReason = await OfficeFormPosts.PostAsync(_http, Act, [("staffId", "stf-32"), ("present", "是"), ("reason", " ")]);
        string noReasonHtml = await noReason.Content.ReadAsStringAsync();
        var unknown = await OfficeFormPosts.PostAsync(_http, Act, [("staffId", "stf-99"), ("present", "是"), ("reason", "手机没电")]);
        string unknownHtml = await unknown.Content.ReadAsStringAsync();
        var nothingToRemove = await OfficeFormPosts.PostAsync(_http, Act, [("staffId", "stf-32"), ("present", "否"), ("reason", "代签")]);
        string nothingToRemoveHtml = await nothingToRemove.Content.ReadAsStringAsync();
        var functionKey = await OfficeFormPosts.PostAsync(_http, Act, [("staffId", "stf-32"), ("present", "是"), ("reason", "手机没电")], OfficeFormPosts.FunctionKey);
        Assert.Empty(await Store.AllAttendanceOfLectureAsync(Id, CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Act, [("staffId", "stf-32"), ("present", "是"), ("reason", "手机没电，现场签到表为证")]);
        string after = await OfficeFormPosts.GetPageAsync(_http, Page);

        Assert.Contains("id=\"act-attendance\"", lecturePage, StringComparison.Ordinal);
        Assert.Contains("id=\"act-credit\"", lecturePage, StringComparison.Ordinal);
        Assert.Contains("<select id=\"present\" name=\"present\">", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("id=\"error-reason\" role=\"alert\">“原因”：请填写原因（不超过200字）。</span>", noReasonHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“人员编号”：人员库中没有“stf-99”。</span>", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, nothingToRemove.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“stf-32”没有该课程的签到记录，无需撤销。</span>", nothingToRemoveHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"{Page}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var row = Assert.Single(await Store.AttendanceOfLectureAsync(Id, CancellationToken.None));
        Assert.Equal(("stf-32", 3m, TrainingAttendance.ByOffice, "手机没电，现场签到表为证"), (row.StaffId, row.Hours, row.Source, row.Reason));
        Assert.Contains("补记签到（手机没电，现场签到表为证）", after, StringComparison.Ordinal);
        Assert.Contains("id=\"hours-credited\">3</td>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CapacityAndCloseForms_BadSeatsShownAtTheField_ThenGrownAndClosedAndThePageOffersNoMoreSeatsOrClosing()
    {
        var below = await OfficeFormPosts.PostAsync(_http, Page + "/capacity", [("capacity", "0")]);
        string belowHtml = await below.Content.ReadAsStringAsync();
        var notANumber = await OfficeFormPosts.PostAsync(_http, Page + "/capacity", [("capacity", "十")]);
        var grown = await OfficeFormPosts.PostAsync(_http, Page + "/capacity", [("capacity", "5")]);

        var closed = await OfficeFormPosts.PostAsync(_http, Page + "/close", []);
        var again = await OfficeFormPosts.PostAsync(_http, Page + "/close", [("reason", "再次关闭")]);
        string againHtml = await again.Content.ReadAsStringAsync();
        string after = await OfficeFormPosts.GetPageAsync(_http, Page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, below.StatusCode);
        Assert.Contains("id=\"error-capacity\" role=\"alert\">“名额”：名额应在1至300之间。</span>", belowHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notANumber.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, grown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // Closed already is about the lecture the address names, not the reason typed: the line stands above the form.
        Assert.Contains("id=\"error\" role=\"alert\" data-field=\"lectureId\">该课程已于", againHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"error-reason\"", againHtml, StringComparison.Ordinal);
        var lecture = (await Store.Lectures.GetAsync(Id, CancellationToken.None))!.Record;
        Assert.Equal((5, (string?)null), (lecture.Capacity, lecture.Closed?.Reason));
        Assert.NotNull(lecture.Closed);
        Assert.Contains("id=\"closed\">已关闭", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"act-close\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"act-capacity\"", after, StringComparison.Ordinal);
        Assert.Contains("id=\"act-attendance\"", after, StringComparison.Ordinal);
    }
}
