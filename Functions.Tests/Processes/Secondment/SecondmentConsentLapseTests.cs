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
/// A consent nobody answers (issue 20): the host's head is reminded a day before the deadline, and at the deadline the
/// silence counts as no consent, so the assignment lapses: it ends declined, nothing moves, and everyone is told why.
/// It never waits past the deadline.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentConsentLapseTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task ConsentNeverAnswered_IsRemindedOnce_AndLapsesAtItsDeadline_MovingNothing()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var started = harness.Time.GetUtcNow();
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-qian", SecondmentHarness.Assignment(September14, 12), CancellationToken.None);
        Assert.Empty(errors);
        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(SecondmentProcess.Name, new SecondmentRun(plan!, new SecondmentState(), SecondmentOptions.Default), new StartOrchestrationOptions(plan!.InstanceId));

        // The person and the home unit's head agree; the host's head (刘校长, stf-10) never answers.
        var (done, _) = await harness.DriveAsync(plan.InstanceId, task => task.Kind switch
        {
            "secondment-consent" when task.AssigneeId == "stf-10" => null,
            "secondment-consent" => new() { ["answer"] = "agree" },
            _ => throw new InvalidOperationException("unexpected task " + task.Id),
        });

        // It ended at the consent deadline (5 days), not later, and no month ran.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(started.AddDays(SecondmentOptions.Default.ConsentDays), harness.Time.GetUtcNow());
        var state = done.ReadOutputAs<SecondmentState>()!;
        Assert.Equal((SecondmentStages.Declined, 0, 0), (state.Stage, state.TotalMonths, state.CheckInsDone));
        Assert.Contains("接收单位刘校长（旗城学校）逾期未答复", state.Consents);
        Assert.Empty(state.Moves);
        var task = (await harness.Tasks.GetAsync("secondment-consent-2026-qian-host", CancellationToken.None))!.Record;
        Assert.Equal(EduFlows.Tasks.StaffTaskStatus.Expired, task.Status);

        // The directory is untouched.
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var person = (await directory.Staff.GetAsync("stf-30", CancellationToken.None))!;
        Assert.Equal(("dep-02", (string?)null, "bureau-cadre"), (person.DepartmentId, person.SchoolId, person.Post));
        Assert.Empty(await directory.MovesOfAsync("stf-30", CancellationToken.None));

        // Mails: the three asks, one reminder to the silent head only, and the lapse told to all four in Chinese.
        var mails = await harness.WaitForMailAsync(8);
        var reminders = mails.Where(m => m.Subject.StartsWith("【提醒】", StringComparison.Ordinal)).ToList();
        Assert.Equal(["liu.principal@qz.example.cn"], reminders.Select(m => m.To));
        var lapsed = mails.Where(m => m.Subject == "挂职锻炼未获同意：钱科员 · 旗城学校").ToList();
        Assert.Equal(4, lapsed.Count);
        string text = lapsed.Single(m => m.To == "zhao.office@qz.example.cn").ContentOf("text/plain");
        Assert.Contains("刘校长（旗城学校）逾期未答复", text, StringComparison.Ordinal);
        Assert.Contains("钱科员的单位和岗位不变，名录中不作调动", text, StringComparison.Ordinal);
    }
}
