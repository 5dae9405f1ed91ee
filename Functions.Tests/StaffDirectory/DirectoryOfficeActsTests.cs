using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduFlows.Calendar;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.StaffDirectory;
using EduFlows.StaffDirectory.Office;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// The office's forms for the directory, the working calendar and the assessment scheme through the whole app: a good
/// form changes what is stored and goes back to a page showing it; a bad one is 422 with the Chinese reason and
/// changes nothing; an edit over a version someone changed since is refused, not written; no key, no form.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed partial class DirectoryOfficeActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string RosterHeader = "id,name,gender,birthDate,email,mobile,schoolId,departmentId,post,subject,section,title,hireDate,postSince,reservePrincipal,reserveResearcher";
    private static readonly CancellationToken None = CancellationToken.None;
    private TaskAppFactory _app = null!;
    private HttpClient _forms = null!;

    private DirectoryStore Directory => _app.Services.GetRequiredService<DirectoryStore>();

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _forms = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Directory.Schools.ApplyAsync([new School("sch-001", "旗城学校", "nine-year", "王府街道", false)], None);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _forms.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StaffEdit_BadMail422_NothingChanged_GoodSaved_AndAStaleFormIsRefusedNotWritten()
    {
        string page = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1");
        string action = ActionOf(page, "/api/office/county/staff/stf-1/");
        (string, string)[] fields = [("name", "王芳"), ("gender", "female"), ("post", "head-teacher"), ("schoolId", "sch-001"), ("email", "wang.fang@qz.example.cn"), ("reservePrincipal", "true")];

        var anonymous = await OfficeFormPosts.PostAsync(_forms, action, fields, key: null);
        var bad = await OfficeFormPosts.PostAsync(_forms, action, fields.With("email", "不是邮箱"));
        string badHtml = await bad.Content.ReadAsStringAsync();
        var unchanged = await Directory.Staff.GetAsync("stf-1", None);
        var good = await OfficeFormPosts.PostAsync(_forms, action, fields);
        var saved = await Directory.Staff.GetAsync("stf-1", None);
        var stale = await OfficeFormPosts.PostAsync(_forms, action, fields.With("name", "王芳芳"));
        string staleHtml = await stale.Content.ReadAsStringAsync();
        string after = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1");

        Assert.Contains("value=\"王芳\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("不是有效的电子邮箱地址", badHtml, StringComparison.Ordinal);
        Assert.Equal(("teacher", false), (unchanged!.Post, unchanged.ReservePrincipal));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.StartsWith("/api/office/county/staff/stf-1?code=", good.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(("head-teacher", true, "sch-001"), (saved!.Post, saved.ReservePrincipal, saved.SchoolId));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改，本次修改未保存", staleHtml, StringComparison.Ordinal);
        Assert.Equal("王芳", (await Directory.Staff.GetAsync("stf-1", None))!.Name);
        Assert.Contains("<option value=\"head-teacher\" selected", after, StringComparison.Ordinal);

        // Opened again at the refused form's address, as the refusal says, the form posts to the version stored now.
        string fresh = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, action), "/api/office/county/staff/stf-1/");
        var retried = await OfficeFormPosts.PostAsync(_forms, fresh, fields.With("name", "王芳芳"));
        Assert.NotEqual(action, fresh);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("王芳芳", (await Directory.Staff.GetAsync("stf-1", None))!.Name);
    }

    [Fact]
    public async Task SchoolEdit_BlankName422_GoodSaved()
    {
        string action = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/schools/sch-001"), "/api/office/county/schools/sch-001/");
        (string, string)[] fields = [("name", "旗城学校"), ("section", "nine-year"), ("town", "王府街道"), ("rural", "true")];

        var bad = await OfficeFormPosts.PostAsync(_forms, action, fields.With("town", string.Empty));
        var stillUrban = (await Directory.Schools.GetAsync("sch-001", None))!.Rural;
        var good = await OfficeFormPosts.PostAsync(_forms, action, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.False(stillUrban);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.True((await Directory.Schools.GetAsync("sch-001", None))!.Rural);
    }

    [Fact]
    public async Task SchoolDelete_ConfirmedFirst_RefusedInChineseWhileStaffBelong_ThenDeleted_AndAStaleFormIsRefused()
    {
        await Directory.Schools.ApplyAsync([new School("sch-077", "东关小学", "primary", "东关街道", false)], None);
        await Directory.Staff.ApplyAsync([TaskHarness.Staff("stf-61", "孙老师", "sun.teacher@qz.example.cn") with { SchoolId = "sch-077" }], None);
        string county = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county");
        string page = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/schools/sch-077/delete");
        string action = ActionOf(page, "/api/office/county/schools/sch-077/delete/");

        var anonymous = await OfficeFormPosts.PostAsync(_forms, action, [], key: null);
        var referenced = await OfficeFormPosts.PostAsync(_forms, action, []);
        string referencedHtml = await referenced.Content.ReadAsStringAsync();
        var kept = await Directory.Schools.GetAsync("sch-077", None);
        await Directory.Staff.DeleteAsync("stf-61", None);
        var deleted = await OfficeFormPosts.PostAsync(_forms, action, []);
        var again = await OfficeFormPosts.PostAsync(_forms, action, []);

        Assert.Contains("href=\"/api/office/county/schools/sch-077/delete?code=", county, StringComparison.Ordinal);
        Assert.Contains("将从名录中删除东关小学（sch-077）", page, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(page)));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, referenced.StatusCode);
        Assert.Contains("“sch-077”下还有人员（如 stf-61），请先将他们调出再删除。", referencedHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(referencedHtml)));
        Assert.NotNull(kept);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.StartsWith("/api/office/county?code=", deleted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.EndsWith("#done", deleted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(await Directory.Schools.GetAsync("sch-077", None));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.NotNull(await Directory.Schools.GetAsync("sch-001", None));
    }

    [Fact]
    public async Task SchoolDelete_WhileATrainingBaseIsAtIt_RefusedInChineseNamingTheBase_NothingDeleted_ThenDeletedOnceTheBaseIsGone()
    {
        await Directory.Schools.ApplyAsync([new School("sch-078", "西区小学", "primary", "西区街道", false)], None);
        await Directory.TrainingBases.ApplyAsync([new TrainingBase("base-78", "sch-078", "西区小学跟岗基地", 5)], None);
        string page = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/schools/sch-078/delete");
        string action = ActionOf(page, "/api/office/county/schools/sch-078/delete/");

        var referenced = await OfficeFormPosts.PostAsync(_forms, action, []);
        string referencedHtml = await referenced.Content.ReadAsStringAsync();
        var kept = await Directory.Schools.GetAsync("sch-078", None);
        var baseKept = await Directory.TrainingBases.GetAsync("base-78", None);
        await Directory.TrainingBases.DeleteAsync("base-78", None);
        var deleted = await OfficeFormPosts.PostAsync(_forms, action, []);

        Assert.Contains("仍有培训基地设在这所学校的，不能删除", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, referenced.StatusCode);
        Assert.Contains("“sch-078”还设有培训基地（如 西区小学跟岗基地，base-78），请先删除该基地或将其改到其他学校再删除。", referencedHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(referencedHtml)));
        Assert.NotNull(kept);
        Assert.NotNull(baseKept);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await Directory.Schools.GetAsync("sch-078", None));
    }

    [Fact]
    public async Task StaffDelete_OverAVersionChangedSince_Is409AndKeepsThem_UnknownIs404_OpenedAgainDeletes()
    {
        string action = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1/delete"), "/api/office/county/staff/stf-1/delete/");
        // Someone saves the person after the page was opened.
        var read = (await Directory.Staff.GetVersionedAsync("stf-1", None))!.Value;
        Assert.True(await Directory.Staff.TryReplaceAsync(read.Record with { Post = "head-teacher" }, read.Version, None));

        var stale = await OfficeFormPosts.PostAsync(_forms, action, []);
        string staleHtml = await stale.Content.ReadAsStringAsync();
        var kept = await Directory.Staff.GetAsync("stf-1", None);
        var unknownPage = await _forms.GetAsync($"/api/office/county/staff/stf-404/delete?code={TaskAppFactory.MasterKey}");
        var unknownPost = await OfficeFormPosts.PostAsync(_forms, "/api/office/county/training-bases/tb-404/delete/abc", []);
        string fresh = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1/delete"), "/api/office/county/staff/stf-1/delete/");
        var deleted = await OfficeFormPosts.PostAsync(_forms, fresh, []);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改，未删除", staleHtml, StringComparison.Ordinal);
        Assert.Equal("head-teacher", kept!.Post);
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPost.StatusCode);
        Assert.NotEqual(action, fresh);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await Directory.Staff.GetAsync("stf-1", None));
        Assert.NotNull(await Directory.Staff.GetAsync("stf-2", None));
    }

    [Fact]
    public async Task DepartmentAndTrainingBaseDelete_Confirmed_ThenDeleted_WithTheActRecorded()
    {
        await Directory.Departments.ApplyAsync([new Department("dep-77", "督导室")], None);
        await Directory.TrainingBases.ApplyAsync([new TrainingBase("tb-77", "sch-001", "旗城学校基地", 4)], None);
        string departmentPage = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/departments/dep-77/delete");
        string basePage = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/training-bases/tb-77/delete");

        var department = await OfficeFormPosts.PostAsync(_forms, ActionOf(departmentPage, "/api/office/county/departments/dep-77/delete/"), []);
        var trainingBase = await OfficeFormPosts.PostAsync(_forms, ActionOf(basePage, "/api/office/county/training-bases/tb-77/delete/"), []);
        string acts = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/acts");

        Assert.Contains("将从名录中删除督导室（dep-77）", departmentPage, StringComparison.Ordinal);
        Assert.Contains("将从名录中删除旗城学校基地（tb-77）", basePage, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (department.StatusCode, trainingBase.StatusCode));
        Assert.Null(await Directory.Departments.GetAsync("dep-77", None));
        Assert.Null(await Directory.TrainingBases.GetAsync("tb-77", None));
        Assert.Contains("删除科室", acts, StringComparison.Ordinal);
        Assert.Contains("删除培训基地", acts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RosterUpload_ABadRowNamedInChinese_NothingTaken_ThenTheGoodFileTaken()
    {
        string good = RosterHeader + "\nstf-91,新老师,female,1990-01-01,new.teacher@qz.example.cn,13800000000,sch-001,,teacher,,,,2012-09-01,2015-09-01,false,false\n";
        string bad = good + "stf-92,另一位,x,1990-01-01,other@qz.example.cn,13800000001,sch-001,,teacher,,,,2012-09-01,2015-09-01,false,false\n";

        var anonymous = await UploadAsync(bad, null);
        var refused = await UploadAsync(bad, TaskAppFactory.MasterKey);
        string refusedHtml = await refused.Content.ReadAsStringAsync();
        var none = await Directory.Staff.GetAsync("stf-91", None);
        var taken = await UploadAsync(good, TaskAppFactory.MasterKey);
        string done = await OfficeFormPosts.GetPageAsync(_forms, taken.Headers.Location!.OriginalString.Split('#')[0].Replace($"?code={TaskAppFactory.MasterKey}", string.Empty, StringComparison.Ordinal).Replace($"&code={TaskAppFactory.MasterKey}", string.Empty, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("未导入任何人员", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("data-row=\"3\"", refusedHtml, StringComparison.Ordinal);
        Assert.Null(none);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal("新老师", (await Directory.Staff.GetAsync("stf-91", None))!.Name);
        Assert.Contains("已导入：新增 1 人", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RosterTemplate_IsLinkedFromTheUploadPage_HasTheChineseHeaders_AndARowFilledInChineseUploadsBack()
    {
        const string Path = "/api/office/county/roster";
        string page = await OfficeFormPosts.GetPageAsync(_forms, Path);
        var xlsx = await _forms.GetAsync($"{Path}/template/xlsx?code={TaskAppFactory.MasterKey}");
        byte[] template = await xlsx.Content.ReadAsByteArrayAsync();
        var csv = await _forms.GetAsync($"{Path}/template/csv?code={TaskAppFactory.MasterKey}");
        string csvText = await csv.Content.ReadAsStringAsync();
        var unknown = await _forms.GetAsync($"{Path}/template/pdf?code={TaskAppFactory.MasterKey}");
        var noKey = await _forms.GetAsync($"{Path}/template/xlsx");
        var (header, blankRows) = RosterFile.Read(new MemoryStream(template), RosterFile.Format.Xlsx);

        // The office fills one row of the downloaded sheet, in Chinese words, and uploads it.
        var cells = new Dictionary<string, string?>
        {
            ["人员编号"] = "stf-93", ["姓名"] = "陈静", ["性别"] = "女", ["出生日期"] = "1991-03-04", ["电子邮箱"] = "chen.jing@qz.example.cn",
            ["手机号码"] = "13800000003", ["学校编号"] = "sch-001", ["岗位"] = "教师", ["学科"] = "语文", ["学段"] = "初中", ["职称"] = "一级教师",
            ["参加工作日期"] = "2013-09-01", ["任现岗位日期"] = "2016-09-01", ["后备校长"] = "是", ["后备教研员"] = "否",
        };
        using var filled = new MemoryStream();
        RosterFile.Write(filled, RosterFile.Format.Xlsx, header, [cells]);
        var taken = await UploadFileAsync(filled.ToArray(), "roster.xlsx", TaskAppFactory.MasterKey);
        var stored = await Directory.Staff.GetAsync("stf-93", None);

        Assert.Contains($"id=\"template-xlsx\" href=\"{Path}/template/xlsx?code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"template-csv\" href=\"{Path}/template/csv?code={TaskAppFactory.MasterKey}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(StaffRoster.ChineseColumns, header);
        Assert.Equal(
            ["人员编号", "姓名", "性别", "出生日期", "电子邮箱", "手机号码", "学校编号", "科室编号", "岗位", "学科", "学段", "职称", "参加工作日期", "任现岗位日期", "后备校长", "后备教研员", "申报亲属"],
            header);
        Assert.Empty(blankRows);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(string.Join(",", header), csvText.TrimStart('\uFEFF').TrimEnd());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.NotNull(stored);
        Assert.Equal(
            ("陈静", "female", "teacher", "chinese", "junior", "first-grade", "sch-001", true, false),
            (stored.Name, stored.Gender, stored.Post, stored.Subject, stored.Section, stored.Title, stored.SchoolId, stored.ReservePrincipal, stored.ReserveResearcher));
        Assert.Equal((new DateOnly(1991, 3, 4), "13800000003"), (stored.BirthDate, stored.Mobile));
    }

    [Fact]
    public async Task RosterUpload_ABadCellIsNamedByTheColumnAsTheFileNamesIt_ChineseInAChineseFile_EnglishInAnEnglishOne()
    {
        const string Chinese = "人员编号,姓名,性别,出生日期,学校编号,岗位\nstf-94,周明,不详,1990-13-01,sch-001,教师\n";
        const string English = "id,name,gender,birthDate,schoolId,post\nstf-94,周明,x,1990-13-01,sch-001,teacher\n";
        const string Mixed = "工号,id,姓名,性别,岗位,学校编号,备注\nstf-95,stf-95,吴亮,男,教师,sch-001,新调入\n";

        var chinese = await UploadAsync(Chinese, TaskAppFactory.MasterKey);
        string chineseHtml = WebUtility.HtmlDecode(await chinese.Content.ReadAsStringAsync());
        var english = await UploadAsync(English, TaskAppFactory.MasterKey);
        string englishHtml = WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync());
        var mixed = await UploadAsync(Mixed, TaskAppFactory.MasterKey);
        string mixedHtml = WebUtility.HtmlDecode(await mixed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, chinese.StatusCode);
        Assert.Contains("<td data-label=\"列\">性别</td><td data-label=\"问题\">“不详”不是可选的性别；可选：女、男。</td>", chineseHtml, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"列\">出生日期</td><td data-label=\"问题\">“1990-13-01”不是日期（应如 1988-01-31）。</td>", chineseHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(">gender<", chineseHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, english.StatusCode);
        Assert.Contains("<td data-label=\"列\">gender</td><td data-label=\"问题\">“x”不是可选的性别；可选：女、男。</td>", englishHtml, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"列\">birthDate</td>", englishHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mixed.StatusCode);
        Assert.Contains("<td data-label=\"列\">id</td><td data-label=\"问题\">“id”与“工号”是同一列，名册中只能有一列。</td>", mixedHtml, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"列\">备注</td><td data-label=\"问题\">“备注”不是名册的列；名册的列为：人员编号、姓名、性别、", mixedHtml, StringComparison.Ordinal);
        Assert.Null(await Directory.Staff.GetAsync("stf-94", None));
        Assert.Null(await Directory.Staff.GetAsync("stf-95", None));
    }

    [Fact]
    public async Task RosterUpload_AnXlsxWithAColumnTwiceInDifferentCase_Is422NamingTheColumn_NothingTaken()
    {
        using var sheet = new MemoryStream();
        RosterFile.WriteTable(sheet, RosterFile.Format.Xlsx, ["Id", "name", "gender", "schoolId", "post", "id"], [["stf-96", "郑红", "female", "sch-001", "teacher", "stf-97"]]);

        var refused = await UploadFileAsync(sheet.ToArray(), "roster.xlsx", TaskAppFactory.MasterKey);
        string refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("未导入任何人员", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("data-row=\"1\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"列\">id</td><td data-label=\"问题\">“id”与“Id”是同一列，名册中只能有一列。</td>", refusedHtml, StringComparison.Ordinal);
        Assert.Null(await Directory.Staff.GetAsync("stf-96", None));
        Assert.Null(await Directory.Staff.GetAsync("stf-97", None));
    }

    [Fact]
    public async Task CalendarYear_AWeekdayAsMakeUpDay422_NothingStored_GoodStoredAndShown()
    {
        const string Path = "/api/office/calendar/2031";
        var store = _app.Services.GetRequiredService<CalendarStore>();
        var before = await store.GetAsync(2031, None);
        string action = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");

        var anonymous = await OfficeFormPosts.PostAsync(_forms, action, [("holidays", "2031-10-01")], key: null);
        var bad = await OfficeFormPosts.PostAsync(_forms, action, [("holidays", "2031-10-01 2031-10-02"), ("adjustedWorkingDays", "2031-10-08")]);
        string badHtml = await bad.Content.ReadAsStringAsync();
        var afterBad = await store.GetAsync(2031, None);
        var good = await OfficeFormPosts.PostAsync(_forms, action, [("holidays", "2031-10-01\n2031-10-02"), ("adjustedWorkingDays", "2031-09-28"), ("notice", "国办发明电〔2030〕1号")]);
        string shown = await OfficeFormPosts.GetPageAsync(_forms, Path);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("2031-10-08 本是工作日", badHtml, StringComparison.Ordinal);
        Assert.Equal(before, afterBad);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var saved = (await store.GetAsync(2031, None))!;
        Assert.Equal([new DateOnly(2031, 10, 1), new DateOnly(2031, 10, 2)], saved.Holidays);
        Assert.Equal([new DateOnly(2031, 9, 28)], saved.AdjustedWorkingDays);
        Assert.Contains("放假 2 天、调休上班 1 天", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarYear_SavedMeanwhileBehindTheForm_StaleSave409InChinese_NothingChanged_OpenedAgainSaves()
    {
        const string Path = "/api/office/calendar/2032";
        var store = _app.Services.GetRequiredService<CalendarStore>();
        (string, string)[] fields = [("holidays", "2032-10-01 2032-10-04"), ("adjustedWorkingDays", "2032-10-09"), ("notice", "国办发明电〔2031〕1号")];

        // Two office users open the year before either saves (none stored yet): the first save wins, the second is refused.
        string first = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        string second = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        var saved = await OfficeFormPosts.PostAsync(_forms, first, fields);
        var stale = await OfficeFormPosts.PostAsync(_forms, second, fields.With("holidays", "2032-10-01"));
        string staleHtml = await stale.Content.ReadAsStringAsync();
        var afterStale = await store.GetAsync(2032, None);

        // A form read at a stored version, then the year written straight to the store: refused again, the store's write kept.
        string opened = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        var behind = afterStale! with { Notice = "国办发明电〔2031〕2号" };
        await store.SaveAsync(behind, None);
        var overStore = await OfficeFormPosts.PostAsync(_forms, opened, fields.With("notice", "旧通知"));
        var afterStore = await store.GetAsync(2032, None);

        // Opened again, the form posts to the version stored now and saves.
        string fresh = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, opened), Path + "/");
        var retried = await OfficeFormPosts.PostAsync(_forms, fresh, fields.With("holidays", "2032-10-01\n2032-10-05"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("2032 年的工作日历在您打开本页之后已被他人修改，本次修改未保存", staleHtml, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(staleHtml)));
        Assert.Equal([new DateOnly(2032, 10, 1), new DateOnly(2032, 10, 4)], afterStale!.Holidays);
        Assert.Equal(HttpStatusCode.Conflict, overStore.StatusCode);
        Assert.Equal("国办发明电〔2031〕2号", afterStore!.Notice);
        Assert.NotEqual(opened, fresh);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal([new DateOnly(2032, 10, 1), new DateOnly(2032, 10, 5)], (await store.GetAsync(2032, None))!.Holidays);
    }

    [Fact]
    public async Task AssessmentScheme_NegativePoints422_NothingStored_GoodStoredAsTheNextVersion_ABlankKeepsTheValueInForce()
    {
        const string Path = "/api/office/department-assessment/schemes/2031";
        var store = _app.Services.GetRequiredService<AssessmentStore>();
        string page = await OfficeFormPosts.GetPageAsync(_forms, Path);
        string action = ActionOf(page, Path + "/");

        var anonymous = await OfficeFormPosts.PostAsync(_forms, action, [("baselinePoints", "450")], key: null);
        var bad = await OfficeFormPosts.PostAsync(_forms, action, [("baselinePoints", "-1"), ("dutyReviewDays", "06-15 12-01")]);
        var none = await store.CurrentSchemeAsync(2031, None);
        var good = await OfficeFormPosts.PostAsync(_forms, action, [("baselinePoints", "450"), ("innovationPoints", "250"), ("satisfactionPoints", "300"), ("dutyReviewDays", "06-20 12-01"), ("reportWorkingDays", "6")]);
        var saved = await store.CurrentSchemeAsync(2031, None);

        Assert.Contains("value=\"500\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Null(none);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal((1, 450m, 250m, 6, 10m), (saved!.Version, saved.BaselinePoints, saved.InnovationPoints, saved.ReportWorkingDays, saved.MissingReportDeduction));
        Assert.Equal(["06-20", "12-01"], saved.DutyReviewDays);
        Assert.Contains("现行为第 1 版", await OfficeFormPosts.GetPageAsync(_forms, Path), StringComparison.Ordinal);

        // A field left blank keeps the value in force (6 working days from version 1), not the built-in default (5).
        var partly = await OfficeFormPosts.PostAsync(_forms, ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/"), [("baselinePoints", "450"), ("dutyReviewDays", "06-20 12-01"), ("reportWorkingDays", "")]);
        var second = await store.CurrentSchemeAsync(2031, None);
        Assert.Equal(HttpStatusCode.Redirect, partly.StatusCode);
        Assert.Equal((2, 6, 250m), (second!.Version, second.ReportWorkingDays, second.InnovationPoints));
        Assert.Equal(["06-20", "12-01"], second.DutyReviewDays);

        // So does an emptied list of review days.
        var noDays = await OfficeFormPosts.PostAsync(_forms, ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/"), [("reportWorkingDays", "7"), ("dutyReviewDays", "")]);
        var third = await store.CurrentSchemeAsync(2031, None);
        Assert.Equal(HttpStatusCode.Redirect, noDays.StatusCode);
        Assert.Equal((3, 7), (third!.Version, third.ReportWorkingDays));
        Assert.Equal(["06-20", "12-01"], third.DutyReviewDays);
    }

    [Fact]
    public async Task AssessmentScheme_StoredMeanwhileBehindTheForm_StaleSave409InChinese_NothingStored_OpenedAgainSaves()
    {
        const string Path = "/api/office/department-assessment/schemes/2032";
        var store = _app.Services.GetRequiredService<AssessmentStore>();

        // Two office users open the default scheme; the first saves version 1, the second's save is refused.
        string first = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        string second = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        var saved = await OfficeFormPosts.PostAsync(_forms, first, [("baselinePoints", "450"), ("innovationPoints", "250"), ("satisfactionPoints", "300"), ("dutyReviewDays", "06-15 12-01")]);
        var stale = await OfficeFormPosts.PostAsync(_forms, second, [("reportWorkingDays", "7"), ("dutyReviewDays", "06-15 12-01")]);
        string staleHtml = await stale.Content.ReadAsStringAsync();
        var afterStale = await store.CurrentSchemeAsync(2032, None);

        // A form read at version 1, then version 2 stored straight through the store: refused again, version 2 kept.
        string opened = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, Path), Path + "/");
        await store.SaveSchemeAsync(afterStale! with { ReportWorkingDays = 8 }, None);
        var overStore = await OfficeFormPosts.PostAsync(_forms, opened, [("reportWorkingDays", "7"), ("dutyReviewDays", "06-15 12-01")]);
        var afterStore = await store.CurrentSchemeAsync(2032, None);

        // Opened again, the form posts to version 2 and stores version 3.
        string fresh = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, opened), Path + "/");
        var retried = await OfficeFormPosts.PostAsync(_forms, fresh, [("reportWorkingDays", "7"), ("dutyReviewDays", "06-15 12-01")]);
        var third = await store.CurrentSchemeAsync(2032, None);

        Assert.Equal((Path + "/0", Path + "/0"), (first, second));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("2032 年的考核方案在您打开本页之后已被他人修改，本次修改未保存", staleHtml, StringComparison.Ordinal);
        Assert.Empty(Notifications.ChineseText.LatinWords(Notifications.ChineseText.OfHtml(staleHtml)));
        Assert.Equal((1, 450m, 5), (afterStale!.Version, afterStale.BaselinePoints, afterStale.ReportWorkingDays));
        Assert.Equal(Path + "/1", opened);
        Assert.Equal(HttpStatusCode.Conflict, overStore.StatusCode);
        Assert.Equal((2, 8), (afterStore!.Version, afterStore.ReportWorkingDays));
        Assert.Equal(Path + "/2", fresh);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal((3, 7, 450m), (third!.Version, third.ReportWorkingDays, third.BaselinePoints));
    }

    private Task<HttpResponseMessage> UploadAsync(string csv, string? key) => UploadFileAsync(Encoding.UTF8.GetBytes(csv), "roster.csv", key);

    private async Task<HttpResponseMessage> UploadFileAsync(byte[] content, string fileName, string? key)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, key is null ? "/api/office/county/roster" : $"/api/office/county/roster?code={key}") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await _forms.SendAsync(request);
    }

    [Fact]
    public async Task EveryVersionCheckedForm_PostWithoutVersion_Is409AskingToReopen_AndChangesNothing()
    {
        await Directory.Departments.ApplyAsync([new Department("dep-78", "督导室")], None);
        var calendar = _app.Services.GetRequiredService<CalendarStore>();
        var schemes = _app.Services.GetRequiredService<AssessmentStore>();
        var staffBefore = await Directory.Staff.GetAsync("stf-1", None);

        var staffEdit = await OfficeFormPosts.PostAsync(_forms, "/api/office/county/staff/stf-1", [("name", "王芳芳"), ("post", "head-teacher")]);
        string staffEditHtml = await staffEdit.Content.ReadAsStringAsync();
        var staffDelete = await OfficeFormPosts.PostAsync(_forms, "/api/office/county/staff/stf-1/delete", []);
        string staffDeleteHtml = await staffDelete.Content.ReadAsStringAsync();
        var departmentDelete = await OfficeFormPosts.PostAsync(_forms, "/api/office/county/departments/dep-78/delete", []);
        var year = await OfficeFormPosts.PostAsync(_forms, "/api/office/calendar/2033", [("holidays", "2033-10-01")]);
        string yearHtml = await year.Content.ReadAsStringAsync();
        var scheme = await OfficeFormPosts.PostAsync(_forms, "/api/office/department-assessment/schemes/2033", [("baselinePoints", "450")]);
        using var script = new HttpRequestMessage(HttpMethod.Post, $"/api/office/county/staff/stf-1/delete?code={TaskAppFactory.MasterKey}") { Content = new FormUrlEncodedContent([]) };
        var scriptDelete = await _forms.SendAsync(script);

        Assert.Equal(HttpStatusCode.Conflict, staffEdit.StatusCode);
        Assert.Contains("本页的地址中没有所读的版本，无法确认“stf-1”在您打开本页之后未被他人修改，本次修改未保存；请重新打开本页", staffEditHtml, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/office/county/staff/stf-1?code=", staffEditHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, staffDelete.StatusCode);
        Assert.Contains("无法确认“stf-1”在您打开本页之后未被他人修改，未删除；请重新打开本页", staffDeleteHtml, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(staffDeleteHtml)));
        Assert.Equal(HttpStatusCode.Conflict, departmentDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, year.StatusCode);
        Assert.Contains("无法确认2033 年的工作日历在您打开本页之后未被他人修改", yearHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, scheme.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, scriptDelete.StatusCode);
        Assert.StartsWith("application/problem+json", scriptDelete.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("version", JsonDocument.Parse(await scriptDelete.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        var staffAfter = await Directory.Staff.GetAsync("stf-1", None);
        Assert.Equal((staffBefore!.Name, staffBefore.Post), (staffAfter!.Name, staffAfter.Post));
        Assert.NotNull(await Directory.Departments.GetAsync("dep-78", None));
        Assert.Null(await calendar.GetAsync(2033, None));
        Assert.Null(await schemes.CurrentSchemeAsync(2033, None));
    }

    [Fact]
    public async Task DeleteAddress_IsNeverAnEditsVersion_GetShowsTheConfirmation_AndTheEditRoutesRefuseItAsAVersion()
    {
        string page = await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1/delete");
        string action = ActionOf(page, "/api/office/county/staff/stf-1/delete/");
        string editAction = ActionOf(await OfficeFormPosts.GetPageAsync(_forms, "/api/office/county/staff/stf-1"), "/api/office/county/staff/stf-1/");
        string token = editAction["/api/office/county/staff/stf-1/".Length..];

        // Whichever route a host tries first: every edit route's version segment refuses "delete" and takes a real token.
        using var services = new ServiceCollection().AddRouting().BuildServiceProvider();
        var policies = services.GetRequiredService<Microsoft.AspNetCore.Routing.ParameterPolicyFactory>();
        var edits = typeof(DirectoryOfficeActs).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0)
            .Select(m => m.GetParameters().SelectMany(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), false)).Cast<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>().Single().Route!)
            .Where(r => r.Contains("{version", StringComparison.Ordinal) && !r.Contains("/delete/", StringComparison.Ordinal))
            .ToList();
        bool Takes(string route, string value)
        {
            var parameter = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).GetParameter("version")!;
            return parameter.ParameterPolicies.All(reference => policies.Create(parameter, reference) is Microsoft.AspNetCore.Routing.IRouteConstraint constraint
                && constraint.Match(null, null, "version", new Microsoft.AspNetCore.Routing.RouteValueDictionary { ["version"] = value }, Microsoft.AspNetCore.Routing.RouteDirection.IncomingRequest));
        }

        Assert.Contains("<h1>删除教职工</h1>", page, StringComparison.Ordinal);
        Assert.Contains("将从名录中删除", page, StringComparison.Ordinal);
        Assert.Matches("^/api/office/county/staff/stf-1/delete/[A-Za-z0-9_-]{16,}$", action);
        Assert.Equal(4, edits.Count);
        Assert.All(edits, route => Assert.False(Takes(route, "delete"), route));
        Assert.All(edits, route => Assert.True(Takes(route, token), route));
    }

    // The form's action without its key: the version it was read at is in the path.
    private static string ActionOf(string html, string prefix)
    {
        var match = Action().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(a => a.StartsWith(prefix, StringComparison.Ordinal));
        return match.Split('?')[0];
    }

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex Action();
}
