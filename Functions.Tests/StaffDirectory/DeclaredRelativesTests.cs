using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>Relatives declared in the directory (亲属申报): set by PUT and the roster, refused when they name nobody, read from old rows.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DeclaredRelativesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string MasterKey = "rel-master-key";
    private const string FunctionKey = "rel-function-key";
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
        foreach (string id in new[] { "rel-1", "rel-2" })
        {
            Assert.True((await _admin.PutAsJsonAsync($"/api/directory/staff/{id}", Teacher(id))).IsSuccessStatusCode);
        }
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
    public async Task Put_Relatives_AreKept_AndShownWithThePersonalData()
    {
        var put = await _admin.PutAsJsonAsync("/api/directory/staff/rel-2", Teacher("rel-2") with { Relatives = [new DeclaredRelative("rel-1", "夫妻")] });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/rel-2"))!;
        Assert.Equal([new DeclaredRelative("rel-1", "夫妻")], stored.Relatives);
        Assert.Null((await _reader.GetFromJsonAsync<JsonObject>("/api/directory/staff/rel-2"))!["relatives"]);
        Assert.Contains("rel-1:夫妻", await _admin.GetStringAsync("/api/directory/staff/export?format=csv"), StringComparison.Ordinal);
        Assert.DoesNotContain("夫妻", await _reader.GetStringAsync("/api/directory/staff/export?format=csv"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nobody-9", "夫妻", "relatives[0].staffId", "名录中没有编号为“nobody-9”的人员")]
    [InlineData("rel-2", "夫妻", "relatives[0].staffId", "不能申报本人为亲属")]
    [InlineData("a/b", "夫妻", "relatives[0].staffId", "申报亲属第 1 项的人员编号")]
    [InlineData("rel-1", " ", "relatives[0].relation", "须填写亲属关系")]
    public async Task Put_BadRelative_Is422_NamingTheField_AndNothingChanges(string staffId, string relation, string field, string reasonZh)
    {
        var before = await _admin.GetStringAsync("/api/directory/staff/rel-2");

        var put = await _admin.PutAsJsonAsync("/api/directory/staff/rel-2", Teacher("rel-2") with { Name = "改名", Relatives = [new DeclaredRelative(staffId, relation)] });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var problem = (await put.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(field, (string)problem["field"]!);
        Assert.Contains(reasonZh, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.StartsWith("记录有误", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.Equal(before, await _admin.GetStringAsync("/api/directory/staff/rel-2"));
    }

    [Fact]
    public async Task Import_RelativesColumn_SetsThem_AndAnUnknownRelativeImportsNothing()
    {
        const string Header = "id,name,gender,post,schoolId,relatives";

        var bad = await _admin.PostAsync("/api/directory/staff/import", new StringContent($"{Header}\nrel-3,李强,male,teacher,sch-001,rel-1:父子\nrel-4,李明,male,teacher,sch-001,nobody-9:兄弟姐妹\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var error = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        Assert.Equal((3, "relatives"), ((int)error["row"]!, (string)error["column"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/directory/staff/rel-3")).StatusCode);

        var good = await _admin.PostAsync("/api/directory/staff/import", new StringContent($"{Header}\nrel-3,李强,male,teacher,sch-001,rel-1:父子；rel-4：兄弟姐妹\nrel-4,李明,male,teacher,sch-001,\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(
            [new DeclaredRelative("rel-1", "父子"), new DeclaredRelative("rel-4", "兄弟姐妹")],
            (await _admin.GetFromJsonAsync<StaffMember>("/api/directory/staff/rel-3"))!.Relatives);
    }

    [Fact]
    public async Task OldRow_WithoutTheRelativesColumn_Reads_AndANewOneRoundTrips()
    {
        string prefix = AzuriteFixture.NewHubName() + "Dir";
        var table = new TableClient(azurite.ConnectionString, prefix + "Staff");
        await table.CreateIfNotExistsAsync();
        // A row as the directory wrote it before relatives were kept.
        await table.UpsertEntityAsync(new TableEntity("d", "old-1") { ["id"] = "old-1", ["name"] = "张伟", ["gender"] = "male", ["post"] = "retired-cadre", ["reservePrincipal"] = false, ["reserveResearcher"] = false });
        var store = new DirectoryStore(azurite.ConnectionString, prefix);

        var old = await store.Staff.GetAsync("old-1", CancellationToken.None);

        Assert.Equal(("张伟", "retired-cadre"), (old!.Name, old.Post));
        Assert.Null(old.Relatives);
        await store.Staff.UpsertAsync(old with { Relatives = [new DeclaredRelative("stf-1", "翁婿")] }, CancellationToken.None);
        Assert.Equal([new DeclaredRelative("stf-1", "翁婿")], (await store.Staff.GetAsync("old-1", CancellationToken.None))!.Relatives);
    }

    private static StaffMember Teacher(string id) => new() { Id = id, Name = "王芳", Gender = "female", Post = "teacher", SchoolId = "sch-001" };
}
