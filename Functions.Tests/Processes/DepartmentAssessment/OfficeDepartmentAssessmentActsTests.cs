using System.Globalization;
using System.Net;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>
/// The department assessment's year page starts the year (<c>/api/office/department-assessment/start</c>) from a form,
/// by the JSON route's rules (<c>POST department-assessment/{year}/start</c>), without curl.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeDepartmentAssessmentActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/department-assessment/start";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartYearForm_BadInputShowsTheChineseReasonAtTheField_NonOfficeRefused_ThenStartsAndTheYearPageShowsIt()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        // The route's rule reads the year of now in the bureau's time zone: this year or the next.
        int now = _app.Services.GetRequiredService<BureauClock>().DateOf(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year;
        string year = now.ToString(CultureInfo.InvariantCulture);
        string page = $"/api/office/department-assessment/{year}";
        string before = await OfficeFormPosts.GetPageAsync(_http, page);
        string form = await OfficeFormPosts.GetPageAsync(_http, $"{Start}?year={year}");

        var tooLate = await OfficeFormPosts.PostAsync(_http, Start, [("year", (now + 2).ToString(CultureInfo.InvariantCulture))]);
        string tooLateHtml = await tooLate.Content.ReadAsStringAsync();
        var notANumber = await OfficeFormPosts.PostAsync(_http, Start, [("year", "明年")]);
        string notANumberHtml = await notANumber.Content.ReadAsStringAsync();
        var blank = await OfficeFormPosts.PostAsync(_http, Start, [("year", " ")]);
        string blankHtml = await blank.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, [("year", year)], key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, [("year", year)], OfficeFormPosts.FunctionKey);
        Assert.Empty(await DepartmentAssessmentYear.ActiveInstancesAsync(client, CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Start, [("year", year)]);
        string after = await OfficeFormPosts.GetPageAsync(_http, page);
        var again = await OfficeFormPosts.PostAsync(_http, Start, [("year", (now + 1).ToString(CultureInfo.InvariantCulture))]);

        Assert.Contains("id=\"not-running\"", before, StringComparison.Ordinal);
        Assert.Contains($"id=\"act-start-year\" class=\"button\" href=\"/api/office/department-assessment/start?year={year}&amp;code=", before, StringComparison.Ordinal);
        Assert.Contains($"<input id=\"year\" name=\"year\" value=\"{year}\" type=\"number\" />", form, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([(Start, form), (page, before)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLate.StatusCode);
        Assert.Contains($"id=\"error-year\" role=\"alert\">只能启动今年（{now} 年）或明年的科室考核。</span>", tooLateHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notANumber.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">年度须填写整数，如 2027。</span>", notANumberHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">“考核年度（必填）”：请填写考核年度。</span>", blankHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/department-assessment/{year}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(DepartmentAssessmentYear.InstanceId(now)));
        Assert.Contains($"<code>{DepartmentAssessmentYear.InstanceId(now)}</code>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"act-start-year\"", after, StringComparison.Ordinal);
        // It runs on into each next year: starting the next one as well is refused, naming the year, and starts nothing.
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"id=\"error-year\" role=\"alert\">科室考核已在运行（实例 {DepartmentAssessmentYear.InstanceId(now)}），每年结束后会自动进入下一年，无需再次启动。</span>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await client.GetInstanceAsync(DepartmentAssessmentYear.InstanceId(now + 1)));
    }
}
