using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniExcelLibs;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// Issue 16's directory findings over HTTP on Azurite: deletes of ids that are not there, formulas in exports, and
/// rosters whose rows are too long or too wide.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DirectoryRefusalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string MasterKey = "dir16-master-key";
    private const string Header = "id,name,gender,birthDate,email,mobile,schoolId,departmentId,post,subject,section,title,hireDate,postSince,reservePrincipal,reserveResearcher";
    private WebApplicationFactory<Program>? _factory;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", MasterKey)
            .UseSetting("EDUFLOWS_DEMO_DATA", "false")
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync("/api/directory/schools/sch-001", new School("sch-001", "旗城学校", "nine-year", "王府街道", false))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("schools")]
    [InlineData("departments")]
    [InlineData("training-bases")]
    [InlineData("staff")]
    public async Task Delete_OfAnIdThatIsNotThere_Is404NamingIt_ARealDeleteIs204_AndAgain404(string kind)
    {
        object record = kind switch
        {
            "schools" => new School("x-16", "弥河学校", "primary", "弥河镇", true),
            "departments" => new Department("x-16", "督导室", null, false),
            "training-bases" => new TrainingBase("x-16", "sch-001", "旗城学校基地", 4),
            _ => new StaffMember { Id = "x-16", Name = "王芳", Gender = "female", SchoolId = "sch-001", Post = "teacher" },
        };
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutAsJsonAsync($"/api/directory/{kind}/x-16", record)).StatusCode);

        var never = await _admin.DeleteAsync($"/api/directory/{kind}/never-was-16");
        var real = await _admin.DeleteAsync($"/api/directory/{kind}/x-16");
        var again = await _admin.DeleteAsync($"/api/directory/{kind}/x-16");

        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        Assert.Equal("application/problem+json", never.Content.Headers.ContentType!.MediaType);
        var problem = (await never.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("id", (string)problem["field"]!);
        Assert.Contains("never-was-16", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, real.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("x-16", (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_NeutraliseFormulas_AndImportUnchanged()
    {
        // Each cell a spreadsheet would take for a formula; the name passes validation (50 characters at most).
        string[] names = ["=HYPERLINK(\"http://x.cn\",\"点\")", "+1+2", "-3+4", "@SUM(A1)"];
        for (int i = 0; i < names.Length; i++)
        {
            var put = await _admin.PutAsJsonAsync($"/api/directory/staff/f-{i}", new StaffMember { Id = $"f-{i}", Name = names[i], Gender = "male", SchoolId = "sch-001", Post = "teacher", Title = "senior" });
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        string csv = await _admin.GetStringAsync("/api/directory/staff/export?format=csv");
        byte[] xlsx = await _admin.GetByteArrayAsync("/api/directory/staff/export?format=xlsx");

        var csvRows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(4, csvRows.Count);
        Assert.Contains(csvRows, r => r.StartsWith("f-0,\"'=HYPERLINK(", StringComparison.Ordinal));
        Assert.Contains(csvRows, r => r.StartsWith("f-1,'+1+2,", StringComparison.Ordinal));
        Assert.Contains(csvRows, r => r.StartsWith("f-2,'-3+4,", StringComparison.Ordinal));
        Assert.Contains(csvRows, r => r.StartsWith("f-3,'@SUM(A1),", StringComparison.Ordinal));
        Assert.Contains(csvRows, r => r.Contains(",senior,", StringComparison.Ordinal));
        using (var sheet = new MemoryStream(xlsx))
        {
            var cells = sheet.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Select(r => (string)r["name"]!).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(names.Select(n => "'" + n).Order(StringComparer.Ordinal), cells);
        }

        Assert.Equal((0, 0, 4), Counts(await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv")));
        Assert.Equal((0, 0, 4), Counts(await ImportAsync(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));
        Assert.Equal(names[0], (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/f-0"))!.Name);
    }

    [Fact]
    public void Neutralise_PrefixesFormulaStarts_Only()
    {
        Assert.Equal("'=1+1", RosterFile.Neutralise("=1+1"));
        Assert.Equal("'\tx", RosterFile.Neutralise("\tx"));
        Assert.Equal("'\rx", RosterFile.Neutralise("\rx"));
        Assert.Equal("'-5", RosterFile.Neutralise("-5"));
        Assert.Equal("王芳", RosterFile.Neutralise("王芳"));
        Assert.Equal("13912345678", RosterFile.Neutralise("13912345678"));
        Assert.Equal("a=b", RosterFile.Neutralise("a=b"));
        Assert.Null(RosterFile.Neutralise(null));
        Assert.Equal("'quoted", RosterFile.Restore("'quoted"));
        Assert.Equal("=1+1", RosterFile.Restore("'=1+1"));
    }

    [Fact]
    public async Task CsvImport_ARowTooLong_Is413NamingTheRow_AndNothingIsImported()
    {
        string quotes = string.Concat(Enumerable.Repeat("\"a\"\"b\"", RosterFile.MaxRowChars / 6 + 1));
        string csv = Header + "\n" + Row("q-1", "王芳") + "\n" + $"q-2,{quotes},male,,,,sch-001,,teacher,,,,,,,\n";

        var response = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("file", (string)problem["field"]!);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Equal(3, (int)error["row"]!);
        Assert.Equal("#2", (string)error["column"]!);
        Assert.Contains("row 3", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/q-1")).StatusCode);
    }

    [Fact]
    public async Task CsvImport_TooManyColumns_Is422NamingTheRow_AndNothingIsImported()
    {
        string csv = Header + "\n" + Row("q-3", "王芳") + "\n" + Row("q-4", "李强") + new string(',', RosterFile.MaxColumns) + "\n";

        var response = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        Assert.Equal(3, (int)error["row"]!);
        Assert.Equal($"#{RosterFile.MaxColumns + 1}", (string)error["column"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/q-3")).StatusCode);
    }

    [Fact]
    public async Task CsvImport_AQuotedCellWithALineBreak_IsStillOneRow()
    {
        string csv = Header + "\n" + "q-5,\"王\n芳\",female,,,,sch-001,,teacher,,,,,,,\n" + Row("q-6", "李强") + "\n";

        var response = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal((2, 0, 0), Counts(response));
        Assert.Equal("王\n芳", (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/q-5"))!.Name);
    }

    [Fact]
    public async Task CsvImport_ShortRows_ReadTheMissingCellsAsEmpty()
    {
        string csv = Header + "\n" + "q-7,王芳,female,,,,sch-001,,teacher\n" + Row("q-8", "李强") + "\n";

        var response = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal((2, 0, 0), Counts(response));
        var member = (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/q-7"))!;
        Assert.Equal(("teacher", null, false), (member.Post, member.Title, member.ReserveResearcher));
    }

    [Fact]
    public async Task XlsxImport_TooManyColumns_Is422()
    {
        var row = Enumerable.Range(0, RosterFile.MaxColumns + 1).ToDictionary(i => i < StaffRoster.Columns.Count ? StaffRoster.Columns[i] : $"extra{i}", _ => (object?)"x");
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { row }, excelType: ExcelType.XLSX);

        var response = await ImportAsync(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!["row"]!);
    }

    [Fact]
    public async Task XlsxImport_AColumnTwiceInDifferentCase_Is422NamingItAtRow1_AndNothingIsImported()
    {
        using var stream = new MemoryStream();
        RosterFile.WriteTable(stream, RosterFile.Format.Xlsx, ["Id", "name", "gender", "schoolId", "post", "id"], [["q-9", "王芳", "female", "sch-001", "teacher", "q-10"]]);

        var response = await ImportAsync(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        Assert.Equal((1, "id"), ((int)error["row"]!, (string)error["column"]!));
        Assert.Equal("“id”与“Id”是同一列，名册中只能有一列。", (string)error["reason"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/q-9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/q-10")).StatusCode);
    }

    private static string Row(string id, string name) => $"{id},{name},female,,,,sch-001,,teacher,,,,,,,";

    private static (int Created, int Updated, int Unchanged) Counts(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = response.Content.ReadFromJsonAsync<ApplyResult>().GetAwaiter().GetResult()!;
        return (result.Created, result.Updated, result.Unchanged);
    }

    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string contentType)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await _admin.PostAsync("/api/directory/staff/import", content);
    }
}
