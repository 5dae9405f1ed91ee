using EduFlows.Calendar;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.ReservePool;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DeputyRenewal;
using EduFlows.Tests.Processes.OpenSelection;
using EduFlows.Tests.Processes.Secondment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// The pool fed by the processes, under the fake clock on Azurite: a selection's appointment enters its reserves, a
/// renewal round's end enters those promoted; each activity run again (a retry) enters once with one file entry.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReservePoolFedByProcessesTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SelectionAppointed_EntersItsReserveIntoTheResearcherPool_SourceInChinese_AndARetryEntersOnce()
    {
        await using var harness = await OpenSelectionHarness.StartAsync(azurite, applicants: 3, judgesPerGroup: 4);
        var announcement = OpenSelectionHarness.Announcement(posts: 1) with { Title = "2026年教研员阳光选优", Posts = [new SelectionPost("p01", "初中物理教研员", 1, 1)] };
        string id = await harness.PublishAndApplyAsync(announcement, 3);
        await AppointableAsync(harness, id);
        var activities = ActivatorUtilities.CreateInstance<OpenSelectionProcessActivities>(harness.Services);
        harness.Time.SetUtcNow(OpenSelectionHarness.Local(10, 20, 9));
        var input = new OpenSelectionProcessActivities.AppointInput(id, harness.Time.GetUtcNow());

        var first = await activities.AppointAsync(input, None);
        var retried = await activities.AppointAsync(input, None);

        Assert.Null(first);
        Assert.Null(retried);
        var store = harness.Services.GetRequiredService<ReservePoolStore>();
        var member = Assert.Single(await store.AllAsync(None));
        string reserve = OpenSelectionHarness.ApplicantId(2);
        Assert.Equal((reserve, ReservePoolDesk.Researchers, "selection", $"open-selection-{id}", new DateOnly(2026, 10, 20)), (member.StaffId, member.Pool, member.Source, member.SourceReference, member.EnteredOn));
        Assert.Equal("选拔：2026年教研员阳光选优", member.SourceZh);
        var entry = Assert.Single(await store.FileOfAsync(reserve, None));
        Assert.Equal("经选拔（2026年教研员阳光选优）进入后备教研员人才库。初中物理教研员：后备（岗位第2名，总成绩80）。", entry.Text);
    }

    [Fact]
    public async Task RenewalRoundDone_EntersThePromotedIntoThePrincipalPool_NotesItInAMembersFile_AndARetryAddsNothing()
    {
        await using var harness = await DeputyRenewalHarness.StartAsync(azurite);
        var entrance = harness.Services.GetRequiredService<PoolEntrance>();
        var store = harness.Services.GetRequiredService<ReservePoolStore>();
        await entrance.EnterAsync(new PoolEntryRequest("stf-42", ReservePoolDesk.Principals, "selection", "open-selection-2025") { SourceName = "2025年校长后备人才考选" }, None);
        var run = await DeputyRenewalHarness.StartOnNoticeAsync(harness, RenewalProcess.CurrentVersion);

        var (done, _) = await harness.DriveAsync(run.InstanceId, task => throw new InvalidOperationException("unexpected task " + task.Id));
        var record = done.ReadOutputAs<RenewalRecord>()!;
        await ActivatorUtilities.CreateInstance<DeputyRenewalActivities>(harness.Services).SaveAsync(record, None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(
            [("principal.stf-42", "selection", new DateOnly(2026, 9, 30)), ("principal.stf-43", "renewal", new DateOnly(2026, 10, 10))],
            (await store.AllAsync(None)).OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m.Id, m.Source, m.EnteredOn)));
        var han = (await store.Members.GetAsync("principal.stf-43", None))!.Record;
        Assert.Equal(("deputy-renewal-2026-sch-qc", "续聘轮次：2026年副职换届 · 旗城学校"), (han.SourceReference, han.SourceZh));
        Assert.Equal(["经续聘轮次（2026年副职换届 · 旗城学校）进入后备校长人才库。提拔为旗城学校副校长。"], (await store.FileOfAsync("stf-43", None)).Select(e => e.Text));
        Assert.Equal(
            ["经选拔（2025年校长后备人才考选）进入后备校长人才库。", "经续聘轮次（2026年副职换届 · 旗城学校）提拔为旗城学校副校长；已在后备校长人才库（2026-09-30入库），未重复入库。"],
            (await store.FileOfAsync("stf-42", None)).Select(e => e.Text));
        Assert.Empty(await store.MembershipsOfAsync("stf-40", None));
    }

    // Takes the selection to where it may be appointed: 3 eligible applicants, written 90/80/70, the same interview
    // score from every judge (so stf-a001 is proposed, stf-a002 the reserve, stf-a003 not selected), inspected, noticed.
    private static async Task AppointableAsync(TaskHarness harness, string id)
    {
        var store = harness.Store();
        var applicants = Enumerable.Range(1, 3).Select(OpenSelectionHarness.ApplicantId).ToList();
        var people = await harness.Services.GetRequiredService<DirectoryStore>().Staff.AllAsync(None);
        async Task Step(Func<SelectionCase, SelectionRefusal?> step) => Assert.Null((await store.ChangeAsync(id, step, None)).Refusal);

        foreach (string staffId in applicants)
        {
            await Step(s => s.Decide(staffId, true, "符合条件", "组织科", OpenSelectionHarness.Local(9, 7, 9)));
        }

        await Step(s => s.TakeWrittenScores(applicants.Select((a, i) => (a, (decimal?)(90 - (10 * i)))).ToDictionary(x => x.a, x => x.Item2), OpenSelectionHarness.Local(9, 16, 9)));
        await Step(s => s.DrawPanel(people, people.ToDictionary(p => p.Id, StringComparer.Ordinal), [], 7, OpenSelectionHarness.Local(9, 24, 7)));
        var selection = (await store.GetAsync(id, None))!;
        foreach (var judge in selection.Panel!.Judges)
        {
            foreach (string candidate in selection.Interviewees)
            {
                await Step(s => s.Score(judge.JudgeId, candidate, 80, OpenSelectionHarness.Local(9, 24, 10)));
            }
        }

        await Step(s => s.Inspect(applicants[0], true, "德才表现良好", OpenSelectionHarness.Local(9, 25, 9)));
        await Step(s => { s.StartNotice(OpenSelectionHarness.Local(9, 25, 10), new WorkingDays(CalendarSeed.Schedules)); return null; });
    }
}
