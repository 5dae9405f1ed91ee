using Microsoft.DurableTask.Client;
using DurableTask.Core.History;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tests.Infrastructure;
using ShadowTrainingProcess = EduFlows.Processes.ShadowTraining.ShadowTraining;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>
/// A trainee's status and record say what is awaited and what is missing in Chinese as well, for the office's batch
/// status (the English lines stay as they were stored and tested).
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
public sealed class TraineeProgressInChineseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ADeferralAwaitingTheBureau_AndTheDeferredRecord_AreSaidInChinese()
    {
        await using var harness = await ShadowTrainingHarness.StartAsync(azurite);
        await harness.Desk().DefineAsync("2026-09", new BatchDefinition(new DateOnly(2026, 9, 14), ["stf-1", "stf-5"], null, "stf-3"), CancellationToken.None);
        await harness.Desk().ConfirmAsync("2026-09", harness.Host.Client, CancellationToken.None);
        var chenConfirms = await harness.WaitForTaskAsync("shadow-confirmation-2026-09-stf-5");
        var waitingToConfirm = await harness.ProgressAsync("2026-09", "stf-5");

        await harness.Desk.SubmitAsync(harness.Host.Client, chenConfirms.Id, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "学校迎检，无法脱产。" }, CancellationToken.None);
        string chenWeek = TraineeRun.InstanceIdOf("2026-09", "stf-5");
        await harness.Host.WaitForHistoryAsync(chenWeek, h => h.OfType<TimerCreatedEvent>().Any(t => t.FireAt == new DateTimeOffset(2026, 9, 14, 0, 30, 0, TimeSpan.Zero)));
        var asking = await harness.ProgressAsync("2026-09", "stf-5");
        await harness.Host.Client.RaiseEventAsync(chenWeek, ShadowTrainingProcess.DeferralEvent, new DeferralDecision(true, "同意编入十月批次。"));
        await harness.Host.WaitForStatusAsync(chenWeek, OrchestrationRuntimeStatus.Completed);
        var record = (await harness.Store().Trainees.GetAsync(TraineeRecord.IdOf("2026-09", "stf-5"), CancellationToken.None))!.Record;

        Assert.Equal(["确认参训（陈静）"], waitingToConfirm!.WaitingZh);
        // The batch's owner by name (赵主任, stf-3 in the directory), not by staff id.
        Assert.Equal(["延期申请待教育局决定（赵主任）"], asking!.WaitingZh);
        Assert.Equal(["已延期至后续批次"], record.MissingZh);
        Assert.All([.. asking.WaitingZh!, .. record.MissingZh], line => Assert.DoesNotMatch("[A-Za-z]", line));
    }
}
