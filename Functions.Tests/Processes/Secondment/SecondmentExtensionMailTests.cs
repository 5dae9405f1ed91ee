using EduFlows.Notifications;
using EduFlows.Processes.Secondment;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondmentProcess = EduFlows.Processes.Secondment.Secondment;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// An extension granted is mailed at once (issue 20), not only in the end mail: the person and both heads each get one
/// Chinese mail with the new last day, which extension it is and the owner's reason; the decision that follows (return)
/// sends no such mail, and the step run again (a retried activity) writes and sends nothing twice.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentExtensionMailTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task Extension_GrantedOnATwoMonthSecondment_OneChineseMailToThePersonAndEachHead_OnceEvenWhenTheStepRunsAgain()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-ext", SecondmentHarness.Assignment(September14, 2), CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));

        // Two months: the decision comes with the first; extended by one, the second decision (return) comes with the second.
        var (done, _) = await harness.DriveAsync(plan.InstanceId, task => task.Kind switch
        {
            "secondment-consent" => new() { ["answer"] = "agree" },
            "secondment-check-in" => new() { ["work"] = "参与学校管理：" + task.Id },
            "secondment-mid-term" or "secondment-final" => new() { ["grade"] = "good", ["comment"] = "工作扎实。" },
            "secondment-decision" when task.Id.EndsWith("-decision-1", StringComparison.Ordinal) => new() { ["decision"] = "extend", ["extendMonths"] = "1", ["reason"] = "学校课改项目尚未完成。" },
            "secondment-decision" => new() { ["decision"] = "return", ["reason"] = "项目已完成。" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var state = done.ReadOutputAs<SecondmentState>()!;
        Assert.Equal((SecondmentStages.Returned, 3, 1), (state.Stage, state.TotalMonths, state.Extensions));

        // One mail to each of the three, in Chinese: the new last day in the bureau's zone, the first extension, the reason.
        const string Subject = "挂职锻炼延期：钱科员 · 旗城学校（第1次延期）";
        string[] told = ["liu.principal@qz.example.cn", "qian.cadre@qz.example.cn", "zhou.head@qz.example.cn"];
        Assert.Equal(told, harness.SendGrid.Accepted.Where(m => m.Subject == Subject).Select(m => m.To).Order());
        string text = harness.SendGrid.Accepted.Single(m => m.Subject == Subject && m.To == "zhou.head@qz.example.cn").ContentOf("text/plain");
        Assert.Contains("周科长：", text, StringComparison.Ordinal);
        Assert.Contains("钱科员到旗城学校的挂职锻炼经赵主任决定延期1个月（第1次延期），延至2026-12-13（北京时间）。", text, StringComparison.Ordinal);
        Assert.Contains("延期理由：学校课改项目尚未完成。", text, StringComparison.Ordinal);
        Assert.Contains("2026-09-14 至 2026-11-13，共2个月", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("extend|secondment|stf-|dep-|sch-|vice-principal", text);

        // The return decided next is no extension: no other extension mail went out.
        Assert.Equal(told.Length, harness.SendGrid.Accepted.Count(m => m.Subject.Contains("延期", StringComparison.Ordinal)));

        // The step run again (the activity retried after a crash) finds the same outbox ids: nothing written or sent twice.
        var record = (await harness.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-ext", CancellationToken.None))!.Record;
        var again = await ActivatorUtilities.CreateInstance<SecondmentActivities>(harness.Services)
            .ExtendedAsync(new SecondmentExtended(record.Plan, record.State, 1, "学校课改项目尚未完成。"), CancellationToken.None);
        await harness.Services.GetRequiredService<MailSender>().SendAllAsync(again, throwWhilePending: false, CancellationToken.None);
        Assert.Equal(
            new[] { "stf-30", "stf-31", "stf-10" }.Select(id => SecondmentMails.ExtendedId(plan, 1, new DateOnly(2026, 12, 14), id)).Order(),
            again.Order());
        Assert.Equal(told.Length, harness.SendGrid.Accepted.Count(m => m.Subject == Subject));
    }

    [Fact]
    public void Extension_WithoutAReason_SaysWhichExtensionAndUntilWhen_AndNoReasonLine()
    {
        var home = new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长");
        var host = new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长");
        var plan = new SecondmentPlan("2026-qian", SecondmentKinds.Exchange, "stf-30", "钱科员", "bureau-cadre", home, host, "副校长", "vice-principal", September14, 12, "stf-12", "吴敏", "stf-3", "Asia/Shanghai", "赵主任");
        var state = new SecondmentState { Stage = SecondmentStages.Running, TotalMonths = 18, Extensions = 2 };

        var mail = SecondmentMails.Extension(new SecondmentExtended(plan, state, 3, null), "钱科员");

        Assert.Equal("双向交流延期：钱科员 · 旗城学校（第2次延期）", mail.Subject);
        Assert.Equal("钱科员到旗城学校的双向交流经赵主任决定延期3个月（第2次延期），延至2028-03-13（北京时间）。", mail.Paragraphs[0]);
        Assert.DoesNotContain(mail.Paragraphs, p => p.StartsWith("延期理由", StringComparison.Ordinal));
        Assert.DoesNotContain(mail.Details, d => d.Key == "延期理由");
        Assert.Contains(new KeyValuePair<string, string>("延期后期限", "2026-09-14 至 2028-03-13（北京时间），共18个月"), mail.Details);
    }
}
