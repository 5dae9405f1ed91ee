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

/// <summary>The training office page adds a lecture from a form (<c>/api/office/training/new-lecture</c>), through the JSON route's rules.</summary>
[Collection(AzuriteTests.Name)]
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
}
