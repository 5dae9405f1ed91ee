using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>Applications to join under the fake clock: the office's task decides, an approved applicant becomes a member.</summary>
[Collection(ProcessTests.Name)]
public sealed class MembershipApprovalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Apply_OfficeApprovesOneAndDeclinesAnother_OnlyTheApprovedIsAMemberAndBothAreTold()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        var desk = harness.AssociationDesk();
        var client = harness.Host.Client;

        var chen = await desk.ApplyAsync(client, new ApplicationForm("stf-701", "担任班主任八年，希望参加案例研讨。"), CancellationToken.None);
        var liu = await desk.ApplyAsync(client, new ApplicationForm("stf-702", "新任班主任。"), CancellationToken.None);
        var again = await desk.ApplyAsync(client, new ApplicationForm("stf-701", "再申请一次。"), CancellationToken.None);
        var chenTask = await harness.WaitForTaskAsync("hta-membership-stf-701-1");
        var liuTask = await harness.WaitForTaskAsync("hta-membership-stf-702-1");
        var approved = await harness.Desk.SubmitAsync(client, chenTask.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "approve", ["note"] = "欢迎加入。" }, CancellationToken.None);
        var declined = await harness.Desk.SubmitAsync(client, liuTask.Id, "stf-3", new Dictionary<string, string?> { ["decision"] = "decline", ["note"] = "请任满一年后再申请。" }, CancellationToken.None);
        var chenDone = await client.WaitForInstanceCompletionAsync("hta-membership-stf-701-1", getInputsAndOutputs: true);
        var liuDone = await client.WaitForInstanceCompletionAsync("hta-membership-stf-702-1", getInputsAndOutputs: true);
        var member = await desk.ApplyAsync(client, new ApplicationForm("stf-701", "已是会员。"), CancellationToken.None);
        var store = harness.AssociationStore();

        Assert.Equal((202, 202), (chen.Status, liu.Status));
        Assert.Equal((409, "staffId"), (again.Status, again.Errors[0].Field));
        Assert.Equal(("stf-3", "hta-membership-review"), (chenTask.AssigneeId, chenTask.Kind));
        Assert.Contains(new KeyValuePair<string, string>("申请理由", "担任班主任八年，希望参加案例研讨。"), chenTask.Context);
        Assert.Equal((SubmitResult.Accepted, SubmitResult.Accepted), (approved.Result, declined.Result));
        Assert.Equal((ApplicationStatus.Approved, ApplicationStatus.Declined), (chenDone.ReadOutputAs<ApplicationStatus>(), liuDone.ReadOutputAs<ApplicationStatus>()));
        var record = (await store.Applications.GetAsync("stf-701-1", CancellationToken.None))!.Record;
        Assert.Equal((ApplicationStatus.Approved, "stf-3", "欢迎加入。"), (record.Status, record.DecidedBy, record.Note));
        Assert.Equal([("stf-701", "陈晓梅", "stf-701-1")], (await store.Members.QueryAsync(null, CancellationToken.None)).Select(m => (m.StaffId, m.Name, m.ApplicationId)));
        Assert.Equal((409, "staffId"), (member.Status, member.Errors[0].Field));
        var told = (await harness.Outbox.GetAsync("hta-application-stf-701-1", CancellationToken.None))!.Record;
        var refused = (await harness.Outbox.GetAsync("hta-application-stf-702-1", CancellationToken.None))!.Record;
        Assert.Contains("已获批准", told.Text, StringComparison.Ordinal);
        Assert.Contains("未获同意", refused.Text, StringComparison.Ordinal);
        Assert.Contains("请任满一年后再申请。", refused.Text, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(told.Subject + "\n" + told.Text + "\n" + refused.Text));
    }

    [Fact]
    public async Task Apply_BadInput_Is422NamingEachField_AndNothingIsStoredOrStarted()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        var desk = harness.AssociationDesk();

        var unknown = await desk.ApplyAsync(harness.Host.Client, new ApplicationForm("nobody", " "), CancellationToken.None);
        var tooLong = await desk.ApplyAsync(harness.Host.Client, new ApplicationForm("stf-701", new string('字', 1001)), CancellationToken.None);
        var badKey = await desk.ApplyAsync(harness.Host.Client, new ApplicationForm("a/b", "x"), CancellationToken.None);

        Assert.Equal(422, unknown.Status);
        Assert.Equal(["staffId", "statement"], unknown.Errors.Select(e => e.Field));
        Assert.Equal((422, "statement"), (tooLong.Status, tooLong.Errors.Single().Field));
        Assert.Equal((422, "staffId"), (badKey.Status, badKey.Errors.Single().Field));
        Assert.Empty(await harness.AssociationStore().Applications.QueryAsync(null, CancellationToken.None));
        Assert.Null(await harness.Host.Client.GetInstanceAsync("hta-membership-stf-701-1"));
    }
}
