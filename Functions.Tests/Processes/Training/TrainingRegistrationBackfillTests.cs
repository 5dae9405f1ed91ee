using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EduFlows.Processes.Training;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// Registrations taken before they were kept by person (seats and waiting places on the lectures only, no
/// <c>{hub}TrainingRegistrations</c> row): the first start adds their rows and marks it done, so /api/me lists them
/// (page and JSON), each once; two hosts at once, a run stopped part-way and a second run all end with the same rows,
/// and until the mark /api/me reads the lectures as before.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class TrainingRegistrationBackfillTests(AzuriteFixture azurite)
{
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    // 2027-03-10 09:00 in the bureau: last year (2026) is listed, 2025 is stale.
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 9, 0, 0, TimeSpan.FromHours(8));

    // The rows of EarlierStoreAsync's seats and waiting places of 2026 and 2027 (those of 2025 are stale).
    private static readonly string[] Registered = ["stf-1|lec-last-year", "stf-1|lec-next", "stf-2|lec-last-year", "stf-2|lec-next", "stf-3|lec-next"];

    [Fact]
    public async Task Start_OverRegistrationsTakenBeforeTheIndex_MeListsEachOnce_PageAndJson_AndARerunChangesNothing()
    {
        string hub = AzuriteFixture.NewHubName();
        var today = Clock.DateOf(DateTimeOffset.UtcNow);
        var seatedAt = DateTimeOffset.UtcNow.AddDays(-30);
        var earlier = new TrainingStore(StorageAccount.FromConnectionString(azurite.ConnectionString), hub);
        var attended = Lecture("lec-attended", today.AddDays(-3)) with { Seats = [new("stf-1", "王芳", seatedAt)] };
        foreach (var lecture in new[]
        {
            Lecture("lec-seat", today.AddDays(20)) with { Seats = [new("stf-1", "王芳", seatedAt), new("stf-2", "李校长", seatedAt)] },
            Lecture("lec-wait", today.AddDays(21)) with { Capacity = 1, Seats = [new("stf-2", "李校长", seatedAt)], Waiting = [new("stf-1", "王芳", seatedAt)] },
            Lecture("lec-last-year", new DateOnly(today.Year - 1, 6, 1)) with { Seats = [new("stf-1", "王芳", seatedAt)] },
            Lecture("lec-stale", new DateOnly(today.Year - 2, 6, 1)) with { Seats = [new("stf-1", "王芳", seatedAt)] },
            attended,
        })
        {
            await earlier.Lectures.PutAsync(lecture, CancellationToken.None);
        }

        await earlier.Attendance.PutAsync(
            new TrainingAttendance(attended.Id, attended.Series, attended.Title, "stf-1", "王芳", null, null, "teacher", attended.Date, attended.Hours, seatedAt.AddDays(27)),
            CancellationToken.None);
        Assert.Empty(await earlier.Registrations.QueryAsync(null, CancellationToken.None));

        // The new version starts on what the earlier one left.
        await using var app = new TaskAppFactory(azurite) { HubName = hub };
        await app.SeedStaffAsync();
        var backfill = app.Services.GetRequiredService<TrainingRegistrationBackfill>();
        var store = app.Services.GetRequiredService<TrainingStore>();
        await StartUpRunDoneAsync(hub);
        await store.Lectures.PutAsync(Lecture("lec-new", today.AddDays(22)), CancellationToken.None);
        Assert.Equal(RegistrationOutcome.Registered, (await app.Services.GetRequiredService<TrainingDesk>().RegisterAsync("lec-new", "stf-1", CancellationToken.None)).Outcome);

        using var json = await StaffSessions.SignInAsync(app, "wang.fang@qz.example.cn");
        var before = await TrainingResultsAsync(json);
        using var browser = await StaffSessions.SignInAsync(app, "wang.fang@qz.example.cn");
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        string html = await (await browser.GetAsync("/api/me")).Content.ReadAsStringAsync();

        // Each lecture's row in the index, the stale year's left out; one mark.
        Assert.Equal(
            ["stf-1|lec-attended", "stf-1|lec-last-year", "stf-1|lec-new", "stf-1|lec-seat", "stf-1|lec-wait", "stf-2|lec-seat", "stf-2|lec-wait"],
            (await store.Registrations.QueryAsync(null, CancellationToken.None)).Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Single(await store.Marks.QueryAsync(null, CancellationToken.None));
        Assert.True(await store.RegistrationsBackfilledAsync(CancellationToken.None));

        // Listed once each, the attended one as attended only; the stale one and 李校长's seats not at all.
        string[] expected =
        [
            $"青州教育讲堂报名|{today.AddDays(22):yyyy-MM-dd} 讲堂 lec-new|已报名|/api/training/lectures/lec-new/registration",
            $"青州教育讲堂报名|{today.AddDays(21):yyyy-MM-dd} 讲堂 lec-wait|候补第 1 位|/api/training/lectures/lec-wait/registration",
            $"青州教育讲堂报名|{today.AddDays(20):yyyy-MM-dd} 讲堂 lec-seat|已报名|/api/training/lectures/lec-seat/registration",
            $"青州教育讲堂参训记录|{attended.Date:yyyy-MM-dd} 讲堂 lec-attended|已签到，计入 2 学时|/api/training/lectures/lec-attended/registration",
            $"青州教育讲堂报名|{today.Year - 1}-06-01 讲堂 lec-last-year|已报名，未签到|/api/training/lectures/lec-last-year/registration",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), before.Where(r => !r.StartsWith("年度培训学时|", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (string lectureId in new[] { "lec-new", "lec-wait", "lec-seat", "lec-attended", "lec-last-year" })
        {
            Assert.Single(Regex.Matches(html, $"href=\"/api/training/lectures/{lectureId}/registration\""));
        }

        Assert.Contains("讲堂 lec-wait</a> · 候补第 1 位", html, StringComparison.Ordinal);
        Assert.Contains("讲堂 lec-last-year</a> · 已报名，未签到", html, StringComparison.Ordinal);
        Assert.DoesNotContain("lec-stale", html, StringComparison.Ordinal);

        // Again, on this host and as another host starting: nothing added, the same list.
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
        Assert.Equal(0, await Backfill(new TrainingStore(StorageAccount.FromConnectionString(azurite.ConnectionString), hub), DateTimeOffset.UtcNow).RunAsync(CancellationToken.None));
        Assert.Equal(7, (await store.Registrations.QueryAsync(null, CancellationToken.None)).Count);
        Assert.Equal(before, await TrainingResultsAsync(json));
    }

    [Fact]
    public async Task Run_TwoHostsAtOnce_AddEachRowOnceBetweenThem_AndOneMark()
    {
        string hub = AzuriteFixture.NewHubName();
        var store = await EarlierStoreAsync(hub);
        var hosts = new[] { NewStore(hub), NewStore(hub) };

        int[] written = await Task.WhenAll(hosts.Select(h => Backfill(h, Now).RunAsync(CancellationToken.None)));

        Assert.Equal(Registered.Length, written.Sum());
        Assert.Equal(Registered, await RowsAsync(store));
        var mark = Assert.Single(await store.Marks.QueryAsync(null, CancellationToken.None));
        Assert.Equal((2026, 3), (mark.FromYear, mark.Lectures));
        foreach (var host in hosts)
        {
            Assert.True(await host.RegistrationsBackfilledAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task Run_AfterARunStoppedPartWay_AddsTheRest_AndARunAfterTheMarkAddsNothing()
    {
        string hub = AzuriteFixture.NewHubName();
        var store = await EarlierStoreAsync(hub);
        // What a run stopped part-way leaves: some rows, no mark.
        await store.Registrations.PutAsync(new TrainingRegistration("stf-1", "lec-next", 2027), CancellationToken.None);
        await store.Registrations.PutAsync(new TrainingRegistration("stf-2", "lec-last-year", 2026), CancellationToken.None);
        Assert.False(await NewStore(hub).RegistrationsBackfilledAsync(CancellationToken.None));

        int rest = await Backfill(NewStore(hub), Now).RunAsync(CancellationToken.None);
        int again = await Backfill(NewStore(hub), Now.AddDays(1)).RunAsync(CancellationToken.None);

        Assert.Equal((Registered.Length - 2, 0), (rest, again));
        Assert.Equal(Registered, await RowsAsync(store));
        Assert.Equal(Registered.Length - 2, Assert.Single(await store.Marks.QueryAsync(null, CancellationToken.None)).Written);
    }

    [Fact]
    public async Task OwnResults_BeforeTheMark_ReadTheLectures_AndAfterItTheIndex_TheSameList()
    {
        string hub = AzuriteFixture.NewHubName();
        var store = await EarlierStoreAsync(hub);
        var time = new FakeTimeProvider(Now);
        // Attended: listed once, with its hours, whichever way the seat is found.
        var attended = Lecture("lec-attended", new DateOnly(2027, 3, 1)) with { Seats = [new("stf-1", "王芳", Now.AddDays(-20))] };
        await store.Lectures.PutAsync(attended, CancellationToken.None);
        await store.Attendance.PutAsync(
            new TrainingAttendance(attended.Id, attended.Series, attended.Title, "stf-1", "王芳", null, null, "teacher", attended.Date, attended.Hours, Now.AddDays(-9)), CancellationToken.None);

        var unmarked = await new AttendeeOwnResults(store, Clock, time).OfAsync("stf-1", CancellationToken.None);
        await Backfill(store, Now).RunAsync(CancellationToken.None);
        var marked = await new AttendeeOwnResults(NewStore(hub), Clock, time).OfAsync("stf-1", CancellationToken.None);
        // A seat written afterwards without its row (as only an earlier version would) is not read from the mark until the
        // next run adds its row (Run_ASeatAnEarlierVersionTookAfterTheMark_…).
        var late = Lecture("lec-late", new DateOnly(2027, 5, 1)) with { Seats = [new("stf-1", "王芳", Now)] };
        await store.Lectures.PutAsync(late, CancellationToken.None);
        var indexOnly = await new AttendeeOwnResults(NewStore(hub), Clock, time).OfAsync("stf-1", CancellationToken.None);

        Assert.Equal(
            ["2027年|共 2 学时（参训 1 次）", "2027-04-20 讲堂 lec-next|候补第 1 位", "2027-03-01 讲堂 lec-attended|已签到，计入 2 学时", "2026-06-01 讲堂 lec-last-year|已报名，未签到"],
            unmarked.Select(r => $"{r.Title}|{r.Summary}"));
        Assert.Equal(unmarked, marked);
        Assert.Equal(unmarked, indexOnly);
    }

    [Fact]
    public async Task Run_ASeatAnEarlierVersionTookAfterTheMark_GetsItsRow_MeListsItOnce_AndAgainAddsNothing()
    {
        string hub = AzuriteFixture.NewHubName();
        var store = await EarlierStoreAsync(hub);
        var time = new FakeTimeProvider(Now);
        var backfill = Backfill(NewStore(hub), Now);
        Assert.Equal(Registered.Length, await backfill.RunAsync(CancellationToken.None));
        Assert.True(await NewStore(hub).RegistrationsBackfilledAsync(CancellationToken.None));

        // During the upgrade a host of the earlier version seats 王芳 on a new lecture and 赵主任 on the waiting list of
        // lec-next, on the lectures only, after the mark.
        await store.Lectures.PutAsync(Lecture("lec-late", new DateOnly(2027, 5, 1)) with { Seats = [new("stf-1", "王芳", Now)] }, CancellationToken.None);
        var next = (await store.Lectures.GetAsync("lec-next", CancellationToken.None))!.Record;
        await store.Lectures.PutAsync(next with { Waiting = [.. next.Waiting, new("stf-4", "孙老师", Now)] }, CancellationToken.None);
        var beforeTheRun = await new AttendeeOwnResults(NewStore(hub), Clock, time).OfAsync("stf-1", CancellationToken.None);

        int caught = await backfill.RunAsync(CancellationToken.None);
        int again = await Backfill(NewStore(hub), Now.AddMinutes(10)).RunAsync(CancellationToken.None);
        var listed = await new AttendeeOwnResults(NewStore(hub), Clock, time).OfAsync("stf-1", CancellationToken.None);

        Assert.DoesNotContain(beforeTheRun, r => r.Title.Contains("lec-late", StringComparison.Ordinal));
        Assert.Equal((2, 0), (caught, again));
        string[] rows = await RowsAsync(store);
        Assert.Equal(Registered.Append("stf-1|lec-late").Append("stf-4|lec-next").Order(StringComparer.Ordinal), rows);
        Assert.Equal(
            ["2027-05-01 讲堂 lec-late|已报名", "2027-04-20 讲堂 lec-next|候补第 1 位", "2026-06-01 讲堂 lec-last-year|已报名，未签到"],
            listed.Select(r => $"{r.Title}|{r.Summary}"));
        var mark = Assert.Single(await store.Marks.QueryAsync(null, CancellationToken.None));
        Assert.Equal(Registered.Length, mark.Written);
    }

    // Seats and waiting places in 2025, 2026 and 2027, written as before the index: on the lectures only.
    private async Task<TrainingStore> EarlierStoreAsync(string hub)
    {
        var store = NewStore(hub);
        var at = Now.AddDays(-200);
        foreach (var lecture in new[]
        {
            Lecture("lec-stale", new DateOnly(2025, 6, 1)) with { Seats = [new("stf-1", "王芳", at)] },
            Lecture("lec-last-year", new DateOnly(2026, 6, 1)) with { Seats = [new("stf-1", "王芳", at), new("stf-2", "李校长", at)] },
            Lecture("lec-next", new DateOnly(2027, 4, 20)) with { Capacity = 2, Seats = [new("stf-2", "李校长", at), new("stf-3", "赵主任", at)], Waiting = [new("stf-1", "王芳", at)] },
            Lecture("lec-empty", new DateOnly(2027, 5, 20)),
        })
        {
            await store.Lectures.PutAsync(lecture, CancellationToken.None);
        }

        return store;
    }

    // The host's start-up run has ended as the work's rows tell: its mark written and its progress row (the claim) removed.
    private async Task StartUpRunDoneAsync(string hub)
    {
        var marks = new Azure.Data.Tables.TableClient(azurite.ConnectionString, hub + "TrainingMarks");
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var keys = new List<string>();
            try
            {
                await foreach (var row in marks.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
                {
                    keys.Add(row.RowKey);
                }
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // Not created yet.
            }

            if (keys.SequenceEqual([RegistrationBackfillMark.Key]))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < giveUp, $"The start-up run left {string.Join(", ", keys)} after 30 s.");
            await Task.Delay(100);
        }
    }

    private TrainingStore NewStore(string hub) => new(StorageAccount.FromConnectionString(azurite.ConnectionString), hub);

    private static TrainingRegistrationBackfill Backfill(TrainingStore store, DateTimeOffset now) =>
        new(store, Clock, new FakeTimeProvider(now), NullLogger<TrainingRegistrationBackfill>.Instance);

    private static async Task<string[]> RowsAsync(TrainingStore store) =>
        [.. (await store.Registrations.QueryAsync(null, CancellationToken.None)).Select(r => r.Id).Order(StringComparer.Ordinal)];

    private static Lecture Lecture(string id, DateOnly date) =>
        new(id, "lecture", "讲堂 " + id, "张教授", "教育局报告厅", date, new TimeOnly(14, 0), new TimeOnly(17, 0), 2, 50, true, "stf-3");

    private static async Task<List<string>> TrainingResultsAsync(HttpClient json) =>
        [.. (await json.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray()
            .Where(r => ((string)r!["kind"]!).Contains("培训", StringComparison.Ordinal) || ((string)r!["kind"]!).Contains("参训", StringComparison.Ordinal) || ((string)r!["kind"]!).EndsWith("报名", StringComparison.Ordinal))
            .Select(r => $"{(string?)r!["kind"]}|{(string?)r!["title"]}|{(string?)r!["summary"]}|{(string?)r!["link"]}")];
}
