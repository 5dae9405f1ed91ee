using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondmentProcess = EduFlows.Processes.Secondment.Secondment;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>An assignment someone declines: nothing moves, the instance ends declined, and everyone is told in Chinese.</summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentConsentTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Theory]
    [InlineData("stf-30", "本人钱科员（组织人事科）不同意：家中老人需要照顾", "本人意见", "钱科员（组织人事科）不同意：家中老人需要照顾")]
    [InlineData("stf-31", "派出单位周科长（组织人事科）不同意：家中老人需要照顾", "派出单位意见", "周科长（组织人事科）不同意：家中老人需要照顾")]
    [InlineData("stf-10", "接收单位刘校长（旗城学校）不同意：家中老人需要照顾", "接收单位意见", "刘校长（旗城学校）不同意：家中老人需要照顾")]
    public async Task Declined_ByThePersonOrEitherHead_MovesNothing_EndsDeclined_AndMailsSaySoInChinese(string decliner, string consentLine, string mailLabel, string mailLine)
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-qian", SecondmentHarness.Assignment(September14, 12), CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));

        var (done, _) = await harness.DriveAsync(plan.InstanceId, task => task.Kind switch
        {
            "secondment-consent" when task.AssigneeId == decliner => new() { ["answer"] = "decline", ["note"] = "家中老人需要照顾" },
            "secondment-consent" => new() { ["answer"] = "agree" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });

        // The instance ends, saying it was declined and by whom; no month ran.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var state = done.ReadOutputAs<SecondmentState>()!;
        Assert.Equal((SecondmentStages.Declined, 0, 0), (state.Stage, state.TotalMonths, state.CheckInsDone));
        Assert.Contains(consentLine, state.Consents);
        Assert.DoesNotContain(state.Consents, c => c.Contains("stf-", StringComparison.Ordinal));
        Assert.Equal(2, state.Consents.Count(c => c.EndsWith("同意", StringComparison.Ordinal) && !c.Contains("不同意", StringComparison.Ordinal)));
        Assert.Empty(state.Moves);
        Assert.Equal("未获同意", SecondmentStages.Zh(state.Stage));
        Assert.Contains("\"declined\"", done.SerializedCustomStatus, StringComparison.Ordinal);
        var record = (await harness.Services.GetRequiredService<SecondmentStore>().Assignments.GetAsync("2026-qian", CancellationToken.None))!.Record;
        Assert.Equal(SecondmentStages.Declined, record.State.Stage);

        // The directory: still in the home unit and post, and no move kept.
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var person = (await directory.Staff.GetAsync("stf-30", CancellationToken.None))!;
        Assert.Equal(("dep-02", (string?)null, "bureau-cadre", new DateOnly(2020, 3, 1)), (person.DepartmentId, person.SchoolId, person.Post, person.PostSince!.Value));
        Assert.Empty(await directory.MovesOfAsync("stf-30", CancellationToken.None));

        // The consent mails went out in Chinese, and the person, both heads and the owner each got one saying it will not happen, and why.
        var mails = await harness.WaitForMailAsync(7);
        Assert.Equal(3, mails.Count(m => m.Subject.StartsWith("【待办】交流挂职意见征求（北京时间 ", StringComparison.Ordinal)));
        var declined = mails.Where(m => m.Subject == "挂职锻炼未获同意：钱科员 · 旗城学校").ToList();
        Assert.Equal(
            ["liu.principal@qz.example.cn", "qian.cadre@qz.example.cn", "zhao.office@qz.example.cn", "zhou.head@qz.example.cn"],
            declined.Select(m => m.To).Order(StringComparer.Ordinal));
        string text = declined.Single(m => m.To == "zhao.office@qz.example.cn").ContentOf("text/plain");
        Assert.Contains("赵主任：", text, StringComparison.Ordinal);
        Assert.Contains("因本人、派出单位和接收单位未全部同意，不予实施", text, StringComparison.Ordinal);
        Assert.Contains("钱科员的单位和岗位不变，名录中不作调动", text, StringComparison.Ordinal);
        Assert.Contains(mailLabel, text, StringComparison.Ordinal);
        Assert.Contains(mailLine, text, StringComparison.Ordinal);
        Assert.DoesNotContain("stf-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("decline", text, StringComparison.OrdinalIgnoreCase);
    }
}
