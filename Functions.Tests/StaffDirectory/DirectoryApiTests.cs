using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>The directory API through real HTTP on Azurite: privacy by caller, validation, roster import and export.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DirectoryApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string MasterKey = "dir-master-key";
    private const string FunctionKey = "dir-function-key";
    private const string Header = "id,name,gender,birthDate,email,mobile,schoolId,departmentId,post,subject,section,title,hireDate,postSince,reservePrincipal,reserveResearcher";
    private WebApplicationFactory<Program>? _factory;
    private HttpClient _admin = null!;
    private HttpClient _reader = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("FUNCTION_KEYS", FunctionKey)
            .UseSetting("EDUFLOWS_DEMO_DATA", "false")
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        _reader = _factory.CreateClient();
        _reader.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/schools/sch-001", new School("sch-001", "旗城学校", "nine-year", "王府街道", false))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/departments/dep-04", new Department("dep-04", "教研室", null, true))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _reader.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task PersonalData_OnlyReachesAdministrators()
    {
        await ImportCsvAsync(Row("stf-1", "王芳", "female", "1985-03-02", "wang.fang@qz.example.cn", "13912345678", "sch-001", "", "teacher"));

        var asAdmin = (await _admin.GetFromJsonAsync<JsonObject>("/api/directory/staff/stf-1"))!;
        var asReader = (await _reader.GetFromJsonAsync<JsonObject>("/api/directory/staff/stf-1"))!;
        var listed = (await _reader.GetFromJsonAsync<JsonObject>("/api/directory/staff?schoolId=sch-001"))!["items"]!.AsArray().Single()!;
        var export = await _reader.GetStringAsync("/api/directory/staff/export?format=csv");

        Assert.Equal("wang.fang@qz.example.cn", (string)asAdmin["email"]!);
        Assert.Equal("13912345678", (string)asAdmin["mobile"]!);
        Assert.Equal("王芳", (string)asReader["name"]!);
        Assert.Equal("teacher", (string)asReader["post"]!);
        Assert.Null(asReader["email"]);
        Assert.Null(asReader["mobile"]);
        Assert.Null(asReader["birthDate"]);
        Assert.Null(listed["email"]);
        Assert.DoesNotContain("13912345678", export, StringComparison.Ordinal);
        Assert.Contains("王芳", export, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _reader.PutAsJsonAsync("/api/directory/schools/sch-002", new School("sch-002", "X", "primary", "Y", true))).StatusCode);
    }

    [Fact]
    public async Task PutRecord_NotJson_Is415_AndNothingIsStored()
    {
        var put = await _admin.PutAsync("/api/directory/schools/sch-009", new StringContent("id=sch-009", Encoding.UTF8, "text/plain"));

        await AssertChineseAsync(put, HttpStatusCode.UnsupportedMediaType, "Content-Type", "内容格式不受支持", "内容须为 JSON 格式。");
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/schools/sch-009")).StatusCode);
    }

    [Fact]
    public async Task PutRecord_MalformedOrMistyped_Is400InTheSharedReadersWords_AndNothingIsStored()
    {
        var malformed = await _admin.PutAsync("/api/directory/schools/sch-009", new StringContent("{oops}", Encoding.UTF8, "application/json"));
        var mistyped = await _admin.PutAsync("/api/directory/schools/sch-009", new StringContent("{\"id\": \"sch-009\", \"rural\": \"no\"}", Encoding.UTF8, "application/json"));

        await AssertChineseAsync(malformed, HttpStatusCode.BadRequest, "body", "请求有误", "提交的内容无法读取：须为格式正确的 JSON 对象。");
        await AssertChineseAsync(mistyped, HttpStatusCode.BadRequest, "rural", "请求有误", "“rural”无法读取：类型或格式不对。");
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/schools/sch-009")).StatusCode);
    }

    [Fact]
    public async Task DeleteSchool_WithStaff_IsRefused_WithoutStaff_Succeeds()
    {
        await ImportCsvAsync(Row("stf-40", "韩梅", "female", "1980-08-08", "", "", "sch-001", "", "teacher"));
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/schools/sch-empty", new School("sch-empty", "空校", "primary", "弥河镇", true))).StatusCode);

        var refused = await _admin.DeleteAsync("/api/directory/schools/sch-001");
        var deleted = await _admin.DeleteAsync("/api/directory/schools/sch-empty");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("id", (string)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["field"]!);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/directory/schools/sch-001")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/schools/sch-empty")).StatusCode);
    }

    [Fact]
    public async Task DeleteSchool_HostingATrainingBase_IsRefusedNamingIt_NothingDeleted_AllowedOnceTheBaseIsGone()
    {
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/schools/sch-base", new School("sch-base", "基地学校", "primary", "弥河镇", true))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/training-bases/base-9", new TrainingBase("base-9", "sch-base", "弥河跟岗基地", 6))).StatusCode);

        var refused = await _admin.DeleteAsync("/api/directory/schools/sch-base");
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        var kept = await _admin.GetAsync("/api/directory/schools/sch-base");
        var baseKept = await _admin.GetAsync("/api/directory/training-bases/base-9");
        var baseDeleted = await _admin.DeleteAsync("/api/directory/training-bases/base-9");
        var deleted = await _admin.DeleteAsync("/api/directory/schools/sch-base");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("id", (string)problem["field"]!);
        Assert.StartsWith("“sch-base”还设有培训基地（如 弥河跟岗基地，base-9），请先删除该基地或将其改到其他学校再删除。", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (kept.StatusCode, baseKept.StatusCode));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (baseDeleted.StatusCode, deleted.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/schools/sch-base")).StatusCode);
    }

    [Fact]
    public async Task InvalidRecord_Gets422NamingEachField_AndNothingIsStored()
    {
        var bad = new StaffMember { Id = "stf-bad", Name = "李强", Gender = "unknown", Email = "not-an-address", Mobile = "12345", SchoolId = "sch-999", Post = "teacher" };

        var response = await _admin.PutAsJsonAsync("/api/directory/staff/stf-bad", bad);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Equal(["gender", "email", "mobile", "schoolId"], fields);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/stf-bad")).StatusCode);
    }

    [Fact]
    public async Task Refusals_AreInChineseFirst_NamingEachField_EnglishBeside()
    {
        var bad = new StaffMember { Id = "stf-zh", Name = "李强", Gender = "unknown", Email = "not-an-address", Mobile = "12345", SchoolId = "sch-999", Post = "teacher" };

        var invalid = await _admin.PutAsJsonAsync("/api/directory/staff/stf-zh", bad);
        var otherId = await _admin.PutAsJsonAsync("/api/directory/staff/stf-zh", bad with { Id = "stf-else" });
        var page = await _admin.GetAsync("/api/directory/staff?pageSize=0");
        var missing = await _admin.GetAsync("/api/directory/staff/nobody-zh");
        var format = await _admin.GetAsync("/api/directory/staff/export?format=pdf");
        var unkeyable = await _admin.GetAsync("/api/directory/staff/" + new string('x', 200) + "/moves");

        var problem = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("记录有误，未保存。 ", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.StartsWith("gender：“unknown”不是可选的性别；可选：女、男。", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(
            [
                ("gender", "“unknown”不是可选的性别；可选：女、男。"),
                ("email", "“not-an-address”不是有效的电子邮箱地址。"),
                ("mobile", "“12345”不是有效的手机号码（以 1 开头的 11 位数字）。"),
                ("schoolId", "名录中没有编号为“sch-999”的学校。"),
            ],
            problem["errors"]!.AsArray().Select(e => ((string)e!["field"]!, (string)e["reason"]!)));
        Assert.Equal("'unknown' is not one of: female, male.", (string)problem["errors"]![0]!["reasonEn"]!);
        Assert.Equal("内容中的编号“stf-else”与地址中的编号“stf-zh”不一致。", (string)(await otherId.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["reason"]!);
        await AssertChineseAsync(page, HttpStatusCode.BadRequest, "pageSize", "请求有误", "每页条数须为 1 到 1000 之间的整数。");
        await AssertChineseAsync(missing, HttpStatusCode.NotFound, "id", "未找到", "名录中没有编号为“nobody-zh”的记录。");
        await AssertChineseAsync(format, HttpStatusCode.BadRequest, "format", "请求有误", "“pdf”不是名册格式：只能是 CSV 或 xlsx。");
        await AssertChineseAsync(unkeyable, HttpStatusCode.UnprocessableEntity, "id", "请求内容有误", "编号过长：最多 128 个字符（现为 200 个）。");
    }

    [Fact]
    public async Task CsvImport_Valid_IsAppliedOnce_SameFileTwiceChangesNothing()
    {
        string csv = Csv(
            Row("stf-10", "陈静", "female", "1990-05-06", "chen.jing@qz.example.cn", "13800000001", "sch-001", "", "teacher", reservePrincipal: "是"),
            Row("stf-11", "赵磊", "male", "1972-11-30", "", "", "", "dep-04", "researcher", section: "junior"));

        var first = await ImportAsync(csv, "text/csv");
        var second = await ImportAsync(csv, "text/csv");

        Assert.Equal((2, 0, 0), Counts(first));
        Assert.Equal((0, 0, 2), Counts(second));
        var researcher = (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/stf-11"))!;
        Assert.Equal("junior", researcher.Section);
        Assert.True((await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/stf-10"))!.ReservePrincipal);
    }

    [Fact]
    public async Task CsvImport_WithBadRows_ReportsEveryRowAndColumn_AndImportsNothing()
    {
        string csv = Csv(
            Row("stf-20", "周敏", "female", "1988-01-01", "zhou@qz.example.cn", "13800000002", "sch-001", "", "teacher"),
            Row("stf-21", "吴勇", "male", "1988-02-30", "wu@@qz", "13800000003", "sch-404", "", "janitor"),
            Row("stf-20", "郑洁", "female", "1991-04-04", "", "", "sch-001", "", "teacher"));

        var response = await ImportAsync(csv, "text/csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!)).ToList();
        Assert.Equal([(3, "birthDate"), (3, "post"), (3, "email"), (3, "schoolId"), (4, "id")], errors);
        Assert.StartsWith("名册有误，未导入任何数据。", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.StartsWith("名册中 2 行共有 5 处错误。", (string)problem["detail"]!, StringComparison.Ordinal);
        var reasons = problem["errors"]!.AsArray().Select(e => (string)e!["reason"]!).ToList();
        Assert.Equal("“1988-02-30”不是日期（应如 1988-01-31）。", reasons[0]);
        Assert.StartsWith("“janitor”不是可选的岗位；可选：", reasons[1], StringComparison.Ordinal);
        Assert.Equal(["“wu@@qz”不是有效的电子邮箱地址。", "名录中没有编号为“sch-404”的学校。", "工号“stf-20”与第 2 行重复。"], reasons[2..]);
        Assert.Equal("'stf-20' is also on row 2.", (string)problem["errors"]![4]!["reasonEn"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/stf-20")).StatusCode);
    }

    [Fact]
    public async Task XlsxImport_GoodAndBad_AndExportReimportsUnchanged()
    {
        var good = Xlsx(new Dictionary<string, string?>
        {
            ["id"] = "stf-30", ["name"] = "孙娜", ["gender"] = "female", ["birthDate"] = "1986-07-08", ["email"] = "sun.na@qz.example.cn",
            ["mobile"] = "13700000004", ["schoolId"] = "sch-001", ["post"] = "head-teacher", ["subject"] = "mathematics", ["section"] = "junior",
        });
        var bad = Xlsx(new Dictionary<string, string?> { ["id"] = "stf-31", ["name"] = "", ["gender"] = "female", ["schoolId"] = "sch-001", ["post"] = "teacher" });

        var imported = await ImportAsync(good, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var refused = await ImportAsync(bad, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.Equal((1, 0, 0), Counts(imported));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        Assert.Equal((2, "name"), ((int)error["row"]!, (string)error["column"]!));

        var exported = await _admin.GetByteArrayAsync("/api/directory/staff/export?format=xlsx");
        var again = await ImportAsync(exported, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal((0, 0, 1), Counts(again));
    }

    // The answer's title and the Chinese that opens its detail (the English follows after a space).
    private static async Task AssertChineseAsync(HttpResponseMessage response, HttpStatusCode status, string field, string title, string detailZh)
    {
        await ProblemAssertions.AssertProblemAsync(response, status, field);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(title, (string)problem["title"]!);
        Assert.StartsWith(detailZh + " ", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private static (int Created, int Updated, int Unchanged) Counts(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = response.Content.ReadFromJsonAsync<ApplyResult>().GetAwaiter().GetResult()!;
        return (result.Created, result.Updated, result.Unchanged);
    }

    private static string Row(
        string id, string name, string gender, string birthDate, string email, string mobile, string schoolId, string departmentId, string post,
        string section = "", string reservePrincipal = "") =>
        $"{id},{name},{gender},{birthDate},{email},{mobile},{schoolId},{departmentId},{post},,{section},,,,{reservePrincipal},";

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static byte[] Xlsx(IReadOnlyDictionary<string, string?> row)
    {
        using var stream = new MemoryStream();
        RosterFile.Write(stream, RosterFile.Format.Xlsx, StaffRoster.Columns, [row]);
        return stream.ToArray();
    }

    private Task<HttpResponseMessage> ImportCsvAsync(params string[] rows) => ImportAsync(Csv(rows), "text/csv");

    private Task<HttpResponseMessage> ImportAsync(string csv, string contentType) => ImportAsync(Encoding.UTF8.GetBytes(csv), contentType);

    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string contentType)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await _admin.PostAsync("/api/directory/staff/import", content);
    }
}
