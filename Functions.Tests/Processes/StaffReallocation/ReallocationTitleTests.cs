using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Scoring;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>Two reallocations in one year are told apart by one rule, the same on /api/me and on the office's pages.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReallocationTitleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private const string Spring = "staff-reallocation-2027";
    private const string Autumn = "staff-reallocation-autumn-2027";
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        foreach (var (id, asOf, points, rank) in new[] { (Spring, new DateOnly(2027, 3, 1), 81.5m, 3), (Autumn, new DateOnly(2027, 9, 1), 82m, 2), ("staff-reallocation-2026", new DateOnly(2026, 3, 1), 80m, 4) })
        {
            await store.Reallocations.PutAsync(new ReallocationRecord { Id = id, OwnerId = "stf-3", AsOf = asOf, FormulaVersion = "v1", Stage = "finished" }, CancellationToken.None);
            await store.People.PutAsync(
                new PersonRecord
                {
                    ReallocationId = id,
                    Participant = new Participant("stf-1", "sch-001", "junior", "mathematics", "teacher", 40, points, rank),
                    Breakdown = new PointsBreakdown("stf-1", "v1", [], points, rank),
                },
                CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoReallocationsInOneYear_TheLaterSaysItIsTheSecond_OnMeAndOnTheOfficePages()
    {
        using var wang = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        using var office = _app.CreateOfficeClient();

        var results = (await wang.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray()
            .Where(r => (string?)r!["kind"] == "县管校聘积分").Select(r => $"{(string?)r!["title"]}|{(string?)r!["summary"]}").ToList();
        string list = await office.GetStringAsync($"/api/office/staff-reallocation?code={Key}");
        string autumnPage = await office.GetStringAsync($"/api/office/staff-reallocation/{Autumn}?code={Key}");
        string springPage = await office.GetStringAsync($"/api/office/staff-reallocation/{Spring}?code={Key}");

        Assert.Equal(["2027年县管校聘（第二次）|总积分 82 分，全县第 2 名", "2027年县管校聘|总积分 81.5 分，全县第 3 名", "2026年县管校聘|总积分 80 分，全县第 4 名"], results);
        Assert.Contains($"<code>{Autumn}</code></a><br><span class=\"reallocation-name\">2027年县管校聘（第二次）</span>", list, StringComparison.Ordinal);
        Assert.Contains($"<code>{Spring}</code></a><br><span class=\"reallocation-name\">2027年县管校聘</span>", list, StringComparison.Ordinal);
        Assert.Contains("<p id=\"reallocation-name\">2027年县管校聘（第二次）</p>", autumnPage, StringComparison.Ordinal);
        Assert.Contains("<p id=\"reallocation-name\">2027年县管校聘</p>", springPage, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_NumbersAYearsReallocationsByPointsDateThenId_AndIgnoresOtherYears()
    {
        ReallocationRecord Of(string id, int year, int month) => new() { Id = id, OwnerId = "stf-3", AsOf = new DateOnly(year, month, 1) };
        var all = new List<ReallocationRecord> { Of("b-2027", 2027, 3), Of("a-2027", 2027, 3), Of("c-2027", 2027, 9), Of("x-2026", 2026, 12), Of("y-2028", 2028, 1) };
        all.AddRange(Enumerable.Range(1, 8).Select(n => Of($"late-{n:00}", 2027, 12)));

        Assert.Equal(
            ["2027年县管校聘（第二次）", "2027年县管校聘", "2027年县管校聘（第三次）", "2026年县管校聘", "2028年县管校聘"],
            all.Take(5).Select(r => ReallocationNames.Title(r, all).Zh));
        Assert.Equal("2027年县管校聘（第十一次）", ReallocationNames.Title(all[^1], all).Zh);
        Assert.Equal("2027 staff reallocation (no. 11)", ReallocationNames.Title(all[^1], all).En);
        Assert.Equal("2027年县管校聘", ReallocationNames.Title(Of("only-2027", 2027, 3), [Of("x-2026", 2026, 12)]).Zh);
    }
}
