using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>The pool's yearly review under a fake clock (2026-12-01), with its tasks answered as people would.</summary>
[Collection(ProcessTests.Name)]
public sealed class ReservePoolReviewTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task YearlyReview_AgedOutAndAppointedLeaveByRule_TheOneWhoDeclinesLeaves_TheOfficeJudgesTheRest()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddReservePool(),
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub),
            startAt: new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-41", "老刘", "lao.liu@qz.example.cn") with { BirthDate = new DateOnly(1976, 11, 30), Section = "primary" },
                TaskHarness.Staff("stf-42", "新校长", "xin.principal@qz.example.cn") with { BirthDate = new DateOnly(1985, 1, 1), Section = "primary" },
                TaskHarness.Staff("stf-43", "周放", "zhou.fang@qz.example.cn") with { BirthDate = new DateOnly(1988, 1, 1), Section = "junior" },
                TaskHarness.Staff("stf-44", "吴优", "wu.you@qz.example.cn") with { BirthDate = new DateOnly(1986, 1, 1), Section = "junior" },
                TaskHarness.Staff("stf-45", "郑研", "zheng.yan@qz.example.cn") with { BirthDate = new DateOnly(1982, 6, 1), Section = "senior" },
            ],
            CancellationToken.None);
        var desk = harness.Services.GetRequiredService<ReservePoolDesk>();
        foreach (var (id, pool) in new[] { ("stf-41", "principal"), ("stf-42", "principal"), ("stf-43", "principal"), ("stf-44", "principal"), ("stf-45", "researcher") })
        {
            await desk.EnterAsync(new PoolEntryRequest(id, pool, "selection", "open-selection-2026"), CancellationToken.None);
        }

        // 新校长 is appointed principal after entering the pool.
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-42", "新校长", "xin.principal@qz.example.cn") with { BirthDate = new DateOnly(1985, 1, 1), Section = "primary", Post = "principal" }], CancellationToken.None);

        string? started = await ReservePoolTimer.StartAsync(harness.Host.Client, new ReviewRun(2026, "stf-3"), CancellationToken.None);
        string? twice = await ReservePoolTimer.StartAsync(harness.Host.Client, new ReviewRun(2026, "stf-3"), CancellationToken.None);
        var stays = await harness.WaitForOpenTasksAsync(3, t => t.Kind == ReservePoolTasks.Stay.Name);
        await Submit(harness, "reserve-pool-stay-2026-principal.stf-43", "stf-43", new() { ["decision"] = "decline", ["note"] = "家庭原因" });
        await Submit(harness, "reserve-pool-stay-2026-principal.stf-44", "stf-44", new() { ["decision"] = "stay" });
        await Submit(harness, "reserve-pool-stay-2026-researcher.stf-45", "stf-45", new() { ["decision"] = "stay" });
        var reviews = await harness.WaitForOpenTasksAsync(2, t => t.Kind == ReservePoolTasks.Review.Name);
        await Submit(harness, "reserve-pool-review-2026-principal.stf-44", "stf-3", new() { ["decision"] = "ready", ["note"] = "挂职表现突出" });
        await Submit(harness, "reserve-pool-review-2026-researcher.stf-45", "stf-3", new() { ["decision"] = "developing" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(started!, getInputsAndOutputs: true, cts.Token);

        Assert.Equal(ReservePoolReview.InstanceIdOf(2026), started);
        Assert.Null(twice);
        Assert.Equal(["stf-43", "stf-44", "stf-45"], stays.Select(t => t.AssigneeId));
        Assert.Equal(["stf-3", "stf-3"], reviews.Select(t => t.AssigneeId));
        Assert.Contains(reviews[0].Context, c => c.Key == "本人意愿 Member's answer" && c.Value == "本人确认继续保留");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new ReviewProgress(2026, "finished", 5, 2, 3, Ready: 1, Declined: 1, Removed: 0), done.ReadOutputAs<ReviewProgress>());

        var members = (await harness.Services.GetRequiredService<ReservePoolStore>().AllAsync(CancellationToken.None)).ToDictionary(m => m.StaffId);
        Assert.Equal((PoolExitReason.AgedOut, "年满50周岁（现50岁），超出后备人选年龄上限，自动出库。", "rule"), (members["stf-41"].Exit!.Reason, members["stf-41"].Exit!.Why, members["stf-41"].Exit!.DecidedBy));
        Assert.Equal((PoolExitReason.Appointed, "rule"), (members["stf-42"].Exit!.Reason, members["stf-42"].Exit!.DecidedBy));
        Assert.Equal((PoolExitReason.Declined, "stf-43"), (members["stf-43"].Exit!.Reason, members["stf-43"].Exit!.DecidedBy));
        Assert.Equal((true, PoolReadiness.Ready, 2026), (members["stf-44"].Active, members["stf-44"].Readiness, members["stf-44"].LastReviewYear));
        Assert.Equal((true, PoolReadiness.Developing), (members["stf-45"].Active, members["stf-45"].Readiness));

        var file = (await desk.FileOfAsync("stf-44", CancellationToken.None))!;
        Assert.Equal(["entry", "review"], file.Entries.Select(e => e.Kind));
        Assert.Equal("2026年度考察：可提任。考察意见：挂职表现突出", file.Entries[1].Text);
        var declined = (await desk.FileOfAsync("stf-43", CancellationToken.None))!;
        Assert.Equal("2026年度考察：出库。本人放弃，按本人意愿出库。本人说明：家庭原因", declined.Entries[^1].Text);
        Assert.Equal(["stf-44", "stf-45"], (await desk.QueryAsync(new PoolQuery(null, null, null, null, null), CancellationToken.None)).Select(m => m.StaffId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task YearlyReview_NobodyAnswers_TheMemberStays_AndTheJudgementIsKept()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddReservePool(),
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub),
            startAt: new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [TaskHarness.Staff("stf-46", "钱静", "qian.jing@qz.example.cn") with { BirthDate = new DateOnly(1990, 1, 1), Section = "primary" }], CancellationToken.None);
        var desk = harness.Services.GetRequiredService<ReservePoolDesk>();
        await desk.EnterAsync(new PoolEntryRequest("stf-46", "principal", "renewal", "renewal-2026-sch-001"), CancellationToken.None);

        string? started = await ReservePoolTimer.StartAsync(harness.Host.Client, new ReviewRun(2026, "stf-3"), CancellationToken.None);
        await harness.WaitForTaskAsync("reserve-pool-stay-2026-principal.stf-46");
        harness.Time.Advance(TimeSpan.FromDays(15));
        var review = await harness.WaitForTaskAsync("reserve-pool-review-2026-principal.stf-46");
        harness.Time.Advance(TimeSpan.FromDays(15));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await harness.Host.Client.WaitForInstanceCompletionAsync(started!, getInputsAndOutputs: true, cts.Token);

        Assert.Contains(review.Context, c => c.Value == "本人未按时答复（视为继续保留）");
        Assert.Equal(new ReviewProgress(2026, "finished", 1, 0, 1), done.ReadOutputAs<ReviewProgress>());
        var member = Assert.Single(await desk.QueryAsync(new PoolQuery("principal", "primary", null, 40, PoolReadiness.Developing), CancellationToken.None));
        Assert.Equal(("stf-46", 2026), (member.StaffId, member.LastReviewYear));
        var file = (await desk.FileOfAsync("stf-46", CancellationToken.None))!;
        Assert.Equal("2026年度考察：培养中。未按时评定，保持原评定。", file.Entries[^1].Text);
        Assert.Equal(new DateOnly(2026, 12, 31), file.Entries[^1].Date);
    }

    private static async Task Submit(TaskHarness harness, string taskId, string by, Dictionary<string, string?> values)
    {
        var task = await harness.WaitForTaskAsync(taskId);
        var submitted = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, by, values, CancellationToken.None);
        Assert.Equal(SubmitResult.Accepted, submitted.Result);
    }
}
