using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.StaffReallocation;
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
            await store.People.PutAsync(County.Scored(id, new Participant("stf-1", "sch-001", "junior", "mathematics", "teacher", 40, points, rank)), CancellationToken.None);
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
    public async Task ARerunStartedLaterWithAnEarlierPointsDate_IsTheSecond_AndTheFirstStartedKeepsItsTitle()
    {
        // September's reallocation counts points at 1 September; the rerun started after it counts them at 1 March.
        const string September = "staff-reallocation-2028", Rerun = "staff-reallocation-rerun-2028";
        using var admin = _app.CreateClient();
        admin.DefaultRequestHeaders.Add("x-functions-key", Key);
        using var office = _app.CreateOfficeClient();
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/staff-reallocation/{September}", new { ownerId = "stf-3", asOf = "2028-09-01" })).StatusCode);
        var first = await WaitForRecordAsync(store, September);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/staff-reallocation/{Rerun}", new { ownerId = "stf-3", asOf = "2028-03-01" })).StatusCode);
        var rerun = await WaitForRecordAsync(store, Rerun);
        string list = await office.GetStringAsync($"/api/office/staff-reallocation?code={Key}");
        string septemberPage = await office.GetStringAsync($"/api/office/staff-reallocation/{September}?code={Key}");

        Assert.True(first.StartedAt < rerun.StartedAt, $"{first.StartedAt:O} then {rerun.StartedAt:O}");
        Assert.Contains($"<code>{September}</code></a><br><span class=\"reallocation-name\">2028年县管校聘</span>", list, StringComparison.Ordinal);
        Assert.Contains($"<code>{Rerun}</code></a><br><span class=\"reallocation-name\">2028年县管校聘（第二次）</span>", list, StringComparison.Ordinal);
        Assert.Contains("<p id=\"reallocation-name\">2028年县管校聘</p>", septemberPage, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_NumbersByStartTime_WhateverThePointsDate_AfterThoseStartedBeforeItWasKept()
    {
        var september = new ReallocationRecord { Id = "staff-reallocation-2027", OwnerId = "stf-3", AsOf = new DateOnly(2027, 9, 1), StartedAt = new DateTimeOffset(2027, 9, 1, 1, 0, 0, TimeSpan.Zero) };
        var october = new ReallocationRecord { Id = "staff-reallocation-a-2027", OwnerId = "stf-3", AsOf = new DateOnly(2027, 3, 1), StartedAt = new DateTimeOffset(2027, 10, 8, 1, 0, 0, TimeSpan.Zero) };
        var kept = new ReallocationRecord { Id = "staff-reallocation-z-2027", OwnerId = "stf-3", AsOf = new DateOnly(2027, 12, 1) };
        List<ReallocationRecord> two = [october, september], three = [october, september, kept];

        Assert.Equal(["2027年县管校聘（第二次）", "2027年县管校聘"], two.Select(r => ReallocationNames.Title(r, two).Zh));
        Assert.Equal(["2027年县管校聘（第三次）", "2027年县管校聘（第二次）", "2027年县管校聘"], three.Select(r => ReallocationNames.Title(r, three).Zh));
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

    private static async Task<ReallocationRecord> WaitForRecordAsync(StaffReallocationStore store, string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if ((await store.Reallocations.GetAsync(id, cts.Token))?.Record is { } record)
            {
                return record;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
