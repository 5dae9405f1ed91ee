using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>由“业务引领”到“一线服务”: who is listed, and a round from the decision task to the recorded decisions.</summary>
[Collection(ProcessTests.Name)]
public sealed class FrontlineRotationTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 7, 1);

    [Fact]
    public void OnlyResearchersOver48_WithEightYearsInPost_AreListed()
    {
        StaffMember[] staff =
        [
            Person("exactly-48", Today.AddYears(-48).AddDays(-100), Today.AddYears(-10)),
            Person("turns-49-tomorrow", Today.AddYears(-49).AddDays(1), Today.AddYears(-10)),
            Person("49-with-8-years", Today.AddYears(-49), Today.AddYears(-8)),
            Person("55-with-7-years", Today.AddYears(-55), Today.AddYears(-8).AddDays(1)),
            Person("56-with-20-years", Today.AddYears(-56).AddDays(-3), Today.AddYears(-20)),
            Person("teacher-60", Today.AddYears(-60), Today.AddYears(-30)) with { Post = "teacher" },
            Person("no-birth-date", null, Today.AddYears(-20)),
        ];

        var candidates = FrontlineRotationRule.Candidates(staff, Today);

        Assert.Equal([("56-with-20-years", 56, 20), ("49-with-8-years", 49, 8)], candidates.Select(c => (c.ResearcherId, c.Age, c.YearsInPost)));
    }

    [Fact]
    public async Task ARound_OpensOneDecisionTask_AndRecordsEachDecisionWithItsReason()
    {
        await using var harness = await HalfYearReviewTests.StartAsync(azurite);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-hr", "组织人事科", "hr1")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                new StaffMember { Id = "hr1", Name = "钱科长", Gender = "male", Email = "qian.hr@qz.example.cn", DepartmentId = "dep-hr", Post = "bureau-cadre" },
                Person("old1", new DateOnly(1970, 5, 1), new DateOnly(2010, 9, 1)) with { Name = "冯建国", Email = "feng@qz.example.cn" },
                Person("old2", new DateOnly(1975, 1, 1), new DateOnly(2016, 9, 1)) with { Name = "蒋丽", Email = "jiang@qz.example.cn" },
                Person("young", new DateOnly(1985, 1, 1), new DateOnly(2010, 9, 1)),
            ],
            CancellationToken.None);

        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ResearcherReviewOrchestration.RotationName, new RotationRequest(2026), new StartOrchestrationOptions("frontline-rotation-2026"));
        var task = await harness.WaitForTaskAsync("frontline-rotation-2026-decision");
        var missingReason = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, "hr1", new Dictionary<string, string?> { ["old1"] = "vice-principal-teaching", ["old2"] = "stay" }, CancellationToken.None);
        await HalfYearReviewTests.SubmitAsync(harness, task.Id, "hr1", ("old1", "vice-principal-teaching"), ("old1-reason", "教学经验丰富，弥河镇中心初中缺教学副校长"), ("old2", "stay"), ("old2-reason", "承担省级课题，课题结题前留任"));
        var done = await harness.Host.RunToCompletionAsync(id, skipTime: false);
        var stored = await harness.Services.GetRequiredService<ResearcherReviewStore>().RotationDecisions.QueryAsync(null, CancellationToken.None);

        Assert.Equal("hr1", task.AssigneeId);
        Assert.Equal(["old1", "old1-reason", "old2", "old2-reason", "note"], task.Fields!.Select(f => f.Name));
        Assert.Equal(["old1-reason", "old2-reason"], missingReason.Errors.Select(e => e.Field));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(
            [("old1", "vice-principal-teaching", "教学经验丰富，弥河镇中心初中缺教学副校长", "hr1"), ("old2", "stay", "承担省级课题，课题结题前留任", "hr1")],
            stored.OrderBy(d => d.ResearcherId, StringComparer.Ordinal).Select(d => (d.ResearcherId, d.Decision, d.Reason!, d.DecidedBy!)));
        Assert.Equal((56, 15), (stored.Single(d => d.ResearcherId == "old1").Age, stored.Single(d => d.ResearcherId == "old1").YearsInPost));
    }

    [Fact]
    public async Task DecisionTask_NamesEachCandidatesSectionAndSubjectInChinese()
    {
        await using var harness = await HalfYearReviewTests.StartAsync(azurite);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Departments.ApplyAsync([new Department("dep-hr", "组织人事科", "hr1")], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                new StaffMember { Id = "hr1", Name = "钱科长", Gender = "male", Email = "qian.hr@qz.example.cn", DepartmentId = "dep-hr", Post = "bureau-cadre" },
                Person("old1", new DateOnly(1970, 5, 1), new DateOnly(2010, 9, 1)) with { Name = "冯建国", Email = "feng@qz.example.cn", Section = "junior", Subject = "english" },
            ],
            CancellationToken.None);

        await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(ResearcherReviewOrchestration.RotationName, new RotationRequest(2026), new StartOrchestrationOptions("frontline-rotation-2026"));
        var task = await harness.WaitForTaskAsync("frontline-rotation-2026-decision");

        Assert.StartsWith("初中英语，", Assert.Single(task.Context, c => c.Key == "冯建国").Value, StringComparison.Ordinal);
    }

    private static StaffMember Person(string id, DateOnly? born, DateOnly postSince) =>
        new() { Id = id, Name = id, Gender = "male", BirthDate = born, PostSince = postSince, DepartmentId = "dep-tr", Post = "researcher", Section = "senior" };
}
