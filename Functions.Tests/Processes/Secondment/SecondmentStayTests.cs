using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondmentProcess = EduFlows.Processes.Secondment.Secondment;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>An exchange (双向交流) whose owner decides, near the end, that the person stays at the host: the move out stands and is confirmed.</summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentStayTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task Exchange_DecidedToStay_EndsStayed_ThePersonKeepsTheHostPost_AndTheHistoryKeepsBothMoves()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var assignment = new SecondmentAssignment(SecondmentKinds.Exchange, "stf-30", "dep-02", "sch-qc", "副校长", "vice-principal", September14, 3, "stf-12", "stf-3");
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-qian", assignment, CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));

        var (done, _) = await harness.DriveAsync(plan.InstanceId, task => task.Kind switch
        {
            "secondment-consent" => new() { ["answer"] = "agree" },
            "secondment-check-in" => new() { ["work"] = "分管教学：" + task.Id },
            "secondment-mid-term" => new() { ["grade"] = "good", ["comment"] = "工作扎实。" },
            "secondment-decision" => new() { ["decision"] = "stay", ["reason"] = "学校需要，本人愿意留任。" },
            "secondment-final" => new() { ["grade"] = "excellent", ["comment"] = "表现突出。" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var state = done.ReadOutputAs<SecondmentState>()!;
        Assert.Equal((SecondmentStages.Stayed, "stay", 3, 0, 3), (state.Stage, state.Outcome, state.TotalMonths, state.Extensions, state.CheckInsDone));
        Assert.Equal(["赵主任决定留任接收单位：学校需要，本人愿意留任。"], state.Decisions);
        Assert.Equal(["2026-qian-out", "2026-qian-stay"], state.Moves);
        Assert.Equal("期满留任", SecondmentStages.Zh(state.Stage));

        // The directory: at the host in the host post since the first day (the post did not change at the end), both moves kept.
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var person = (await directory.Staff.GetAsync("stf-30", CancellationToken.None))!;
        Assert.Equal(((string?)null, "sch-qc", "vice-principal", September14), (person.DepartmentId, person.SchoolId, person.Post, person.PostSince!.Value));
        Assert.Equal(
            [
                new StaffMove("2026-qian-out", "stf-30", September14, null, "dep-02", "bureau-cadre", "sch-qc", null, "vice-principal", "双向交流：到旗城学校任副校长", "secondment-2026-qian"),
                new StaffMove("2026-qian-stay", "stf-30", new DateOnly(2026, 12, 14), "sch-qc", null, "vice-principal", "sch-qc", null, "vice-principal", "双向交流期满留任旗城学校副校长", "secondment-2026-qian"),
            ],
            await directory.MovesOfAsync("stf-30", CancellationToken.None));
        var record = (await harness.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-qian", CancellationToken.None))!.Record;
        Assert.Equal(SecondmentStages.Stayed, record.State.Stage);

        // Everyone concerned is told, once, that the person stays.
        var mails = harness.SendGrid.Accepted.Where(m => m.Subject == "双向交流期满留任：钱科员 · 旗城学校").ToList();
        Assert.Equal(["liu.principal@qz.example.cn", "qian.cadre@qz.example.cn", "zhou.head@qz.example.cn"], mails.Select(m => m.To).Order());
        Assert.Contains("钱科员到旗城学校的双向交流已期满，经决定自2026-12-14起留任旗城学校，任副校长。", mails[0].ContentOf("text/plain"), StringComparison.Ordinal);
    }
}
