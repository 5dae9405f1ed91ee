using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.StaffReallocation;

namespace EduFlows.Workbench;

/// <summary>An orchestrator as the office knows it: its name in both languages and the pages that report on one instance.</summary>
/// <param name="Orchestrator">The orchestrator function's name.</param>
/// <param name="Zh">Its name in Chinese.</param>
/// <param name="En">Its name in English.</param>
/// <param name="Order">Where it is listed (the bureau's processes first, samples last).</param>
public sealed record OfficeProcess(string Orchestrator, string Zh, string En, int Order)
{
    private static readonly OfficeProcess[] Known =
    [
        new(ResearcherReviewOrchestration.Name, "教研员考核", "Researcher review", 10),
        new(DepartmentAssessmentYear.Name, "科室年度考核", "Department assessment (year)", 20),
        new(MonthlyDispatch.Name, "科室考核 · 每月一调度", "Department assessment · monthly dispatch", 21),
        new(HalfYearReview.Name, "科室考核 · 半年述职评议", "Department assessment · half-year duty review", 22),
        new(YearEndAssessment.Name, "科室考核 · 年终总考核", "Department assessment · year-end", 23),
        new(ReassignmentDecision.Name, "科室考核 · 岗位调整决定", "Department assessment · reassignment decision", 24),
        new(ShadowTraining.Name, "跟岗培训（批次）", "Shadow training (batch)", 30),
        new(ShadowTraining.TraineeName, "跟岗培训（学员）", "Shadow training (trainee)", 31),
        new(ReservePoolReview.Name, "后备人才库 · 年度考察", "Reserve pool · yearly review", 35),
        new(ReservePoolReview.MemberName, "后备人才库 · 个人考察", "Reserve pool · member review", 36),
        new(StaffReallocation.Name, "县管校聘", "Staff reallocation", 40),
        new(StaffReallocation.BatchName, "县管校聘 · 批量处理", "Staff reallocation · batch", 41),
        new(StaffReallocation.NotifyName, "县管校聘 · 通知", "Staff reallocation · notices", 42),
        new(MembershipApproval.Name, "班主任学会 · 入会审核", "Head-teachers' association · membership", 50),
        new(TermElection.Name, "班主任学会 · 换届选举", "Head-teachers' association · term election", 51),
        new(CaseContestReview.Name, "班主任学会 · 案例评比", "Head-teachers' association · case contest", 52),
        new(Secondment.Name, "双向交流 / 挂职锻炼", "Exchange / secondment", 60),
        new(DeputyRenewal.Name, "副职续聘与提拔", "Deputy renewal and promotion", 61),
        new(DeputyRenewal.ObjectionReviewName, "副职续聘与提拔 · 异议核查", "Deputy renewal · objection review", 62),
        new(Processes.OpenSelection.OpenSelectionOrchestration.Name, "阳光选优", "Open selection", 45),
        new(NoticeAcknowledgement.Name, "示例：通知确认", "Sample: notice acknowledgement", 90),
        new(NoticeDistribution.Name, "示例：通知分发", "Sample: notice distribution", 91),
        new(Approval.Name, "示例：审批", "Sample: approval", 92),
        new(HelloCities.Name, "示例：城市问候", "Sample: hello cities", 93),
    ];

    /// <summary>The process an orchestrator belongs to; an unknown one keeps its function name and is listed last but one.</summary>
    public static OfficeProcess Of(string orchestrator) =>
        Known.FirstOrDefault(p => p.Orchestrator.Equals(orchestrator, StringComparison.OrdinalIgnoreCase))
        ?? new OfficeProcess(orchestrator, orchestrator, orchestrator, 80);

    /// <summary>The name on a page in <paramref name="culture"/>.</summary>
    public string Title(string culture) => culture == "en" ? En : Zh;

    /// <summary>
    /// The process's own report pages for one instance (label zh, label en, path under the route prefix): each a page for
    /// a browser, the office's page of the process where it has one (a JSON route's data is on it). Every path lies under
    /// office/, so an office sign-in opens it: a master-key route would be refused by the Functions host before the
    /// office guard runs.
    /// </summary>
    public IReadOnlyList<(string Zh, string En, string Path)> Reports(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        string Id(string prefix) => instanceId.StartsWith(prefix, StringComparison.Ordinal) ? instanceId[prefix.Length..] : instanceId;
        return Orchestrator switch
        {
            ResearcherReviewOrchestration.Name => [("考核详情与排名", "Review and ranking", "office/researcher-reviews/" + instanceId)],
            DepartmentAssessmentYear.Name when int.TryParse(Id(DepartmentAssessmentYear.InstancePrefix), out int year) =>
                [("年度考核结果", "Year results", "office/department-assessment/" + year)],
            ShadowTraining.Name => [("批次进度与结业", "Batch board", "office/shadow-training/" + Id("shadow-training-"))],
            ReservePoolReview.Name => [("年度考察与后备人才库", "Yearly review and the pool", "office/reserve-pool")],

            // The office's page shows the rounds, schools, appeals and open tasks; the report's office route answers a browser with its page.
            StaffReallocation.Name =>
                [("县管校聘办理情况", "Reallocation", "office/staff-reallocation/" + instanceId), ("县管校聘报告", "Report", "office/staff-reallocation/" + instanceId + "/report")],
            TermElection.Name => [("选举结果", "Election", "office/head-teachers/elections/" + Id("hta-election-"))],
            CaseContestReview.Name => [("评比结果", "Contest", "office/head-teachers/contests/" + Id("hta-contest-"))],
            Secondment.Name => [("交流挂职报告", "Report", "office/secondments/" + Id("secondment-") + "/report")],

            // The round's office page shows each school's candidates, notice and results (the school's own route is JSON).
            DeputyRenewal.Name when instanceId.Split('-') is [_, _, var round, ..] =>
                [("本轮各校进度", "Schools of the round", "office/deputy-renewals/" + round), ("轮次报告", "Round report", "office/deputy-renewals/" + round + "/report")],

            // The office's page of a selection links its report's Excel download.
            Processes.OpenSelection.OpenSelectionOrchestration.Name => [("选拔情况与报告", "Selection and report", "office/open-selections/" + Id("open-selection-"))],
            _ => [],
        };
    }
}
