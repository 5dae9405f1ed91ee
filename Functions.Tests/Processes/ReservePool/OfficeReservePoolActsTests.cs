using System.Net;
using EduFlows.Processes.ReservePool;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>The pool's office page starts the year's review from a form (<c>/api/office/reserve-pool/reviews/start</c>), through the JSON route's rules.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeReservePoolActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/reserve-pool/reviews/start";
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
    public async Task StartReviewForm_BadInputShowsTheChineseReasonAtTheField_NonAdminRefused_ThenStartsAndGoesBack()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/reserve-pool");
        (string, string)[] good = [("year", "2033"), ("officerId", "stf-3")];

        var noOfficer = await OfficeFormPosts.PostAsync(_http, Start, good.With("officerId", "stf-999"));
        string noOfficerHtml = await noOfficer.Content.ReadAsStringAsync();
        var badYear = await OfficeFormPosts.PostAsync(_http, Start, good.With("year", "1999"));
        string badYearHtml = await badYear.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(ReservePoolReview.InstanceIdOf(2033)));

        var done = await OfficeFormPosts.PostAsync(_http, Start, good);
        var again = await OfficeFormPosts.PostAsync(_http, Start, good);

        Assert.Contains("id=\"act-start-review\"", linked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOfficer.StatusCode);
        Assert.Contains("id=\"error-officerId\" role=\"alert\">“负责考察的工作人员编号（必填）”：请填写负责考察的工作人员编号（人员库中须有此人）。</span>", noOfficerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">“考察年度（必填）”：年份应在2000至2100之间。</span>", badYearHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/reserve-pool?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(ReservePoolReview.InstanceIdOf(2033)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("id=\"error-year\" role=\"alert\">2033年度考察已启动过。</span>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
