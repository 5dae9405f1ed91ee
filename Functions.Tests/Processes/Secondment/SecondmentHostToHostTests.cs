using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondmentProcess = EduFlows.Processes.Secondment.Secondment;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// A host→host move (issue 20's stay records): 钱科员 goes on exchange to 旗城学校 and stays there, then is seconded from
/// 旗城学校 to 城南学校 and returns. The directory's moves are the stays' record: each move closes the stay before it
/// on its day and opens the next, so every stay can be read back with its unit, post and dates, and nothing is lost.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentHostToHostTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);
    private static readonly DateOnly January4 = new(2027, 1, 4);

    [Fact]
    public async Task ExchangeStayed_ThenSecondedToASecondHost_EveryStayIsClosedAndOpenedOnItsDay_NothingLost()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-cn", "城南学校", "nine-year", "云门山街道", false, "stf-20")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-20", "陈校长", "chen.principal@qz.example.cn") with { SchoolId = "sch-cn", Post = "principal" },
                TaskHarness.Staff("stf-22", "孙老师", "sun.mentor@qz.example.cn") with { SchoolId = "sch-cn", Post = "vice-principal" },
            ],
            CancellationToken.None);
        var desk = harness.Services.GetRequiredService<SecondmentDesk>();

        // First stay: the exchange to 旗城学校, decided to stay at its end.
        var first = await RunAsync(harness, desk, "2026-qian", new SecondmentAssignment(SecondmentKinds.Exchange, "stf-30", "dep-02", "sch-qc", "副校长", "vice-principal", September14, 3, "stf-12", "stf-3"), "stay");
        Assert.Equal(SecondmentStages.Stayed, first.Stage);

        // Second stay: from 旗城学校 (now the home unit) to 城南学校, and back at its end.
        var second = await RunAsync(harness, desk, "2027-qian", new SecondmentAssignment(SecondmentKinds.Secondment, "stf-30", "sch-qc", "sch-cn", "挂职副校长", "vice-principal", January4, 3, "stf-22", "stf-3"), "return");
        Assert.Equal(SecondmentStages.Returned, second.Stage);
        Assert.Equal(["2027-qian-out", "2027-qian-back"], second.Moves);

        var moves = await directory.MovesOfAsync("stf-30", CancellationToken.None);
        Assert.Equal(
            [
                ("2026-qian-out", September14, (string?)"dep-02", "bureau-cadre", "sch-qc", "vice-principal"),
                ("2026-qian-stay", new DateOnly(2026, 12, 14), "sch-qc", "vice-principal", "sch-qc", "vice-principal"),
                ("2027-qian-out", January4, "sch-qc", "vice-principal", "sch-cn", "vice-principal"),
                ("2027-qian-back", new DateOnly(2027, 4, 4), "sch-cn", "vice-principal", "sch-qc", "vice-principal"),
            ],
            moves.Select(m => (m.Id, m.On, m.FromSchoolId ?? m.FromDepartmentId, m.FromPost, m.ToSchoolId ?? m.ToDepartmentId, m.ToPost)));

        // Read as stays: each move closes the stay before it where the one before opened it, with nothing in between.
        for (int i = 1; i < moves.Count; i++)
        {
            Assert.Equal((moves[i - 1].ToSchoolId, moves[i - 1].ToDepartmentId, moves[i - 1].ToPost), (moves[i].FromSchoolId, moves[i].FromDepartmentId, moves[i].FromPost));
            Assert.True(moves[i].On >= moves[i - 1].On, $"{moves[i].Id} is dated before {moves[i - 1].Id}");
        }

        var stays = moves.Zip(moves.Skip(1).Select(m => (DateOnly?)m.On).Append(null), (m, until) => (Unit: m.ToSchoolId ?? m.ToDepartmentId, From: m.On, Until: until)).ToList();
        Assert.Equal(("sch-cn", January4, (DateOnly?)new DateOnly(2027, 4, 4)), stays[2]);
        Assert.Equal(("sch-qc", new DateOnly(2027, 4, 4), (DateOnly?)null), stays[^1]);

        // Now at 旗城学校 again, and both assignments kept with their ends.
        var person = (await directory.Staff.GetAsync("stf-30", CancellationToken.None))!;
        Assert.Equal(("sch-qc", (string?)null, "vice-principal"), (person.SchoolId, person.DepartmentId, person.Post));
        var store = harness.Services.GetRequiredService<SecondmentStore>();
        Assert.Equal(SecondmentStages.Stayed, (await store.Assignments.GetAsync("2026-qian", CancellationToken.None))!.Record.State.Stage);
        Assert.Equal(SecondmentStages.Returned, (await store.Assignments.GetAsync("2027-qian", CancellationToken.None))!.Record.State.Stage);
    }

    [Fact]
    public async Task ASecondHostWhileTheFirstAssignmentRuns_IsRefusedNamingThePerson_AndNothingIsWritten()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([new School("sch-cn", "城南学校", "nine-year", "云门山街道", false, "stf-20")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-20", "陈校长", "chen.principal@qz.example.cn") with { SchoolId = "sch-cn", Post = "principal" },
                TaskHarness.Staff("stf-22", "孙老师", "sun.mentor@qz.example.cn") with { SchoolId = "sch-cn", Post = "vice-principal" },
            ],
            CancellationToken.None);
        var desk = harness.Services.GetRequiredService<SecondmentDesk>();
        var (plan, _) = await desk.CheckAsync(harness.Host.Client, "2026-qian", new SecondmentAssignment(SecondmentKinds.Exchange, "stf-30", "dep-02", "sch-qc", "副校长", "vice-principal", September14, 6, "stf-12", "stf-3"), CancellationToken.None);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));
        foreach (var consent in await harness.WaitForOpenTasksAsync(3, t => t.Kind == "secondment-consent"))
        {
            await harness.Desk.SubmitAsync(harness.Host.Client, consent.Id, consent.AssigneeId, new Dictionary<string, string?> { ["answer"] = "agree" }, CancellationToken.None);
        }

        // On the first day the person is at 旗城学校; the exchange runs until 2027-03-14.
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 9, 14, 2, 0, 0, TimeSpan.Zero));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await directory.Staff.GetAsync("stf-30", cts.Token))!.SchoolId != "sch-qc")
        {
            await Task.Delay(50, cts.Token);
        }

        var (second, errors) = await desk.CheckAsync(harness.Host.Client, "2026-qian-2", new SecondmentAssignment(SecondmentKinds.Secondment, "stf-30", "sch-qc", "sch-cn", "挂职副校长", "vice-principal", new DateOnly(2026, 10, 12), 3, "stf-22", "stf-3"), CancellationToken.None);

        Assert.Null(second);
        var error = Assert.Single(errors);
        Assert.Equal(("personId", "钱科员正在旗城学校双向交流（至2027-03-14），期满后方可另行安排"), (error.Field, error.ReasonZh));
        Assert.Null(await harness.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-qian-2", CancellationToken.None));
    }

    private static async Task<SecondmentState> RunAsync(TaskHarness harness, SecondmentDesk desk, string id, SecondmentAssignment assignment, string decision)
    {
        var (plan, errors) = await desk.CheckAsync(harness.Host.Client, id, assignment, CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));
        var (done, _) = await harness.DriveAsync(plan.InstanceId, task => task.Kind switch
        {
            "secondment-consent" => new() { ["answer"] = "agree" },
            "secondment-check-in" => new() { ["work"] = "分管教学：" + task.Id },
            "secondment-mid-term" => new() { ["grade"] = "good", ["comment"] = "工作扎实。" },
            "secondment-decision" => new() { ["decision"] = decision, ["reason"] = "按计划。" },
            "secondment-final" => new() { ["grade"] = "excellent", ["comment"] = "表现突出。" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<SecondmentState>()!;
    }
}
