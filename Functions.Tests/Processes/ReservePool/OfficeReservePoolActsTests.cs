using System.Net;
using EduFlows.Processes.ReservePool;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// The pool's office page acts through forms, each through the JSON route's rules: starts the year's review
/// (<c>/api/office/reserve-pool/reviews/start</c>), enters a person (<c>…/members/enter</c>), writes in a file (<c>…/files/entries</c>),
/// enters the demo county's reserve staff (<c>…/demo</c>).
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeReservePoolActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/reserve-pool/reviews/start";
    private const string Enter = "/api/office/reserve-pool/members/enter";
    private const string Append = "/api/office/reserve-pool/files/entries";
    private const string Demo = "/api/office/reserve-pool/demo";
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

    [Fact]
    public async Task EnterForm_BadInputShowsTheChineseReasonAtTheField_ChangesNothing_ThenEntersAsTheApiWould()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/reserve-pool");
        string form = await OfficeFormPosts.GetPageAsync(_http, Enter);
        (string, string)[] good = [("staffId", "stf-1"), ("pool", "principal"), ("source", "selection"), ("sourceReference", "2026年阳光选优")];

        var unknown = await OfficeFormPosts.PostAsync(_http, Enter, good.With("staffId", "stf-999"));
        string unknownHtml = await unknown.Content.ReadAsStringAsync();
        var noReference = await OfficeFormPosts.PostAsync(_http, Enter, good.With("sourceReference", " "));
        string noReferenceHtml = await noReference.Content.ReadAsStringAsync();
        var functionKey = await OfficeFormPosts.PostAsync(_http, Enter, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await desk.FileOfAsync("stf-1", CancellationToken.None));
        Assert.Null(await desk.FileOfAsync("stf-999", CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Enter, good);
        var again = await OfficeFormPosts.PostAsync(_http, Enter, good);

        Assert.Contains($"id=\"act-enter\" class=\"button\" href=\"/api/office/reserve-pool/members/enter?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<option value=\"principal\">后备校长</option>", form, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Contains("<option value=\"renewal\">副职续聘轮次</option>", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“人员编号（必填）”：人员库中没有“stf-999”。</span>", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\" data-field=\"staffId\">未作任何更改。 <a href=\"#staffId\">请按提示修改“人员编号（必填）”。</a></p>", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReference.StatusCode);
        Assert.Contains("id=\"error-sourceReference\" role=\"alert\">“哪次选拔或轮次（必填）”：请写明是哪次选拔或续聘轮次（不超过128字）。</span>", noReferenceHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/reserve-pool?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var file = await desk.FileOfAsync("stf-1", CancellationToken.None);
        Assert.NotNull(file);
        var member = Assert.Single(file.Memberships);
        Assert.Equal(("principal", "selection", "2026年阳光选优", true), (member.Pool, member.Source, member.SourceReference, member.Active));
        Assert.Equal("经选拔（2026年阳光选优）进入后备校长人才库。", Assert.Single(file.Entries).Text);
    }

    [Fact]
    public async Task AppendForm_BadInputShowsTheChineseReasonAtTheField_ChangesNothing_ThenWritesTheEntry()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        await desk.EnterAsync(new PoolEntryRequest("stf-2", ReservePoolDesk.Principals, "selection", "2026年阳光选优"), CancellationToken.None);
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/reserve-pool");
        using var prefilled = new HttpRequestMessage(HttpMethod.Get, $"{Append}?staffId=stf-2&code={TaskAppFactory.MasterKey}");
        prefilled.Headers.Accept.ParseAdd("text/html");
        string form = await (await _http.SendAsync(prefilled)).Content.ReadAsStringAsync();
        (string, string)[] good = [("staffId", "stf-2"), ("kind", "assessment"), ("reference", "2026年度考核"), ("date", "2026-12-20"), ("text", "2026年度考核优秀。"), ("certificateNo", "")];

        var badDate = await OfficeFormPosts.PostAsync(_http, Append, good.With("date", "2026-13-01"));
        string badDateHtml = await badDate.Content.ReadAsStringAsync();
        var noText = await OfficeFormPosts.PostAsync(_http, Append, good.With("text", ""));
        string noTextHtml = await noText.Content.ReadAsStringAsync();
        var noStaff = await OfficeFormPosts.PostAsync(_http, Append, good.With("staffId", ""));
        string noStaffHtml = await noStaff.Content.ReadAsStringAsync();
        var notMember = await OfficeFormPosts.PostAsync(_http, Append, good.With("staffId", "stf-3"));
        string notMemberHtml = await notMember.Content.ReadAsStringAsync();
        var functionKey = await OfficeFormPosts.PostAsync(_http, Append, good, OfficeFormPosts.FunctionKey);
        Assert.Single((await desk.FileOfAsync("stf-2", CancellationToken.None))!.Entries);
        Assert.Null(await desk.FileOfAsync("stf-3", CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Append, good);

        Assert.Contains($"class=\"act-append\" href=\"/api/office/reserve-pool/files/entries?staffId=stf-2&amp;code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<input id=\"staffId\" name=\"staffId\" value=\"stf-2\"", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"assessment\">考核结果</option>", form, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDate.StatusCode);
        Assert.Contains("id=\"error-date\" role=\"alert\">“日期（必填）”须填写日期，如 2027-03-01。</span>", badDateHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noText.StatusCode);
        Assert.Contains("id=\"error-text\" role=\"alert\">“内容（必填，不超过1000字）”：请填写内容（不超过1000字）。</span>", noTextHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noStaff.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“人员编号（必填）”：请填写人员编号。</span>", noStaffHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        Assert.Contains("id=\"error-staffId\" role=\"alert\">“stf-3”不在后备人才库中。</span>", notMemberHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/reserve-pool?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        var entry = Assert.Single((await desk.FileOfAsync("stf-2", CancellationToken.None))!.Entries, e => e.Kind == PoolEntryKinds.Assessment);
        Assert.Equal(("2026年度考核", new DateOnly(2026, 12, 20), "2026年度考核优秀。", (string?)null), (entry.Reference, entry.Date, entry.Text, entry.CertificateNo));
    }

    [Fact]
    public async Task DemoForm_NoSelectionShowsTheChineseReasonAtTheField_ChangesNothing_NonAdminRefused_ThenEntersTheDemoCountysReserveStaff()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        var county = DemoCounty.Generate();
        var principal = county.Staff.First(s => s.ReservePrincipal);
        var researcher = county.Staff.First(s => s.ReserveResearcher);
        var directory = _app.Services.GetRequiredService<DirectoryStore>();
        await directory.Staff.UpsertAsync(principal, CancellationToken.None);
        await directory.Staff.UpsertAsync(researcher, CancellationToken.None);
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/reserve-pool");
        string form = await OfficeFormPosts.GetPageAsync(_http, Demo);
        (string, string)[] good = [("sourceReference", "示范县2026年阳光选优")];

        var blank = await OfficeFormPosts.PostAsync(_http, Demo, good.With("sourceReference", " "));
        string blankHtml = await blank.Content.ReadAsStringAsync();
        var tooLong = await OfficeFormPosts.PostAsync(_http, Demo, good.With("sourceReference", new string('选', 129)));
        string tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Demo, good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Demo, good, OfficeFormPosts.FunctionKey);
        Assert.Null(await desk.FileOfAsync(principal.Id, CancellationToken.None));
        Assert.Null(await desk.FileOfAsync(researcher.Id, CancellationToken.None));

        var done = await OfficeFormPosts.PostAsync(_http, Demo, good);
        var again = await OfficeFormPosts.PostAsync(_http, Demo, good);

        Assert.Contains($"id=\"act-demo\" class=\"button\" href=\"/api/office/reserve-pool/demo?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<h1>示范县后备人员入库</h1>", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"sourceReference\">哪次选拔（必填）</label>", form, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(form)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.Contains("id=\"error-sourceReference\" role=\"alert\">“哪次选拔（必填）”：请写明是哪次选拔或续聘轮次（不超过128字）。</span>", blankHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\" data-field=\"sourceReference\">未作任何更改。", blankHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("id=\"error-sourceReference\" role=\"alert\">“哪次选拔（必填）”：请写明是哪次选拔或续聘轮次（不超过128字）。</span>", tooLongHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/reserve-pool?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var principalFile = await desk.FileOfAsync(principal.Id, CancellationToken.None);
        var researcherFile = await desk.FileOfAsync(researcher.Id, CancellationToken.None);
        Assert.NotNull(principalFile);
        Assert.NotNull(researcherFile);
        var asPrincipal = Assert.Single(principalFile.Memberships);
        Assert.Equal(("principal", "selection", "示范县2026年阳光选优", true), (asPrincipal.Pool, asPrincipal.Source, asPrincipal.SourceReference, asPrincipal.Active));
        Assert.Equal("经选拔（示范县2026年阳光选优）进入后备校长人才库。", Assert.Single(principalFile.Entries).Text);
        var asResearcher = Assert.Single(researcherFile.Memberships);
        Assert.Equal(("researcher", "示范县2026年阳光选优"), (asResearcher.Pool, asResearcher.SourceReference));
        Assert.Equal("经选拔（示范县2026年阳光选优）进入后备教研员人才库。", Assert.Single(researcherFile.Entries).Text);
    }

    [Fact]
    public async Task DemoRoute_WithoutABody_NamesItsSelectionInChinese_NeverItsId()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        var principal = DemoCounty.Generate().Staff.First(s => s.ReservePrincipal);
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.UpsertAsync(principal, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reserve-pool/demo");
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);

        var entered = await _http.SendAsync(request);
        var file = await desk.FileOfAsync(principal.Id, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        Assert.Equal("经选拔（演示县后备人才选拔）进入后备校长人才库。", Assert.Single(file!.Entries).Text);
        Assert.Equal("演示县后备人才选拔", Assert.Single(file.Memberships).SourceName);
    }
}
