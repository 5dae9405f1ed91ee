using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's e-mailed tasks.</summary>
public static class AssociationTasks
{
    /// <summary>The office approves or declines an application to join.</summary>
    public static readonly TaskKind MembershipReview = new(
        "hta-membership-review",
        new LocalizedText("班主任学会入会申请审核", "Decide an application to the head-teachers' association"),
        new LocalizedText("以下班主任申请加入班主任学会，申请理由见上。请审核是否同意入会。", "A head teacher applies to join the association (statement above). Please approve or decline."),
        [
            new TaskField("decision", new LocalizedText("审核结果", "Decision"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("approve", new LocalizedText("同意入会", "Approve")), new TaskFieldOption("decline", new LocalizedText("不同意", "Decline"))],
            },
            new TaskField("note", new LocalizedText("说明（发给申请人）", "Note to the applicant"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>A reviewer scores every case of a contest, blind; each task's own fields hold one score per case.</summary>
    public static readonly TaskKind CaseReview = new(
        "hta-case-review",
        new LocalizedText("班主任案例评比 · 评审打分", "Score the head teachers' cases"),
        new LocalizedText("请阅读下列案例（已隐去作者和学校），逐篇打分。本人提交的案例不在您的评审范围内。", "Please read the cases below (authors and schools withheld) and score each one. Your own case, if any, is not yours to score."),
        [new TaskField("comment", new LocalizedText("总体评语", "Overall comment"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 }]);

    /// <summary>The field of a case's score on a reviewer's form.</summary>
    public static string ScoreField(string code) => "case" + code;

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddHeadTeachersAssociation(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(MembershipReview).Add(CaseReview);
    }
}
