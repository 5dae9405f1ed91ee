using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The e-mailed tasks of the reallocation (县管校聘).</summary>
public static class StaffReallocationTasks
{
    /// <summary>The principal publishes the school's posts: one seat count per section and subject (the task carries the fields).</summary>
    public static readonly TaskKind PublishPosts = new(
        "reallocation-posts",
        new LocalizedText("县管校聘：发布本校岗位", "Staff reallocation: publish your school's posts"),
        new LocalizedText("请按学段、学科填写本校本次竞聘的岗位数，经教育局核定全县总量后发布。逾期未填的，按现有在岗人数计。", "Please give your school's seats per section and subject; the bureau approves the county total before they are published. Unanswered, the current staffing stands."),
        [Note("note", "说明", "Note")]);

    /// <summary>The bureau approves the county's post total against the staffing quota, or sends it back with a reason.</summary>
    public static readonly TaskKind ApprovePosts = new(
        "reallocation-posts-approval",
        new LocalizedText("县管校聘：核定全县岗位总量", "Staff reallocation: approve the county's posts"),
        new LocalizedText("各校岗位已上报，请对照编制核定全县总量。退回的，请写明理由，各校将重新填报。", "Schools have published their posts. Approve the county total against the staffing quota, or send it back with a reason and schools publish again."),
        [
            Decision(("approve", "核定通过", "Approve"), ("return", "退回重报", "Send back")),
            Note("reason", "退回理由", "Reason for sending back"),
        ]);

    /// <summary>The principal confirms, or declines, one direct-appointment case of the school.</summary>
    public static readonly TaskKind ConfirmDirect = new(
        "reallocation-direct-confirm",
        new LocalizedText("县管校聘：直接聘用确认", "Staff reallocation: confirm a direct appointment"),
        new LocalizedText("该教职工符合直接聘用条件（见上）。请确认是否直接聘用；不确认的，其参加后续轮次竞聘。", "This person meets the direct-appointment criteria (above). Confirm, or decline and they compete in the later rounds."),
        [Decision(("confirm", "确认直接聘用", "Confirm"), ("decline", "不予确认", "Decline")), Note("note", "说明", "Note")]);

    /// <summary>A person says whether they volunteer for support teaching at a rural or weak school.</summary>
    public static readonly TaskKind SupportVolunteer = new(
        "reallocation-support-volunteer",
        new LocalizedText("县管校聘：支教交流报名", "Staff reallocation: volunteer for support teaching"),
        new LocalizedText("农村及薄弱学校的空缺岗位先由志愿者按积分补充，再按轮岗名单补充。是否报名支教交流？", "Vacancies at rural and weak schools are filled first from volunteers by points, then from the rota. Do you volunteer?"),
        [Decision(("volunteer", "报名支教", "I volunteer"), ("decline", "不报名", "No"))]);

    /// <summary>The cross-school round's phone form: a ranked list of posts (the task offers the posts open to the person).</summary>
    public static readonly TaskKind RankedList = new(
        "reallocation-ranked-list",
        new LocalizedText("县管校聘：跨校竞聘志愿", "Staff reallocation: your cross-school choices"),
        new LocalizedText("请按意愿从高到低填写跨校竞聘志愿（学校岗位），最多20个。已有校内岗位的，结果不会低于该岗位。", "List the school posts you want, most wanted first, at most 20. If you hold an in-school post, you never end up worse than it."),
        [new TaskField("choices", new LocalizedText("志愿（岗位）", "Choices (posts)"), TaskFieldType.RankedChoices) { MaxItems = RankedListValidation.MaxChoices }]);

    /// <summary>
    /// The principal ranks the school's applicants in a competition round: one staff id per line, best first (the task
    /// offers the applicants, in points order, and sets the longest list to their number).
    /// </summary>
    public static readonly TaskKind SchoolRanking = new(
        "reallocation-school-ranking",
        new LocalizedText("县管校聘：学校排序", "Staff reallocation: rank your applicants"),
        new LocalizedText("请对参加本校竞聘的人员按本校意见从高到低排序（每行一个编号）。下列人员已按积分预排。未列入排序的人员按积分排在已排序人员之后；逾期未排序的，全部按积分排序。", "Rank the people competing for your school's posts, best first (one id per line). They are listed in points order. Anyone you leave out comes after those you rank, by points; unanswered by the deadline, everyone goes by points."),
        [new TaskField("ranking", new LocalizedText("排序（编号，每行一个）", "Ranking (ids, one per line)"), TaskFieldType.RankedChoices)]);

    /// <summary>The bureau decides an appeal against a round's result.</summary>
    public static readonly TaskKind AppealReview = new(
        "reallocation-appeal-review",
        new LocalizedText("县管校聘：申诉处理", "Staff reallocation: decide an appeal"),
        new LocalizedText("教职工对本轮结果提出申诉（理由见上）。支持的，本轮按规则重新计算：直接聘用轮视为校长确认，支教交流轮免于轮岗，积分有误的请填写更正分值。", "A person appeals this round's result (reason above). Upheld, the round is run again under its rule: in direct appointment as confirmed by the principal, in support teaching excused from the rota, and with the points correction given."),
        [
            Decision(("uphold", "支持申诉", "Uphold"), ("reject", "驳回申诉", "Reject")),
            new TaskField("pointsCorrection", new LocalizedText("积分更正（可为负）", "Points correction (may be negative)"), TaskFieldType.Number, Required: false) { Min = -100, Max = 100 },
            Note("note", "处理意见（发给申诉人）", "Note to the appellant"),
        ]);

    /// <summary>The bureau decides an unplaced (落聘) case, reading the reasons recorded.</summary>
    public static readonly TaskKind UnplacedCase = new(
        "reallocation-unplaced",
        new LocalizedText("县管校聘：落聘人员处理", "Staff reallocation: decide an unplaced case"),
        new LocalizedText("该教职工在各轮均未聘上岗位（原因见上）。请作出处理决定：调剂到有空缺的岗位，或作其他安排（待岗培训等）。", "This person was placed in no round (reasons above). Assign them to a post with a free seat, or make another arrangement (training while waiting, etc.)."),
        [
            Decision(("assign", "调剂到岗位", "Assign to a post"), ("other", "其他安排", "Other arrangement")),
            new TaskField("postId", new LocalizedText("调剂岗位编号", "Post id to assign"), TaskFieldType.Text, Required: false) { MaxLength = 200 },
            new TaskField("note", new LocalizedText("处理意见", "Decision in words"), TaskFieldType.LongText) { MaxLength = 1000 },
        ]);

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddStaffReallocation(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(PublishPosts).Add(ApprovePosts).Add(ConfirmDirect).Add(SupportVolunteer).Add(RankedList).Add(SchoolRanking).Add(AppealReview).Add(UnplacedCase);
    }

    private static TaskField Decision(params (string Value, string Zh, string En)[] options) =>
        new("decision", new LocalizedText("决定", "Decision"), TaskFieldType.Choice) { Options = [.. options.Select(o => new TaskFieldOption(o.Value, new LocalizedText(o.Zh, o.En)))] };

    private static TaskField Note(string name, string zh, string en) => new(name, new LocalizedText(zh, en), TaskFieldType.LongText, Required: false) { MaxLength = 1000 };
}
