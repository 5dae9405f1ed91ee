using System.Reflection;
using System.Text.Json;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Notifications;
using EduFlows.Workbench;

namespace EduFlows.Tests.Workbench;

/// <summary>The known custom-status shapes read as a stage in Chinese (English on request); anything else is left to the raw JSON.</summary>
public sealed class ProcessStageTests
{
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    [Theory]
    [InlineData("{\"stage\":\"scoring\",\"openTasks\":3,\"tasksDone\":2}", "评委打分；进行中任务：3；已完成任务：2")]
    [InlineData("{\"reallocationId\":\"staff-reallocation-2027\",\"stage\":\"appeal:DirectAppointment\",\"waiting\":\"appeals\"}", "第一轮 直接聘用 · 结果公布，申诉期")]
    [InlineData("{\"reallocationId\":\"staff-reallocation-2027\",\"stage\":\"appeal-review:DirectAppointment\",\"waiting\":\"the bureau decides 2 appeal(s) (stf-3)\"}", "第一轮 直接聘用 · 申诉期已结束，教育局处理申诉")]
    [InlineData("{\"step\":\"judging\",\"reported\":5,\"judges\":7}", "评议打分；已提交：5；评委：7")]
    [InlineData("{\"Year\":2027,\"schemeVersion\":2,\"next\":\"DutyReview\",\"Number\":1,\"at\":\"2027-07-01T01:00:00Z\"}", "年度：2027；下一节点：半年述职评议；第几次：1；时间：2027-07-01 09:00")]
    [InlineData("{\"batchId\":\"2026-05\",\"weekStart\":\"2026-05-11\",\"stage\":\"running\",\"bases\":[{\"baseId\":\"base-1\",\"trainees\":[\"a\",\"b\"]},{\"baseId\":\"base-2\",\"trainees\":[\"c\"]}]}", "进行中；跟岗周：2026-05-11；2 个基地，3 名学员")]
    [InlineData("\"{\\\"stage\\\":\\\"published\\\"}\"", "已发布")]
    [InlineData("[1,2]", "")]
    [InlineData("not json", "")]
    [InlineData(null, "")]
    public void Describe_KnownShapes_InChinese(string? status, string expected) =>
        Assert.Equal(expected, ProcessStage.Describe(status, "zh-CN", Clock));

    [Fact]
    public void Describe_English_OnRequest() =>
        Assert.Equal("panel scoring; open tasks: 3", ProcessStage.Describe("{\"stage\":\"scoring\",\"openTasks\":3}", "en", Clock));

    /// <summary>
    /// Every stage word an orchestrator publishes in its custom status ("stage", "step" or "next"): from the processes'
    /// constants and enums where they have them, listed here where the orchestrator writes a literal (grep
    /// SetCustomStatus in Functions/Processes). Open selection publishes its stages in Chinese already and is not listed.
    /// </summary>
    public static TheoryData<string> PublishedStages()
    {
        var stages = new TheoryData<string>();
        IEnumerable<string> all =
        [
            // Constants and enums.
            .. typeof(SecondmentStages).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
            .. Enum.GetNames<Round>(), .. Enum.GetNames<Round>().Select(r => "appeal:" + r), .. Enum.GetNames<Round>().Select(r => "appeal-review:" + r), PointsObjectionWindow.Stage,
            .. Enum.GetNames<CheckpointKind>(), .. Enum.GetNames<ReportStanding>(),

            // ResearcherReviewOrchestration (Progress.Enter, the frontline rotation).
            "starting", "snapshot", "self-assessment-and-survey", "scoring", "bonus-decisions", "publishing", "published", "deciding", "decided",

            // DepartmentAssessment: HalfYearReview, YearEndAssessment, DepartmentAssessmentYear's "next".
            "reports", "judging", "closed", "presentations", "innovation", "waiting for the session", "session", "results",

            // ShadowTraining: the batch and one trainee's week (ShadowTraining.Trainee.cs).
            "running", "finished", "awaiting-confirmation", "deferral-requested", "deferred", "confirmed", "day-1", "day-5", "awaiting-evaluation", "completed", "not-completed",

            // ReservePoolReview (ReviewProgress), StaffReallocation.
            "reviewing", "posts", "unplaced",

            // DeputyRenewal (RenewalRecord.Stage).
            "proposal", "review", "notice", "done",

            // HeadTeachersAssociation: MembershipApproval, TermElection, CaseContestReview.
            "with-office", "nominating", "voting", "submitting", "awarded",
        ];
        foreach (string stage in all.Distinct(StringComparer.Ordinal))
        {
            stages.Add(stage);
        }

        return stages;
    }

    [Theory]
    [MemberData(nameof(PublishedStages))]
    public void Describe_EveryPublishedStage_ReadsInChineseAndInEnglish(string stage)
    {
        string status = JsonSerializer.Serialize(new { stage });

        string zh = ProcessStage.Describe(status, "zh-CN", Clock);
        string en = ProcessStage.Describe(status, "en", Clock);

        Assert.NotEqual(stage, zh);
        Assert.Empty(ChineseText.LatinWords(zh));
        Assert.NotEqual(zh, en);
        Assert.DoesNotContain(en, c => c >= '\u2E80');
    }
}
