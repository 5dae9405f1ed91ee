using EduFlows.Notifications;
using EduFlows.Processes.Secondment;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// The end mail says the directory recorded the move only when it did: the Move activity answers null for a person the
/// directory does not hold, and then the heads are asked to record it themselves.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentEndMailTests(AzuriteFixture azurite)
{
    private static readonly DateOnly September14 = new(2026, 9, 14);

    [Fact]
    public async Task Ended_TheEndMoveWasNotRecorded_TheMailSaysTheDirectoryDoesNotHoldThePerson_NotThatItRecordedIt()
    {
        await using var harness = await SecondmentHarness.StartAsync(azurite);
        var (plan, errors) = await harness.Services.GetRequiredService<SecondmentDesk>().CheckAsync(harness.Host.Client, "2026-gone", SecondmentHarness.Assignment(September14, 12), CancellationToken.None);
        Assert.Empty(errors);
        var activities = ActivatorUtilities.CreateInstance<SecondmentActivities>(harness.Services);

        // Moved out, but the return found nobody in the directory: no "-back" move among the record's moves.
        var state = new SecondmentState { Stage = SecondmentStages.Returned, Outcome = "return", TotalMonths = 12, Moves = ["2026-gone-out"] };
        var ids = await activities.EndedAsync(new SecondmentRecord(plan!, state, DateTimeOffset.UtcNow), CancellationToken.None);
        await harness.Services.GetRequiredService<MailSender>().SendAllAsync(ids, throwWhilePending: false, CancellationToken.None);

        var mails = harness.SendGrid.Accepted.Where(m => m.Subject == "挂职锻炼期满返回：钱科员 · 组织人事科").ToList();
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.Contains("名录中未找到钱科员，本次调动未记入名录，请在名录中办理。", m.ContentOf("text/plain"), StringComparison.Ordinal);
            Assert.DoesNotContain("名录已记录本次调动", m.ContentOf("text/plain"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Ended_SaysTheDirectoryRecordedTheMove_OnlyWhenItDid()
    {
        var home = new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长");
        var host = new SecondmentUnit("sch-qc", "旗城学校", true, "stf-10", "刘校长");
        var plan = new SecondmentPlan("2026-qian", SecondmentKinds.Secondment, "stf-30", "钱科员", "bureau-cadre", home, host, "挂职副校长", "vice-principal", September14, 12, "stf-12", "孙老师", "stf-3", "Asia/Shanghai", "赵主任");
        var state = new SecondmentState { Stage = SecondmentStages.Stayed, Outcome = "stay", TotalMonths = 12 };

        var recorded = SecondmentMails.Ended(plan, state, moveRecorded: true, "周科长");
        var missing = SecondmentMails.Ended(plan, state, moveRecorded: false, "周科长");

        Assert.Contains("名录已记录本次调动。", recorded.Paragraphs);
        Assert.DoesNotContain("名录已记录本次调动。", missing.Paragraphs);
        Assert.Contains("名录中未找到钱科员，本次调动未记入名录，请在名录中办理。", missing.Paragraphs);
        Assert.Equal("2026-qian-stay", EduFlows.Processes.Secondment.Secondment.EndMoveId(plan, stay: true));
    }
}
