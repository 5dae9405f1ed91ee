using System.Globalization;
using System.Net;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>The association's office page opens a term election from a form (<c>/api/office/head-teachers/new-election</c>), through the JSON route's rules.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeHeadTeachersActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Open = "/api/office/head-teachers/new-election";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private (string, string)[] _good = [];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        var store = _app.Services.GetRequiredService<AssociationStore>();
        foreach (var (id, name, school) in AssociationHarness.HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn"), CancellationToken.None);
            await store.Members.PutAsync(new AssociationMember(id, name, school, DateTimeOffset.UtcNow, "seed-" + id), CancellationToken.None);
        }

        var clock = _app.Services.GetRequiredService<BureauClock>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string Local(TimeSpan later) => TimeZoneInfo.ConvertTime(now + later, clock.Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        _good = [("electionId", "term-form"), ("title", "第三届理事会选举"), ("seats", "3"), ("nominationsClose", Local(TimeSpan.FromDays(7))), ("ballotCloses", Local(TimeSpan.FromDays(14)))];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NewElectionForm_BadInputShowsTheChineseReasonAtTheField_NonAdminRefused_ThenOpensAndGoesBack()
    {
        var store = _app.Services.GetRequiredService<AssociationStore>();
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/head-teachers");

        var seats = await OfficeFormPosts.PostAsync(_http, Open, _good.With("seats", "0"));
        string seatsHtml = await seats.Content.ReadAsStringAsync();
        var when = await OfficeFormPosts.PostAsync(_http, Open, _good.With("ballotCloses", "下周五"));
        string whenHtml = await when.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Open, _good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Open, _good, OfficeFormPosts.FunctionKey);
        Assert.Null(await store.Elections.GetAsync("term-form", CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Open, _good);

        Assert.Contains("id=\"act-new-election\"", linked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, seats.StatusCode);
        Assert.Contains("id=\"error-seats\" role=\"alert\">“理事名额”：须为 1 至 30 之间的整数", seatsHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, when.StatusCode);
        Assert.Contains("id=\"error-ballotCloses\" role=\"alert\">“投票截止（北京时间）”须填写日期和时刻（北京时间），如 2027-03-01T17:00。</span>", whenHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/head-teachers?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var election = await store.Elections.GetAsync("term-form", CancellationToken.None);
        Assert.NotNull(election);
        Assert.Equal(3, election.Record.Seats);
    }
}
