using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondmentProcess = EduFlows.Processes.Secondment.Secondment;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>A secondment through its year and an extension under the fake clock, with its tasks answered as people would.</summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentYearTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task Year_ExtendedOnceThenReturned_RunsFifteenMonthsMovesThePersonOutAndBackAndKeepsBothMoves()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-qian", SecondmentHarness.Assignment(September14, 12), CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));
        var decisionForms = new List<(string Id, DateTimeOffset Due, string Choices)>();

        var (done, longestHistory) = await harness.DriveAsync(plan.InstanceId, task =>
        {
            if (task.Kind == SecondmentTasks.Decision.Name)
            {
                decisionForms.Add((task.Id, task.DueAt, string.Join(" ", task.Fields!.Single(f => f.Name == "decision").Options.Select(o => o.Value))));
            }

            return task.Kind switch
            {
                "secondment-consent" => new() { ["answer"] = "agree" },
                "secondment-check-in" when task.Id.EndsWith("-m03", StringComparison.Ordinal) => null,
                "secondment-check-in" => new() { ["work"] = "参与学校管理与教研：" + task.Id },
                "secondment-mid-term" => new() { ["grade"] = "good", ["comment"] = "工作扎实，融入较快。" },
                "secondment-decision" when task.Id.EndsWith("-decision-1", StringComparison.Ordinal) => new() { ["decision"] = "extend", ["extendMonths"] = "3", ["reason"] = "学校课改项目尚未完成。" },
                "secondment-decision" => new() { ["decision"] = "return", ["reason"] = "项目已完成。" },
                "secondment-final" => new() { ["grade"] = "excellent", ["comment"] = "圆满完成挂职任务。" },
                _ => throw new InvalidOperationException("unexpected task " + task.Id),
            };
        });

        // The run: twelve months, three more by the one extension the rule allows, the missed check-in named.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var state = done.ReadOutputAs<SecondmentState>()!;
        Assert.Equal((SecondmentStages.Returned, 15, 1, 14, "good", "excellent", "return"), (state.Stage, state.TotalMonths, state.Extensions, state.CheckInsDone, state.MidTermGrade, state.FinalGrade, state.Outcome));
        Assert.Equal([3], state.CheckInsMissed);
        Assert.Equal(["本人钱科员（组织人事科）同意", "派出单位周科长（组织人事科）同意", "接收单位刘校长（旗城学校）同意"], state.Consents);
        Assert.Equal(["赵主任决定延期3个月：学校课改项目尚未完成。", "赵主任决定按期返回原单位：项目已完成。"], state.Decisions);

        // The decision came a month before each end; the second offered no extension any more.
        Assert.Equal(
            [
                ("secondment-decision-2026-qian-decision-1", new DateTimeOffset(2027, 8, 22, 10, 0, 0, TimeSpan.Zero), "return stay extend"),
                ("secondment-decision-2026-qian-decision-2", new DateTimeOffset(2027, 11, 22, 10, 0, 0, TimeSpan.Zero), "return stay"),
            ],
            decisionForms);

        // The directory: back home in the old post since the end day, and both moves kept.
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var person = (await directory.Staff.GetAsync("stf-30", CancellationToken.None))!;
        Assert.Equal(("dep-02", (string?)null, "bureau-cadre", new DateOnly(2027, 12, 14)), (person.DepartmentId, person.SchoolId, person.Post, person.PostSince!.Value));
        Assert.Equal(
            [
                new StaffMove("2026-qian-out", "stf-30", September14, null, "dep-02", "bureau-cadre", "sch-qc", null, "vice-principal", "挂职锻炼：到旗城学校任挂职副校长", "secondment-2026-qian"),
                new StaffMove("2026-qian-back", "stf-30", new DateOnly(2027, 12, 14), "sch-qc", null, "vice-principal", null, "dep-02", "bureau-cadre", "挂职锻炼期满返回组织人事科", "secondment-2026-qian"),
            ],
            await directory.MovesOfAsync("stf-30", CancellationToken.None));

        // The record the report reads, the reminder of the missed check-in, and a history one month long.
        var record = (await harness.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-qian", CancellationToken.None))!.Record;
        Assert.Equal((SecondmentStages.Returned, 15, 14, "excellent"), (record.State.Stage, record.State.TotalMonths, record.State.CheckInsDone, record.State.FinalGrade));
        Assert.Equal(["2026-qian-out", "2026-qian-back"], record.State.Moves);
        Assert.Contains(harness.SendGrid.Accepted, m => m.To == "qian.cadre@qz.example.cn" && m.Subject == "【提醒】交流挂职月度报告将于北京时间 2026-12-13 18:00 截止");
        Assert.InRange(longestHistory, 1, 120);

        // The end is mailed to the person and both heads, in Chinese: back on which day, to which unit and post, after
        // which extension; the activity run again (a restart) writes and sends nothing twice.
        const string Subject = "挂职锻炼期满返回：钱科员 · 组织人事科";
        string[] told = ["liu.principal@qz.example.cn", "qian.cadre@qz.example.cn", "zhou.head@qz.example.cn"];
        Assert.Equal(told, harness.SendGrid.Accepted.Where(m => m.Subject == Subject).Select(m => m.To).Order());
        string text = harness.SendGrid.Accepted.Single(m => m.Subject == Subject && m.To == "qian.cadre@qz.example.cn").ContentOf("text/plain");
        Assert.Contains("钱科员到旗城学校的挂职锻炼已期满，于2027-12-14返回组织人事科，任机关干部。", text, StringComparison.Ordinal);
        Assert.Contains("原定12个月（至2027-09-13），经延期1次延至2027-12-13，共15个月。", text, StringComparison.Ordinal);
        Assert.Contains("赵主任决定延期3个月：学校课改项目尚未完成。", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("bureau-cadre|return|secondment|stf-|dep-|sch-|excellent", text);
        var again = await ActivatorUtilities.CreateInstance<SecondmentActivities>(harness.Services).EndedAsync(record, CancellationToken.None);
        await harness.Services.GetRequiredService<EduFlows.Notifications.MailSender>().SendAllAsync(again, throwWhilePending: false, CancellationToken.None);
        Assert.Equal(3, again.Count);
        Assert.Equal(3, harness.SendGrid.Accepted.Count(m => m.Subject == Subject));
    }
}
