using System.Net;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The reallocation list page starts a reallocation from a form (<c>/api/office/staff-reallocation/start</c>) through
/// the start route's own work: the same fields and refusals, a blank schools field the whole county.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeReallocationActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/staff-reallocation/start";
    private const string Id = "staff-reallocation-2027";
    private static readonly (string, string)[] Good = [("reallocationId", Id), ("ownerId", "stf-3"), ("asOf", "2026-09-01"), ("supportRota", string.Empty), ("schoolIds", string.Empty)];
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        // stf-a2 teaches Chinese here.
        await ReallocationCounty.SchoolA.With(ReallocationCounty.Teacher("stf-a2", "sch-a", "chinese")).SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartForm_RefusesBadInputAtTheFieldInChinese_AndAnyoneWithoutTheOffice_ThenStartsTheCountyAndShowsIt()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/staff-reallocation");
        string form = await OfficeFormPosts.GetPageAsync(_http, Start);

        var unknownOwner = await OfficeFormPosts.PostAsync(_http, Start, Good.With("ownerId", "stf-404"));
        string unknownOwnerHtml = await unknownOwner.Content.ReadAsStringAsync();
        var unknownSchool = await OfficeFormPosts.PostAsync(_http, Start, Good.With("schoolIds", "sch-a\nsch-zz"));
        string unknownSchoolHtml = await unknownSchool.Content.ReadAsStringAsync();
        var badId = await OfficeFormPosts.PostAsync(_http, Start, Good.With("reallocationId", "县管校聘2027"));
        string badIdHtml = await badId.Content.ReadAsStringAsync();
        var notADate = await OfficeFormPosts.PostAsync(_http, Start, Good.With("asOf", "九月一日"));
        string notADateHtml = await notADate.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, Good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, Good, OfficeFormPosts.FunctionKey);
        var nothing = await client.GetInstanceAsync(Id);

        var done = await OfficeFormPosts.PostAsync(_http, Start, Good);
        string page = await OfficeFormPosts.GetPageAsync(_http, "/api/office/staff-reallocation/" + Id);
        var again = await OfficeFormPosts.PostAsync(_http, Start, Good);
        string againHtml = await again.Content.ReadAsStringAsync();
        var instance = await client.GetInstanceAsync(Id, getInputsAndOutputs: true);

        Assert.Contains($"id=\"act-start\" class=\"button\" href=\"/api/office/staff-reallocation/start?code={TaskAppFactory.MasterKey}\"", list, StringComparison.Ordinal);
        Assert.Contains("name=\"schoolIds\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownOwner.StatusCode);
        Assert.Contains("id=\"error-ownerId\" role=\"alert\">负责人须为名录中的人员（填写其工号）。</span>", unknownOwnerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownSchool.StatusCode);
        Assert.Contains("id=\"error-schoolIds\" role=\"alert\">名录中没有学校“sch-zz”。</span>", unknownSchoolHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.Contains("id=\"error-reallocationId\" role=\"alert\">县管校聘编号应形如 staff-reallocation-2027（年份在后）。</span>", badIdHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notADate.StatusCode);
        Assert.Contains("id=\"error-asOf\" role=\"alert\">“积分计算日”须填写日期，如 2027-03-01。</span>", notADateHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Null(nothing);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/staff-reallocation/{Id}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Contains(Id, page, StringComparison.Ordinal);
        Assert.Contains("2026-09-01", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已在进行中，不能重复启动。", againHtml, StringComparison.Ordinal);

        // The blank schools field started the whole county, as leaving schoolIds out of the JSON does.
        var input = instance!.ReadInputAs<ReallocationStart>()!;
        Assert.Equal(("stf-3", new DateOnly(2026, 9, 1), (IReadOnlyList<string>?)null), (input.OwnerId, input.AsOf, input.SchoolIds));

        // Once its first step has written the record, the list shows it too.
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await store.Reallocations.GetAsync(Id, cts.Token) is null)
        {
            await Task.Delay(200, cts.Token);
        }

        Assert.Contains($"data-reallocation=\"{Id}\"", await OfficeFormPosts.GetPageAsync(_http, "/api/office/staff-reallocation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartForm_NamedSchools_StartAPilotOfThem()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();

        var done = await OfficeFormPosts.PostAsync(_http, Start, Good.With("schoolIds", "sch-a").With("supportRota", "stf-a1"));
        var input = (await client.GetInstanceAsync(Id, getInputsAndOutputs: true))!.ReadInputAs<ReallocationStart>()!;

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(["sch-a"], input.SchoolIds!);
        Assert.Equal(["stf-a1"], input.SupportRota);
    }

    [Fact]
    public async Task PointsSheetForm_RefusesABadFileRowByRowInChinese_AndAnyoneWithoutTheOffice_ThenTakesTheSheetAndShowsIt()
    {
        var sheets = _app.Services.GetRequiredService<PointsSheetStore>();
        string sheetPath = $"/api/office/staff-reallocation/{Id}/points-sheet";
        string page = await OfficeFormPosts.GetPageAsync(_http, sheetPath);
        const string Good = "工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况\nstf-a1,stf-a1,优秀、合格,2,0,1\nstf-a2,stf-a2,合格、合格,0,3,0\n";

        var bad = await PostSheetAsync(sheetPath, "工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况\nstf-a1,stf-a1,优秀、合格,2,0,1\nstf-404,某人,很好,0,0,0\n", "points.csv");
        string badHtml = await bad.Content.ReadAsStringAsync();
        var wrongKind = await PostSheetAsync(sheetPath, Good, "points.txt");
        var noKey = await PostSheetAsync(sheetPath, Good, "points.csv", key: null);
        int afterRefusals = (await sheets.SheetOfAsync(Id, CancellationToken.None)).Count;
        var done = await PostSheetAsync(sheetPath, Good, "points.csv");
        var noReason = await PostSheetAsync(sheetPath, Good.Replace("stf-a2,stf-a2,合格、合格,0,3,0", "stf-a2,stf-a2,合格、合格,0,4,0", StringComparison.Ordinal), "points.csv");
        string noReasonHtml = await noReason.Content.ReadAsStringAsync();
        var taken = await sheets.SheetOfAsync(Id, CancellationToken.None);
        string pageAfter = await OfficeFormPosts.GetPageAsync(_http, sheetPath);

        Assert.Contains("name=\"file\"", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("id=\"row-errors\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("<tr data-row=\"3\">", badHtml, StringComparison.Ordinal);
        Assert.Contains("未导入任何数据", badHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongKind.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(0, afterRefusals);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/staff-reallocation/{Id}/points-sheet?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("id=\"error-reason\" role=\"alert\">该文件更正了已导入的积分项，请填写更正理由。</span>", noReasonHtml, StringComparison.Ordinal);
        Assert.Equal(["stf-a1", "stf-a2"], taken.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, 3, 0), (taken["stf-a1"].Values.SupportTeachingYears, taken["stf-a2"].Values.HardshipYears, taken["stf-a2"].History.Count));
        Assert.Contains("id=\"people\">2 人", pageAfter, StringComparison.Ordinal);
        Assert.Contains("data-staff=\"stf-a2\"", pageAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PointsCorrectionForm_StartsFromTheValuesInForce_RefusesBadInputAtTheFieldInChinese_ThenCorrectsKeepingTheHistory()
    {
        var sheets = _app.Services.GetRequiredService<PointsSheetStore>();
        string sheetPath = $"/api/office/staff-reallocation/{Id}/points-sheet";
        string correct = sheetPath + "/correct";
        await PostSheetAsync(sheetPath, "工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况\nstf-a1,stf-a1,优秀、合格,2,0,1\n", "points.csv");
        string form = await OfficeFormPosts.GetPageAsync(_http, correct + "?staffId=stf-a1");
        string action = CorrectAction(form, correct + "/");
        (string, string)[] good = [("staffId", "stf-a1"), ("assessments", "优秀 优秀"), ("supportTeachingYears", "3"), ("hardshipYears", "0"), ("familyCases", "1"), ("reason", "支教证明补交。")];

        var tooMany = await OfficeFormPosts.PostAsync(_http, action, good.With("supportTeachingYears", "99"));
        string tooManyHtml = await tooMany.Content.ReadAsStringAsync();
        var noReason = await OfficeFormPosts.PostAsync(_http, action, good.With("reason", string.Empty));
        string noReasonHtml = await noReason.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, action, good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, action, good, OfficeFormPosts.FunctionKey);
        var unchanged = (await sheets.SheetOfAsync(Id, CancellationToken.None))["stf-a1"];
        var done = await OfficeFormPosts.PostAsync(_http, action, good);
        var corrected = (await sheets.SheetOfAsync(Id, CancellationToken.None))["stf-a1"];
        string page = await OfficeFormPosts.GetPageAsync(_http, sheetPath);

        Assert.Contains("value=\"2\"", form, StringComparison.Ordinal);
        Assert.Contains("优秀 合格", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("id=\"error-supportTeachingYears\" role=\"alert\">", tooManyHtml, StringComparison.Ordinal);
        Assert.Contains("应在 0 到 45 之间", tooManyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("id=\"error-reason\" role=\"alert\">", noReasonHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal((2, 0), (unchanged.Values.SupportTeachingYears, unchanged.History.Count));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/staff-reallocation/{Id}/points-sheet?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal((3, "支教证明补交。", 1, 2), (corrected.Values.SupportTeachingYears, corrected.Why, corrected.History.Count, corrected.History[0].Values.SupportTeachingYears));
        Assert.Contains("支教证明补交。", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PointsCorrectionForm_EntryChangedBehindTheForm_StaleSave409InChinese_NothingChanged_OpenedAgainSaves()
    {
        const string Sheet = Id + "-stale";
        var sheets = _app.Services.GetRequiredService<PointsSheetStore>();
        string sheetPath = $"/api/office/staff-reallocation/{Sheet}/points-sheet";
        string correct = sheetPath + "/correct";
        await PostSheetAsync(sheetPath, "工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况\nstf-a1,stf-a1,优秀、合格,2,0,1\n", "points.csv");
        (string, string)[] good = [("staffId", "stf-a1"), ("assessments", "优秀 优秀"), ("supportTeachingYears", "3"), ("hardshipYears", "0"), ("familyCases", "1"), ("reason", "支教证明补交。")];
        async Task<string> OpenAsync(string path) => CorrectAction(await OfficeFormPosts.GetPageAsync(_http, path), correct + "/");
        async Task<PointsSheetEntry?> StoredAsync(string staffId) => (await sheets.SheetOfAsync(Sheet, CancellationToken.None)).GetValueOrDefault(staffId);

        // Two office users open stf-a1's form; the first saves, the second's save over the same version is refused.
        string first = await OpenAsync(correct + "?staffId=stf-a1");
        string second = await OpenAsync(correct + "?staffId=stf-a1");
        var saved = await OfficeFormPosts.PostAsync(_http, first, good);
        var stale = await OfficeFormPosts.PostAsync(_http, second, good.With("hardshipYears", "5"));
        string staleHtml = await stale.Content.ReadAsStringAsync();
        var afterStale = await StoredAsync("stf-a1");

        // Opened at that version, then corrected straight through the store: refused again, the store's correction kept.
        string opened = await OpenAsync(correct + "?staffId=stf-a1");
        await sheets.ReviseAsync(Sheet, "stf-a1", null, new PointsSheetValues([AssessmentResults.Excellent, AssessmentResults.Excellent], 4, 0, 1), "stf-3", DateTimeOffset.UtcNow, "复核后更正。", CancellationToken.None);
        var overStore = await OfficeFormPosts.PostAsync(_http, opened, good.With("hardshipYears", "5"));
        var afterStore = await StoredAsync("stf-a1");
        var otherPerson = await OfficeFormPosts.PostAsync(_http, opened, good.With("staffId", "stf-a2"));

        // A person with no entry yet: added by someone else meanwhile, so the form's first values are refused too.
        string fresh = await OpenAsync(correct + "?staffId=stf-a2");
        await sheets.ReviseAsync(Sheet, "stf-a2", null, new PointsSheetValues([], 1, 0, 0), "stf-3", DateTimeOffset.UtcNow, "补录。", CancellationToken.None);
        var overAdded = await OfficeFormPosts.PostAsync(_http, fresh, good.With("staffId", "stf-a2"));

        // Opened again, the form posts to the version stored now and corrects.
        string again = await OpenAsync(correct + "?staffId=stf-a1");
        var retried = await OfficeFormPosts.PostAsync(_http, again, good.With("hardshipYears", "5"));
        var corrected = await StoredAsync("stf-a1");

        Assert.Equal(first, second);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("工号 stf-a1 的积分项在您打开本页之后已被他人修改，本次修改未保存", staleHtml, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(staleHtml)));
        Assert.Equal((3, 0, 1), (afterStale!.Values.SupportTeachingYears, afterStale.Values.HardshipYears, afterStale.History.Count));
        Assert.Equal(HttpStatusCode.Conflict, overStore.StatusCode);
        Assert.Equal((4, 0, "复核后更正。"), (afterStore!.Values.SupportTeachingYears, afterStore.Values.HardshipYears, afterStore.Why));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherPerson.StatusCode);
        Assert.Contains("本页是为工号 stf-a1 打开的，未保存", await otherPerson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, overAdded.StatusCode);
        Assert.Equal((1, "补录。"), ((await StoredAsync("stf-a2"))!.Values.SupportTeachingYears, (await StoredAsync("stf-a2"))!.Why));
        Assert.NotEqual(opened, again);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal((3, 5, 3), (corrected!.Values.SupportTeachingYears, corrected.Values.HardshipYears, corrected.History.Count));
    }

    [Fact]
    public async Task PointsCorrectionForm_PostWithoutVersion_Is409_TheFormOpenedForNobodyOnlyAddsAPersonNotOnTheSheet()
    {
        const string Sheet = Id + "-unversioned";
        var sheets = _app.Services.GetRequiredService<PointsSheetStore>();
        string sheetPath = $"/api/office/staff-reallocation/{Sheet}/points-sheet";
        string correct = sheetPath + "/correct";
        await PostSheetAsync(sheetPath, "工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况\nstf-a1,stf-a1,优秀、合格,2,0,1\n", "points.csv");
        (string, string)[] good = [("staffId", "stf-a1"), ("assessments", "优秀 优秀"), ("supportTeachingYears", "3"), ("hardshipYears", "0"), ("familyCases", "1"), ("reason", "支教证明补交。")];
        async Task<PointsSheetEntry?> StoredAsync(string staffId) => (await sheets.SheetOfAsync(Sheet, CancellationToken.None)).GetValueOrDefault(staffId);

        // No version in the address (a page opened before forms carried one, or a script): refused, nothing changed.
        var unversioned = await OfficeFormPosts.PostAsync(_http, correct, good);
        string unversionedHtml = await unversioned.Content.ReadAsStringAsync();
        using var script = new HttpRequestMessage(HttpMethod.Post, $"{correct}?code={TaskAppFactory.MasterKey}")
        {
            Content = new FormUrlEncodedContent(good.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))),
        };
        var unversionedJson = await _http.SendAsync(script);
        var afterUnversioned = await StoredAsync("stf-a1");

        // The sheet page's link opens the form for nobody: it adds a person the sheet lacks, and sends one it has to their own form.
        string sheetPage = await OfficeFormPosts.GetPageAsync(_http, sheetPath);
        string blank = CorrectAction(await OfficeFormPosts.GetPageAsync(_http, correct), correct + "/");
        var onSheet = await OfficeFormPosts.PostAsync(_http, blank, good);
        string onSheetHtml = await onSheet.Content.ReadAsStringAsync();
        var afterOnSheet = await StoredAsync("stf-a1");
        var added = await OfficeFormPosts.PostAsync(_http, blank, good.With("staffId", "stf-a2"));

        Assert.Equal(HttpStatusCode.Conflict, unversioned.StatusCode);
        Assert.Contains("本页的地址中没有所读的版本，无法确认工号 stf-a1 的积分项在您打开本页之后未被他人修改，本次修改未保存；请重新打开本页", unversionedHtml, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(unversionedHtml)));
        Assert.Equal(HttpStatusCode.Conflict, unversionedJson.StatusCode);
        Assert.Equal("version", System.Text.Json.JsonDocument.Parse(await unversionedJson.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Equal((2, 0), (afterUnversioned!.Values.SupportTeachingYears, afterUnversioned.History.Count));
        Assert.Contains($"href=\"{correct}?code=", sheetPage, StringComparison.Ordinal);
        Assert.Equal(correct + "/new", blank);
        Assert.Equal(HttpStatusCode.Conflict, onSheet.StatusCode);
        Assert.Contains("工号 stf-a1 已在积分表中，本次更正未保存；请在积分表页面该人员一行点“更正”", onSheetHtml, StringComparison.Ordinal);
        Assert.Equal((2, 0), (afterOnSheet!.Values.SupportTeachingYears, afterOnSheet.History.Count));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal((3, "支教证明补交。"), ((await StoredAsync("stf-a2"))!.Values.SupportTeachingYears, (await StoredAsync("stf-a2"))!.Why));
    }

    // The correction form's action without its key: the person and the version it was read at are in the path.
    private static string CorrectAction(string html, string prefix) =>
        System.Text.RegularExpressions.Regex.Matches(html, "action=\"([^\"]+)\"")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Split('?')[0])
            .First(a => a.StartsWith(prefix, StringComparison.Ordinal));

    // What a browser sends for the file form: multipart, the file under "file", reading HTML.
    [Fact]
    public async Task PointsSheetTemplate_IsLinkedFromTheUploadPage_HasTheChineseHeaders_AndOneFilledRowUploadsBack()
    {
        var sheets = _app.Services.GetRequiredService<PointsSheetStore>();
        string sheetPath = $"/api/office/staff-reallocation/{Id}/points-sheet";
        string page = await OfficeFormPosts.GetPageAsync(_http, sheetPath);
        var xlsx = await _http.GetAsync($"{sheetPath}/template/xlsx?code={TaskAppFactory.MasterKey}");
        byte[] template = await xlsx.Content.ReadAsByteArrayAsync();
        string csv = await (await _http.GetAsync($"{sheetPath}/template/csv?code={TaskAppFactory.MasterKey}")).Content.ReadAsStringAsync();
        var unknown = await _http.GetAsync($"{sheetPath}/template/pdf?code={TaskAppFactory.MasterKey}");
        var noKey = await _http.GetAsync($"{sheetPath}/template/xlsx");
        var (header, blankRows) = RosterFile.Read(new MemoryStream(template), RosterFile.Format.Xlsx);

        // The office fills one row of the downloaded sheet and uploads it.
        using var filled = new MemoryStream();
        RosterFile.Write(filled, RosterFile.Format.Xlsx, header, [new Dictionary<string, string?> { [header[0]] = "stf-a1", [header[1]] = "stf-a1", [header[2]] = "优秀、合格", [header[3]] = "2", [header[4]] = "1", [header[5]] = "0" }]);
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(filled.ToArray()), "file", "points.xlsx");
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"{sheetPath}?code={TaskAppFactory.MasterKey}") { Content = content };
        upload.Headers.Accept.ParseAdd("text/html");
        var done = await _http.SendAsync(upload);
        var taken = await sheets.SheetOfAsync(Id, CancellationToken.None);

        Assert.Contains($"id=\"template-xlsx\" href=\"{sheetPath}/template/xlsx?code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["工号", "姓名", "近两年考核", "支教年限", "艰苦边远年限", "家庭情况"], header);
        Assert.Empty(blankRows);
        Assert.StartsWith("工号,姓名,近两年考核,支教年限,艰苦边远年限,家庭情况", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(["stf-a1"], taken.Keys);
        Assert.Equal((2, 1, 0), (taken["stf-a1"].Values.SupportTeachingYears, taken["stf-a1"].Values.HardshipYears, taken["stf-a1"].Values.FamilyCases));
    }

    private async Task<HttpResponseMessage> PostSheetAsync(string path, string csv, string fileName, string? reason = null, string? key = TaskAppFactory.MasterKey)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", fileName);
        if (reason is not null)
        {
            content.Add(new StringContent(reason), "reason");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, key is null ? path : $"{path}?code={key}") { Content = content };
        request.Headers.Accept.ParseAdd("text/html");
        return await _http.SendAsync(request);
    }
}
