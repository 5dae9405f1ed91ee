using System.Text.Json;
using EduFlows.Calendar;
using EduFlows.Hosting;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// Selections stored on Azurite: a whole small selection taken step by step through the store reads back as the same
/// case taken in memory; a refused step stores nothing; parallel steps all land; the app registers the store.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class OpenSelectionStoreTests(AzuriteFixture azurite)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task WholeSelection_StepByStepThroughTheStore_ReadsBackAsTheCaseInMemory()
    {
        var store = NewStore();
        var announcement = SelectionRulesTests.Announcement() with { Eligibility = new EligibilityRule(), JudgesPerGroup = 1 };
        var memory = new SelectionCase("cadres-2017", announcement, Shanghai);
        Assert.True(await store.PublishAsync("cadres-2017", announcement, At(2016, 12, 5, 8), CancellationToken.None));
        var applicants = Enumerable.Range(0, 6).Select(i => new StaffMember { Id = $"stf-{i}", Name = $"应聘人{i}", Gender = "male", Post = "teacher", SchoolId = $"sch-{i}" }).ToList();
        var judges = Enumerable.Range(0, 6).Select(i => new StaffMember { Id = $"ext-{i}", Name = $"评委{i}", Gender = "male", Post = PanelDraw.Groups[i % 3] }).ToList();
        var directory = applicants.Concat(judges).ToDictionary(p => p.Id, StringComparer.Ordinal);

        // Each step on both; the store's answer must match the memory's every time.
        async Task Step(Func<SelectionCase, SelectionRefusal?> step)
        {
            var expected = step(memory);
            var change = await store.ChangeAsync("cadres-2017", step, CancellationToken.None);
            Assert.Equal(expected, change.Refusal);
        }

        foreach (var (person, i) in applicants.Select((p, i) => (p, i)))
        {
            await Step(s => s.Apply(person, i % 2 == 0 ? "p01" : "p02", "任现职以来的主要工作", At(2016, 12, 6, 9)));
        }

        await Step(s => s.Apply(applicants[0], "p02", "改报教研室", At(2016, 12, 9, 22)));
        foreach (var person in applicants)
        {
            await Step(s => s.Decide(person.Id, person.Id != "stf-5", person.Id == "stf-5" ? "材料不全" : "符合条件", "组织科", At(2016, 12, 12, 9)));
        }

        await Step(s => s.Correct("stf-5", "p02", "补交材料", At(2016, 12, 13, 9)));
        await Step(s => s.Decide("stf-5", true, "补正后符合条件", "组织科", At(2016, 12, 13, 10)));
        await Step(s => s.TakeWrittenScores(applicants.ToDictionary(a => a.Id, a => a.Id == "stf-4" ? null : (decimal?)(70 + a.Id[^1] - '0')), At(2016, 12, 19, 9)));
        await Step(s => s.DrawPanel(judges, directory, [new DeclaredConflict("ext-0", "stf-1", "配偶")], 20161224, At(2016, 12, 20, 9)));
        foreach (var judge in memory.Panel!.Judges)
        {
            foreach (var (candidate, c) in memory.Interviewees.Select((x, c) => (x, c)))
            {
                await Step(s => s.Score(judge.JudgeId, candidate, 80 + c, At(2016, 12, 24, 9)));
            }
        }

        foreach (string staffId in memory.AwaitingInspection())
        {
            await Step(s => s.Inspect(staffId, staffId != "stf-3", staffId == "stf-3" ? "群众评价一般" : "德才表现良好", At(2016, 12, 25, 9)));
        }

        foreach (string staffId in memory.AwaitingInspection())
        {
            await Step(s => s.Inspect(staffId, true, "递补人选考察合格", At(2016, 12, 25, 10)));
        }

        var calendar = new WorkingDays(CalendarSeed.Schedules);
        await Step(s => { s.StartNotice(At(2016, 12, 26, 9), calendar); return null; });
        string objected = memory.Ranking().First(r => r.Standing == Standing.Proposed).StaffId;
        await Step(s => s.RaiseObjection("obj-1", objected, "反映工作作风问题", null, At(2016, 12, 27, 9)).Refusal);
        await Step(s => s.Answer("obj-1", false, "经核查，反映问题不属实", "纪检组", At(2016, 12, 28, 9)));
        await Step(s => s.Appoint(At(2017, 1, 3, 9)));

        var stored = (await store.GetAsync("cadres-2017", CancellationToken.None))!;
        Assert.NotNull(memory.Appointed);
        Assert.Equal(Json(memory.ToFile()), Json(stored.ToFile()));
        Assert.Equal(memory.Ranking(), stored.Ranking());
        Assert.Equal(SelectionAudit.Appends(memory), SelectionAudit.Appends(stored));
        Assert.Contains(stored.Ranking(), r => r.StaffId == "stf-3" && r.Standing == Standing.Removed);
    }

    [Fact]
    public async Task RefusedStep_StoresNothing_AndUnknownOrDuplicateSelectionsAreRefused()
    {
        var store = NewStore();
        var announcement = SelectionRulesTests.Announcement();
        Assert.True(await store.PublishAsync("s1", announcement, At(2016, 12, 5, 8), CancellationToken.None));
        Assert.False(await store.PublishAsync("s1", announcement with { Title = "另一公告" }, At(2016, 12, 5, 9), CancellationToken.None));
        var applicant = new StaffMember { Id = "stf-1", Name = "应聘人", Gender = "male", Post = "teacher" };

        var applied = await store.ChangeAsync("s1", s => s.Apply(applicant, "p01", "简述", At(2016, 12, 6, 9)), CancellationToken.None);
        var late = await store.ChangeAsync("s1", s => s.Apply(applicant, "p02", "截止后改报", At(2016, 12, 10, 0, 1)), CancellationToken.None);
        var unknown = await store.ChangeAsync("s9", s => s.Apply(applicant, "p01", "简述", At(2016, 12, 6, 9)), CancellationToken.None);

        Assert.Equal((null, 1), (applied.Refusal, applied.FirstNewSeq));
        Assert.Equal(410, late.Refusal!.Status);
        Assert.Equal((404, "没有这次选拔"), (unknown.Refusal!.Status, unknown.Refusal.ReasonZh));
        var stored = (await store.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal("p01", stored.Applications["stf-1"].PostId);
        Assert.Single(stored.Trail);
        Assert.Equal("2017年教育局中层干部阳光选优", stored.Announcement.Title);
        Assert.Null(await store.GetAsync("S1/../x", CancellationToken.None));
    }

    [Fact]
    public async Task ParallelApplications_EveryOneStored()
    {
        var store = NewStore();
        Assert.True(await store.PublishAsync("s1", SelectionRulesTests.Announcement(), At(2016, 12, 5, 8), CancellationToken.None));

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => store.ChangeAsync(
            "s1",
            s => s.Apply(new StaffMember { Id = $"stf-{i:D2}", Name = $"应聘人{i}", Gender = "male", Post = "teacher" }, "p01", "简述", At(2016, 12, 6, 9)),
            CancellationToken.None)));

        var stored = (await store.GetAsync("s1", CancellationToken.None))!;
        Assert.Equal(12, stored.Applications.Count);
        Assert.Equal(Enumerable.Range(1, 12), stored.Trail.Select(e => e.Seq));
    }

    [Fact]
    public async Task RecordTrail_AppendsEveryStepOnce_AndTheChainVerifies()
    {
        var store = NewStore();
        var audit = new EduFlows.AuditLog.AuditLogStore(StorageAccount.FromConnectionString(azurite.ConnectionString), AzuriteFixture.NewHubName(), TimeProvider.System);
        var activities = new OpenSelectionActivities(store, audit);
        Assert.True(await store.PublishAsync("s1", SelectionRulesTests.Announcement(), At(2016, 12, 5, 8), CancellationToken.None));
        foreach (int i in Enumerable.Range(0, 3))
        {
            await store.ChangeAsync("s1", s => s.Apply(new StaffMember { Id = $"stf-{i}", Name = $"应聘人{i}", Gender = "male", Post = "teacher" }, "p01", "简述", At(2016, 12, 6, 9)), CancellationToken.None);
        }

        int first = await activities.RecordTrailAsync("s1", CancellationToken.None);
        await store.ChangeAsync("s1", s => s.Decide("stf-0", true, "符合条件", "组织科", At(2016, 12, 12, 9)), CancellationToken.None);
        int second = await activities.RecordTrailAsync("s1", CancellationToken.None);
        await activities.RecordTrailAsync("s1", CancellationToken.None);

        var verified = await audit.VerifyAsync(SelectionAudit.StreamOf("s1"), CancellationToken.None);
        var entries = await audit.ListAsync(SelectionAudit.StreamOf("s1"), 1, 100, CancellationToken.None);
        Assert.Equal((3, 4), (first, second));
        Assert.Equal((4L, true), (verified.Entries, verified.Intact));
        Assert.Equal(["s1-000001", "s1-000002", "s1-000003", "s1-000004"], entries.Select(e => e.EntryId));
        Assert.Equal("eligibility", entries[^1].Kind);
    }

    [Fact]
    public void TheApp_RegistersTheSelectionsStore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("AzureWebJobsStorage", (string?)azurite.ConnectionString)]).Build();
        var services = new ServiceCollection().AddEduFlows(configuration, new HostingEnvironment { EnvironmentName = Environments.Development });
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetService<OpenSelectionStore>());
    }

    private OpenSelectionStore NewStore() => new(StorageAccount.FromConnectionString(azurite.ConnectionString), AzuriteFixture.NewHubName(), Shanghai);

    private static string Json(SelectionFile file) => JsonSerializer.Serialize(file);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));
}
