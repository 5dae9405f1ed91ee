using System.Globalization;
using System.Net;
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
/// The training office pages add a lecture (<c>/api/office/training/new-lecture</c>) and invite people to it
/// (<c>/api/office/training/lectures/{id}/invite</c>) from forms, through the JSON routes' rules.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeTrainingActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Define = "/api/office/training/new-lecture";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private (string, string)[] _good = [];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await TrainingApiTests.SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        var today = _app.Services.GetRequiredService<BureauClock>().DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        _good =
        [
            ("lectureId", "lecture-form-01"), ("series", "lecture"), ("title", "做有温度的教育"), ("speaker", "特邀专家"), ("place", "青州市教育局多功能厅"),
            ("date", today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("starts", "14:00"), ("ends", "17:00"), ("hours", "3"),
            ("capacity", "40"), ("waitingList", "是"), ("ownerId", "stf-3"),
        ];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NewLectureForm_BadInputShowsTheChineseReasonAtTheField_NonAdminRefused_ThenSavesAndGoesBack()
    {
        var store = _app.Services.GetRequiredService<TrainingStore>();
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/training");

        var noTitle = await OfficeFormPosts.PostAsync(_http, Define, _good.With("title", " "));
        string noTitleHtml = await noTitle.Content.ReadAsStringAsync();
        var seats = await OfficeFormPosts.PostAsync(_http, Define, _good.With("capacity", "0"));
        string seatsHtml = await seats.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Define, _good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Define, _good, OfficeFormPosts.FunctionKey);
        Assert.Null(await store.Lectures.GetAsync("lecture-form-01", CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Define, _good);

        Assert.Contains("id=\"act-new-lecture\"", linked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTitle.StatusCode);
        Assert.Contains("id=\"error-title\" role=\"alert\">“题目”：请填写题目（不超过200字）。</span>", noTitleHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, seats.StatusCode);
        Assert.Contains($"id=\"error-capacity\" role=\"alert\">“名额”：名额应在1至{LectureDefinition.MaxCapacity}之间。</span>", seatsHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/training?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var lecture = await store.Lectures.GetAsync("lecture-form-01", CancellationToken.None);
        Assert.NotNull(lecture);
        Assert.Equal(40, lecture.Record.Capacity);
        Assert.Equal(new TimeOnly(14, 0), lecture.Record.Starts);
    }

    [Fact]
    public async Task InviteForm_UnknownOrNoPersonShowsTheChineseReasonAndMailsNobody_ThenMailsEachListedPersonTheirLink()
    {
        const string Invite = "/api/office/training/lectures/lecture-form-01/invite";
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Define, _good)).StatusCode);
        string lecturePage = await OfficeFormPosts.GetPageAsync(_http, "/api/office/training/lectures/lecture-form-01");
        string form = await OfficeFormPosts.GetPageAsync(_http, Invite);

        var unknown = await OfficeFormPosts.PostAsync(_http, Invite, [("staffIds", "stf-31\nstf-99")]);
        string unknownHtml = await unknown.Content.ReadAsStringAsync();
        var nobody = await OfficeFormPosts.PostAsync(_http, Invite, [("staffIds", "，")]);
        string nobodyHtml = await nobody.Content.ReadAsStringAsync();
        var noLecture = await OfficeFormPosts.PostAsync(_http, "/api/office/training/lectures/no-such/invite", [("staffIds", "stf-31")]);
        string noLectureHtml = await noLecture.Content.ReadAsStringAsync();
        Assert.DoesNotContain(_app.Mailbox.All, m => m.Text!.Contains("/training/lectures/", StringComparison.Ordinal));

        var done = await OfficeFormPosts.PostAsync(_http, Invite, [("staffIds", "stf-31\r\nstf-32， stf-34")]);

        Assert.Contains("id=\"act-invite\"", lecturePage, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"staffIds\" name=\"staffIds\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("id=\"error-staffIds\" role=\"alert\">“受邀人员编号第2项”：人员库中没有“stf-99”。</span>", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("stf-99</textarea>", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.StatusCode);
        Assert.Contains("id=\"error-staffIds\" role=\"alert\">“受邀人员编号”：请列出1至2000个人员编号。</span>", nobodyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noLecture.StatusCode);
        // The address's lecture is missing, not a typed field: said above the form, the list kept as typed.
        Assert.Contains("<p class=\"error\" id=\"error\" role=\"alert\" data-field=\"lectureId\">没有编号为“no-such”的课程。 未作任何更改。</p>", noLectureHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"error-staffIds\"", noLectureHtml, StringComparison.Ordinal);
        Assert.Contains(">stf-31</textarea>", noLectureHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/training/lectures/lecture-form-01?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        foreach (string to in new[] { "liu.yang@qz.example.cn", "chen.chen@qz.example.cn", "sun.li@qz.example.cn" })
        {
            Assert.Single(_app.Mailbox.All, m => m.To.Contains(to) && m.Text!.Contains("/training/lectures/lecture-form-01/registration", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task InviteForm_ClosedLecture_RefusedAboveTheFormInChinese_NobodyMailed()
    {
        const string Invite = "/api/office/training/lectures/lecture-form-01/invite";
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, Define, _good)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeFormPosts.PostAsync(_http, "/api/office/training/lectures/lecture-form-01/close", [("reason", "活动取消")])).StatusCode);

        var refused = await OfficeFormPosts.PostAsync(_http, Invite, [("staffIds", "stf-31")]);
        string html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("id=\"error\" role=\"alert\" data-field=\"lectureId\">该课程已关闭，不再邀请。", html, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Mailbox.All, m => m.Text!.Contains("/training/lectures/lecture-form-01/registration", StringComparison.Ordinal));
    }
}
