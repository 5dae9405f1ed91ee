using System.Reflection;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using OpenSelectionMails = EduFlows.Processes.OpenSelection.OpenSelectionMails;
using Placement = EduFlows.Processes.StaffReallocation.Placement;
using PlacementRule = EduFlows.Processes.StaffReallocation.PlacementRule;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// A zh-CN sample of every mail the app writes from a template method: each method's output with representative data.
/// <see cref="Templates"/> finds the methods themselves in the app, so a process's new mail without a sample here fails
/// the check instead of going unread.
/// </summary>
internal static class ZhCnMailSamples
{
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly Uri Link = new("https://eduflows.qz.example.cn/api/tasks/t-1?token=abc.def");
    /// <summary>The addressee of every sample.</summary>
    public static StaffMember Wang { get; } = new() { Id = "stf-1", Name = "王芳", Gender = "female", Email = "wang.fang@qz.example.cn", SchoolId = "sch-001", Post = "researcher" };

    /// <summary>"Type.Method" of every method in the app that returns a mail (a <see cref="MailContent"/> or a shadow-training notice), private ones aside.</summary>
    public static IReadOnlyList<string> Templates() =>
        [.. typeof(MailContent).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(IsTemplate).Select(m => $"{t.Name}.{m.Name}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>Each template's samples as the text a zh-CN reader reads, with the deliberate "中文 English" parts to leave out.</summary>
    public static Dictionary<string, Func<IEnumerable<(MailContent? Mail, ShadowNotice? Notice)>>> Samples(TaskKind kind, StaffTask task) => new(StringComparer.Ordinal)
    {
        [Key(nameof(TaskMails), nameof(TaskMails.ForAssignee))] = () => Mails(TaskMails.ForAssignee(task, kind, Link, Clock), TaskMails.ForAssignee(task, kind, Link, Clock, "李校长")),
        [Key(nameof(TaskMails), nameof(TaskMails.Reminding))] = () => Mails(TaskMails.Reminding(task, kind, Link, Clock)),
        [Key(nameof(TaskMails), nameof(TaskMails.RemindingAll))] = () => Mails(TaskMails.RemindingAll([task, task with { Id = "t-2" }], kind, [Link, Link], new Uri("https://eduflows.qz.example.cn/api/me"), Clock)),
        [Key(nameof(TaskMails), nameof(TaskMails.Undeliverable))] = () => Mails(TaskMails.Undeliverable(task, kind, "赵主任", "zh-CN", "邮箱地址无效", Clock)),
        [Key(nameof(SignInMailer), nameof(SignInMailer.Content))] = () => Mails(SignInMailer.Content(Wang, new Uri("https://eduflows.qz.example.cn/api/me/sign-in/abc"), "zh-CN")),
        [Key(nameof(ReviewMails), nameof(ReviewMails.OwnResult))] = () => Mails(ReviewMails.OwnResult(Wang, "2026年上半年初中教研员考核", Researcher(), 12, DefaultSchemes.For("junior"))),
        [Key(nameof(ReviewMails), nameof(ReviewMails.Ranking))] = () => Mails(ReviewMails.Ranking(Wang, "2026年上半年初中教研员考核", new ReviewOutcome([Researcher()], [new ReviewerFlag("stf-2", "stf-1", "q-monitoring", 5, 17)], DefaultSchemes.For("junior").Panel.Describe()), DefaultSchemes.For("junior"), new Dictionary<string, string> { ["stf-2"] = "李校长" })),
        [Key(nameof(ReviewMails), nameof(ReviewMails.ScoringClosed))] = () => Mails(ReviewMails.ScoringClosed(Wang, new ResearcherReviewActivities.ScoringClosedInput("rr-1", "stf-9", "2026年上半年初中教研员考核", 40, [new("李校长", "王芳"), new("李校长", "周磊")]))),
        [Key(nameof(AssessmentMails), nameof(AssessmentMails.Monthly))] = () => Mails(AssessmentMails.Monthly("局长", 2026, 11, MonthlyReports(), Departments)),
        [Key(nameof(AssessmentMails), nameof(AssessmentMails.Results))] = () => Mails(AssessmentMails.Results("局长", 2026, [new YearResult { Year = 2026, DepartmentId = "dep-01", DepartmentName = "办公室", Score = new DepartmentScore("dep-01", 600, 10, 200, 180, 970, 1) }])),
        [Key(nameof(AssessmentMails), nameof(AssessmentMails.Reassignment))] = () => Mails(AssessmentMails.Reassignment("局长", Reassigned, "周磊")),
        [Key(nameof(AssessmentMails), nameof(AssessmentMails.ReassignmentOverdue))] = () => Mails(AssessmentMails.ReassignmentOverdue("局长", Reassigned, "周磊")),
        [Key(nameof(SecondmentMails), nameof(SecondmentMails.Ended))] = () => Mails(
            SecondmentMails.Ended(Plan, new SecondmentState { Stage = SecondmentStages.Stayed, Outcome = "stay", TotalMonths = 15, Extensions = 1, Decisions = ["留任（赵主任）"], MidTermGrade = "good", FinalGrade = "excellent" }, moveRecorded: true, "周科长"),
            SecondmentMails.Ended(Plan, new SecondmentState { Stage = SecondmentStages.Returned, Outcome = "return", TotalMonths = 12 }, moveRecorded: false, "周科长")),
        [Key(nameof(SecondmentMails), nameof(SecondmentMails.Extension))] = () => Mails(SecondmentMails.Extension(new SecondmentExtended(Plan, new SecondmentState { Stage = SecondmentStages.Running, TotalMonths = 15, Extensions = 1 }, 3, "学校工作需要"), "周科长")),
        [Key(nameof(SecondmentMails), nameof(SecondmentMails.Stopped))] = () => Mails(
            SecondmentMails.Stopped(Plan, new SecondmentState { Stage = SecondmentStages.Running, TotalMonths = 12 }, terminated: true, null, "已通知派出单位。", "周科长"),
            SecondmentMails.Stopped(Plan, new SecondmentState { Stage = SecondmentStages.Running, TotalMonths = 12 }, terminated: false, null, "请联系教育局。", "周科长")),
        [Key(nameof(SecondmentMails), nameof(SecondmentMails.Declined))] = () => Mails(SecondmentMails.Declined(new SecondmentDeclined(Plan, [new("本人", "同意"), new("派出单位", "不同意：工作交接未完成")]), "周科长")),
        [Key(nameof(RenewalMails), nameof(RenewalMails.ToPerson))] = () => Mails([.. Renewal.Candidates.Select(c => RenewalMails.ToPerson(Wang, Renewal, c, c.Result == RenewalChoices.NotRenewed ? "head-teacher" : null))]),
        [Key(nameof(RenewalMails), nameof(RenewalMails.ToPrincipal))] = () => Mails(RenewalMails.ToPrincipal(Wang, Renewal)),
        [Key(nameof(RenewalMails), nameof(RenewalMails.Notice))] = () => Mails(
            RenewalMails.Notice(Wang, RenewalOnNotice, DeputyRenewalOptions.Default, Clock, Link),
            RenewalMails.Notice(Wang with { Id = "stf-21", Name = "吴老师" }, RenewalOnNotice, DeputyRenewalOptions.Default, Clock, Link)),
        [Key(nameof(StaffReallocationMails), nameof(StaffReallocationMails.Result))] = () => Mails(
            StaffReallocationMails.Result("2026", Placed(), Wang, "zh-CN", Link),
            StaffReallocationMails.Result("2026", Placed() with { Placement = null, Unplaced = new UnplacedCase("stf-1", "sch-001", [UnplacedReason]) }, Wang, "zh-CN")),
        [Key(nameof(PointsMails), nameof(PointsMails.Breakdown))] = () => Mails(
            PointsMails.Breakdown("2026", "2026.1", Placed(), Wang, "zh-CN", Link, null),
            PointsMails.Breakdown("2026", "2026.1", Placed(), Wang, "zh-CN", null, "教龄更正为 21 年。")),
        [Key(nameof(AssociationMails), nameof(AssociationMails.ApplicationDecided))] = () => Mails(
            [.. new[] { ApplicationStatus.Approved, ApplicationStatus.Declined, ApplicationStatus.Expired }.Select(status => AssociationMails.ApplicationDecided(Application with { Status = status }, "王芳", Clock))]),
        [Key(nameof(AssociationMails), nameof(AssociationMails.NoCandidates))] = () => Mails(AssociationMails.NoCandidates(Election with { Nominations = [], Status = ElectionStatus.NoCandidates }, 42, "王芳", Link, Clock)),
        [Key(nameof(AssociationMails), nameof(AssociationMails.Ballot))] = () => Mails(AssociationMails.Ballot(Election, "王芳", Link, Clock), AssociationMails.Ballot(Election with { Nominations = [] }, "王芳", Link, Clock)),
        [Key(nameof(TrainingMails), nameof(TrainingMails.Invitation))] = () => Mails(TrainingMails.Invitation(Lecture, Wang, Link, Clock)),
        [Key(nameof(TrainingMails), nameof(TrainingMails.MovedUp))] = () => Mails(TrainingMails.MovedUp(Lecture, Wang, "有人取消报名", Link, Clock)),
        [Key(nameof(OpenSelectionMails), nameof(OpenSelectionMails.Received))] = () => Mails(OpenSelectionMails.Received(Languages.Chinese, "2017年教育局中层干部阳光选优", "教研室副主任", new DateOnly(2017, 5, 10), "2017-05-02 10:00", "王芳")),
        [Key(nameof(OpenSelectionMails), nameof(OpenSelectionMails.Appointed))] = () => Mails(
            OpenSelectionMails.Appointed(Languages.Chinese, "2017年教育局中层干部阳光选优", "教研室副主任", 86.5m, "王芳"), OpenSelectionMails.Appointed(Languages.Chinese, "2017年教育局中层干部阳光选优", "教研室副主任", null, "王芳")),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.Placed))] = () => Notices([.. ShadowTrainingMails.Placed(Run)]),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.DeferralGranted))] = () => Notices(ShadowTrainingMails.DeferralGranted(Run, "同意编入十月批次。")),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.DeferralGrantedToOthers))] = () => Notices([.. ShadowTrainingMails.DeferralGrantedToOthers(Run)]),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.DeferralDeclined))] = () => Notices(ShadowTrainingMails.DeferralDeclined(Run, null)),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.Completed))] = () => Notices(ShadowTrainingMails.Completed(Run, "YZ-2026-09-001")),
        [Key(nameof(ShadowTrainingMails), nameof(ShadowTrainingMails.MakeUpOffered))] = () => Notices(ShadowTrainingMails.MakeUpOffered(Run, NotCompleted)),
    };

    /// <summary>
    /// The English the samples hold on purpose, each on a line marked as the English original after the Chinese: rule
    /// words the office's records keep (the shadow-training completion rule). The reallocation's placement trace is
    /// worded in Chinese (<see cref="PlacementWords"/>), so none of it is allowed here.
    /// </summary>
    public static IReadOnlyList<string> MarkedEnglish =>
    [
        ShadowTrainingMails.EnglishBeside + string.Join("；", NotCompleted.Missing),
    ];

    private const string PlacementDetail = "choice 1 of 3, deferred acceptance";

    private const string UnplacedReason = "cross-school competition: no ranked list submitted";

    /// <summary>The shadow-training decision whose rule words the make-up mail keeps beside the Chinese, marked.</summary>
    public static CompletionDecision NotCompleted { get; } = CompletionRule.Decide(new TraineeWeek(5, 3, 2, null, Summary: false), new ShadowTrainingOptions());

    /// <summary>A lecture in the bureau's time.</summary>
    public static Lecture Lecture { get; } = new("lec-2026-12", "lecture", "新课标下的大单元教学", "李教授", "青州市教育局三楼会议室", new DateOnly(2026, 12, 10), new TimeOnly(14, 0), new TimeOnly(16, 30), 2.5m, 80, true, "stf-9");

    /// <summary>An association election whose ballot closes on 10 December 2026 at 17:00, Beijing time.</summary>
    public static Election Election { get; } = new()
    {
        Id = "2026", Title = "2026年班主任学会理事选举", Seats = 5, NominationsClose = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), BallotCloses = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero),
        Nominations = [new Nomination("stf-20", "孙老师", "旗城学校", "stf-21", new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero))],
    };

    private static readonly MembershipApplication Application = new()
    {
        Id = "stf-00012-1", StaffId = "stf-00012", Name = "王芳", SchoolName = "旗城学校", Statement = "从事班主任工作十年。", SubmittedAt = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero), Note = "欢迎参加下月沙龙。",
    };

    private static readonly Dictionary<string, string> Departments = new() { ["dep-01"] = "办公室", ["dep-02"] = "基础教育科", ["dep-03"] = "人事科" };

    private static readonly ReassignmentCase Reassigned = new(2026, "dep-03", "人事科", "stf-6", 640, 650);

    private static readonly SecondmentPlan Plan = new(
        "2026-qian", SecondmentKinds.Secondment, "stf-30", "钱科员", "bureau-cadre", new SecondmentUnit("dep-02", "组织人事科", false, "stf-31", "周科长"),
        new SecondmentUnit("sch-001", "旗城学校", true, "stf-10", "刘校长"), "挂职副校长", "vice-principal", new DateOnly(2026, 9, 14), 12, "stf-12", "孙老师", "stf-3", "Asia/Shanghai", "赵主任");

    private static readonly RenewalRecord Renewal = new RenewalRecord("2026", "sch-001", "旗城学校", "stf-10", "stf-3")
    {
        Candidates =
        [
            new RenewalCandidate("stf-20", "孙副校长", "vice-principal") { Proposal = RenewalChoices.Renew, Result = RenewalChoices.Renewed, Why = "考核合格，续聘。" },
            new RenewalCandidate("stf-21", "吴老师", "teacher") { Proposal = RenewalChoices.Promote, Result = RenewalChoices.Promoted, Why = "后备人才库成员，提拔。" },
            new RenewalCandidate("stf-22", "郑副校长", "vice-principal") { Proposal = RenewalChoices.NotRenew, Result = RenewalChoices.NotRenewed, Why = null },
        ],
    };

    private static readonly RenewalRecord RenewalOnNotice = new RenewalRecord("2026", "sch-001", "旗城学校", "stf-10", "stf-3")
    {
        Stage = "notice",
        NoticeFrom = new DateOnly(2026, 10, 8),
        NoticeUntil = new DateOnly(2026, 10, 10),
        NoticeEndsAt = new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc),
        Candidates =
        [
            new RenewalCandidate("stf-20", "孙副校长", "vice-principal") { Proposal = RenewalChoices.Renew, Review = "approve", Result = RenewalChoices.Renewed, Why = "学校建议续聘，教育局同意" },
            new RenewalCandidate("stf-21", "吴老师", "mid-level-leader") { Proposal = RenewalChoices.Promote, Review = "approve" },
        ],
    };

    private static TraineeRun Run => new("2026-09", "stf-5", "陈静", "西苑小学", "stf-2", "sch-002", "旗城学校", "stf-7", "刘老师", "stf-1", WeekSchedule.For(new DateOnly(2026, 9, 14), Clock.Zone, new ShadowTrainingOptions()), new ShadowTrainingOptions());

    private static string Key(string type, string method) => $"{type}.{method}";

    // Lambdas and local functions ("<InviteAsync>b__0", in "<>c__DisplayClass" types) and a record's "<Clone>$" are the compiler's, not templates.
    private static bool IsTemplate(MethodInfo m) =>
        (m.IsPublic || m.IsAssembly) && !m.IsSpecialName && !m.Name.Contains('<', StringComparison.Ordinal) && !m.DeclaringType!.Name.Contains('<', StringComparison.Ordinal) && IsMail(m.ReturnType);

    private static bool IsMail(Type type) =>
        type == typeof(MailContent) || type == typeof(ShadowNotice) || typeof(IEnumerable<ShadowNotice>).IsAssignableFrom(type) || typeof(IEnumerable<MailContent>).IsAssignableFrom(type);

    private static IEnumerable<(MailContent?, ShadowNotice?)> Mails(params MailContent[] mails) => mails.Select(m => ((MailContent?)m, (ShadowNotice?)null));

    private static IEnumerable<(MailContent?, ShadowNotice?)> Notices(params ShadowNotice[] notices) => notices.Select(n => ((MailContent?)null, (ShadowNotice?)n));

    private static ResearcherResult Researcher() => new(
        "stf-1", "王芳", 1, 92.5m, 88m, 4.5m,
        [new LevelAScore("quality", "学科教学质量", 35, 31.2m)],
        [
            new IndicatorScore("q-lessons", "quality", "听课评课", IndicatorSource.Counted, 15, 12, "32 / 40 条记录", false),
            new IndicatorScore("q-monitoring", "quality", "学业质量监测成绩", IndicatorSource.Reviewed, 20, 17, "5 位评审，去掉最高分和最低分", false),
        ],
        [new BonusOutcome("honour", "provincial", "省级优秀教研员", "confirmed", null, 3), new BonusOutcome("innovation", "city", "市级成果", "rejected", "证书不在考核期内", 0)],
        [new ResultFlag("imputed", "q-exams", "命题与质量分析：无评审评分，按其他 3 人平均分 8 计。")]);

    private static List<MonthlyReport> MonthlyReports() =>
    [
        new() { Year = 2026, Month = 11, DepartmentId = "dep-01", HeadId = "stf-4", Standing = ReportStanding.OnTime },
        new() { Year = 2026, Month = 11, DepartmentId = "dep-02", HeadId = "stf-5", Standing = ReportStanding.Late, ReworkRounds = 1, Deduction = 2, Risks = "经费未到位" },
        new() { Year = 2026, Month = 11, DepartmentId = "dep-03", HeadId = "stf-6", Standing = ReportStanding.Missing },
    ];

    /// <summary>The reallocation's sample person: placed in the cross-school round by deferred acceptance.</summary>
    public static PersonRecord ReallocationPerson => Placed();

    // A teacher placed in the cross-school round, with the points the breakdown mail lists.
    private static PersonRecord Placed() => new()
    {
        ReallocationId = "2026",
        Participant = new Participant("stf-1", "sch-002", "junior", "english", "teacher", 45, 86.5m, 12),
        Placement = new Placement("stf-1", "sch-001:junior:english", "sch-001", "junior", "sch-002", "junior", Round.CrossSchoolCompetition, PlacementRule.DeferredAcceptance, PlacementDetail),
        Breakdown = new PointsBreakdown("stf-1", "2026.1", [new PointsItem("service", "21 years", 21), new PointsItem("title", "first-grade", 10), new PointsItem("assessment-1", "excellent", 5), new PointsItem("family", "1 case", 2)], 86.5m, 12),
    };
}
