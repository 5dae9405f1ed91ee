using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.Tests.Notifications;

/// <summary>
/// Every zh-CN page and mail the app has, rendered with representative data (refused answers included), holds no
/// Latin-script word but ids, addresses and the product's name: staff read Chinese, and raw codes or English rule
/// text inside it are unreadable to them.
/// </summary>
public sealed class ZhCnTextTests : IAsyncDisposable
{
    // Labels that are deliberately Chinese then English, set by processes as task context.
    private static readonly string[] Bilingual = [];

    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly DateTimeOffset Due = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri Link = new("https://eduflows.qz.example.cn/api/tasks/t-1?token=abc.def");
    private readonly HtmlRendering _html = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    [Fact]
    public async Task TaskForms_EveryKindWithEveryKindOfRefusal_AreChineseOnly()
    {
        var found = new List<string>();
        foreach (var kind in AllKinds())
        {
            var task = Task(kind);
            foreach (var answer in RefusedAnswers(kind))
            {
                var (_, errors) = TaskForm.Validate(kind, answer);
                Check(found, $"form {kind.Name}", ChineseText.OfHtml(await FormAsync(task, kind, errors)));
            }

            var answered = task with { Status = StaffTaskStatus.Submitted, ReceiptId = "R20261205-0A1B2C3D", SubmittedBy = "stf-1", SubmittedAt = Due.AddDays(-1), Values = kind.Fields.ToDictionary(f => f.Name, f => f.Options.Count > 0 ? f.Options[0].Value : "3") };
            Check(found, $"receipt {kind.Name}", ChineseText.OfHtml(await FormAsync(answered, kind, [])));
            Check(found, $"mail {kind.Name}", await MailTextAsync(TaskMails.ForAssignee(task, kind, Link, Clock)));
            Check(found, $"escalated {kind.Name}", await MailTextAsync(TaskMails.ForAssignee(task, kind, Link, Clock, "李校长")));
            Check(found, $"reminder {kind.Name}", await MailTextAsync(TaskMails.Reminding(task, kind, Link, Clock)));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task ResearcherReviewMailsAndPages_AreChineseOnly()
    {
        var found = new List<string>();
        var scheme = DefaultSchemes.For("junior");
        var wang = TaskHarnessStaff("stf-1", "王芳");
        var result = new ResearcherResult(
            "stf-1", "王芳", 1, 92.5m, 88m, 4.5m,
            [new LevelAScore("quality", "学科教学质量", 35, 31.2m)],
            [
                new IndicatorScore("q-lessons", "quality", "听课评课", IndicatorSource.Counted, 15, 12, "32 / 40 条记录", false),
                new IndicatorScore("q-monitoring", "quality", "学业质量监测成绩", IndicatorSource.Reviewed, 20, 17, "5 位评审，去掉最高分和最低分", false),
            ],
            [new BonusOutcome("honour", "provincial", "省级优秀教研员", "confirmed", null, 3), new BonusOutcome("innovation", "city", "市级成果", "rejected", "证书不在考核期内", 0)],
            [new ResultFlag("imputed", "q-exams", "命题与质量分析：无评审评分，按其他 3 人平均分 8 计。")]);
        var outcome = new ReviewOutcome([result], [new ReviewerFlag("stf-2", "stf-1", "q-monitoring", 5, 17)], scheme.Panel.Describe());
        Check(found, "own result mail", await MailTextAsync(ReviewMails.OwnResult(wang, "2026年上半年初中教研员考核", result, 12, scheme)));
        Check(found, "ranking mail", await MailTextAsync(ReviewMails.Ranking(wang, "2026年上半年初中教研员考核", outcome, scheme, new Dictionary<string, string> { ["stf-2"] = "李校长" })));

        var bonusKind = ReviewTaskKinds.BonusDecision with
        {
            Fields = ReviewTaskKinds.BonusDecisionFields([new BonusClaim("honour-1", "honour", "provincial", "省级优秀教研员"), new BonusClaim("innovation-1", "innovation", "city", "市级成果")], scheme),
        };
        var rotationKind = ReviewTaskKinds.RotationDecision with { Fields = ReviewTaskKinds.RotationFields([new RotationCandidate("stf-9", "周磊", "junior", "english", 45, 9)]) };
        foreach (var kind in new[] { bonusKind, rotationKind, ReviewTaskKinds.SelfAssessment with { Fields = ReviewTaskKinds.SelfAssessmentFields(scheme) }, ReviewTaskKinds.Survey with { Fields = ReviewTaskKinds.SurveyFields(scheme) }, ReviewTaskKinds.Scoring with { Fields = ReviewTaskKinds.ScoringFields(scheme) } })
        {
            Check(found, $"form {kind.Name}", ChineseText.OfHtml(await FormAsync(Task(kind), kind, TaskForm.Validate(kind, new Dictionary<string, string?>()).Errors)));
        }

        string panel = await _html.RenderAsync<PanelScoresPage>(new Dictionary<string, object?>
        {
            [nameof(PanelScoresPage.Review)] = "2026年上半年初中教研员考核",
            [nameof(PanelScoresPage.ResearcherName)] = "王芳",
            [nameof(PanelScoresPage.Indicators)] = scheme.Indicators.Where(i => i.Source == IndicatorSource.Reviewed).ToList(),
            [nameof(PanelScoresPage.Rows)] = new List<PanelScoreRow> { new("stf-2", "李校长", true, true, new Dictionary<string, string> { ["q-monitoring"] = "17" }), new("stf-3", "赵主任", false, false, null) },
        });
        Check(found, "panel scores page", ChineseText.OfHtml(panel));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task DepartmentAssessmentMails_AreChineseOnly()
    {
        var found = new List<string>();
        var reports = new List<MonthlyReport>
        {
            new() { Year = 2026, Month = 11, DepartmentId = "dep-01", HeadId = "stf-4", Standing = ReportStanding.OnTime },
            new() { Year = 2026, Month = 11, DepartmentId = "dep-02", HeadId = "stf-5", Standing = ReportStanding.Late, ReworkRounds = 1, Deduction = 2, Risks = "经费未到位" },
            new() { Year = 2026, Month = 11, DepartmentId = "dep-03", HeadId = "stf-6", Standing = ReportStanding.Missing },
        };
        var names = new Dictionary<string, string> { ["dep-01"] = "办公室", ["dep-02"] = "基础教育科", ["dep-03"] = "人事科" };
        var found2026 = new ReassignmentCase(2026, "dep-03", "人事科", "stf-6", 640, 650);
        Check(found, "monthly", await MailTextAsync(AssessmentMails.Monthly("局长", 2026, 11, reports, names)));
        Check(found, "results", await MailTextAsync(AssessmentMails.Results("局长", 2026, [new YearResult { Year = 2026, DepartmentId = "dep-01", DepartmentName = "办公室", Score = new DepartmentScore("dep-01", 600, 10, 200, 180, 970, 1) }])));
        Check(found, "reassignment", await MailTextAsync(AssessmentMails.Reassignment("局长", found2026, "周磊")));
        Check(found, "reassignment overdue", await MailTextAsync(AssessmentMails.ReassignmentOverdue("局长", found2026, "周磊")));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task ShadowTrainingMailsAndCertificate_AreChineseOnly()
    {
        var found = new List<string>();
        var options = new ShadowTrainingOptions();
        var run = new TraineeRun("2026-09", "stf-5", "陈静", "西苑小学", "stf-2", "sch-qc", "旗城学校", "stf-7", "刘老师", "stf-1", WeekSchedule.For(new DateOnly(2026, 9, 14), Clock.Zone, options), options);
        var notices = new List<ShadowNotice>();
        notices.AddRange(ShadowTrainingMails.Placed(run));
        notices.Add(ShadowTrainingMails.DeferralGranted(run, "同意编入十月批次。"));
        notices.AddRange(ShadowTrainingMails.DeferralGrantedToOthers(run));
        notices.Add(ShadowTrainingMails.DeferralDeclined(run, null));
        notices.Add(ShadowTrainingMails.Completed(run, "YZ-2026-09-001"));
        var notCompleted = CompletionRule.Decide(new TraineeWeek(5, 3, 2, null, Summary: false), options);
        notices.Add(ShadowTrainingMails.MakeUpOffered(run, notCompleted));
        foreach (var notice in notices)
        {
            string text = string.Join("\n", [notice.Subject.Zh, .. notice.Paragraphs.Select(p => p.Zh), .. notice.Details.Select(d => d.Label.Zh + "：" + d.Value)]);
            // The make-up mail keeps the rule's English words on a line of their own, marked as the English original.
            Check(found, $"notice {notice.Id}", text, [ShadowTrainingMails.EnglishBeside + string.Join("；", notCompleted.Missing)]);
        }

        string certificate = await _html.RenderAsync<CertificatePage>(new Dictionary<string, object?>
        {
            [nameof(CertificatePage.Record)] = new TraineeRecord { BatchId = "2026-09", TraineeId = "stf-5", TraineeName = "陈静", BaseId = "sch-qc", BaseName = "旗城学校", WeekStart = new DateOnly(2026, 9, 14), Status = TraineeStatus.Completed, Days = 5, AttendedDays = 5, Journals = 5, EvaluationAverage = 4.6m, CertificateNo = "YZ-2026-09-001" },
            [nameof(CertificatePage.IssuedOn)] = new DateOnly(2026, 9, 21),
        });
        Check(found, "certificate", ChineseText.OfHtml(certificate));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task StaffPortalPages_AreChineseOnly()
    {
        var found = new List<string>();
        var kind = NoticeAcknowledgement.Kind;
        var task = Task(kind);
        string me = await _html.RenderAsync<MePage>(new Dictionary<string, object?>
        {
            [nameof(MePage.Culture)] = "zh-CN",
            [nameof(MePage.Name)] = "王芳",
            [nameof(MePage.Open)] = new List<(StaffTask, string, string, string)> { (task, kind.Title.Zh, Link.PathAndQuery, Clock.Format(Due)) },
            [nameof(MePage.Done)] = new List<(StaffTask, string, string)> { (task with { ReceiptId = "R20261205-0A1B2C3D" }, kind.Title.Zh, "已提交") },
            [nameof(MePage.SignInUrl)] = "/api/me/sign-in",
            [nameof(MePage.SignOutUrl)] = "/api/me/sign-out",
        });
        string signIn = await _html.RenderAsync<MePage>(new Dictionary<string, object?> { [nameof(MePage.Culture)] = "zh-CN", [nameof(MePage.Notice)] = "登录链接已发送。" });
        string confirm = await _html.RenderAsync<SignInConfirmPage>(new Dictionary<string, object?> { [nameof(SignInConfirmPage.Culture)] = "zh-CN", [nameof(SignInConfirmPage.Name)] = "王芳" });
        string expired = await _html.RenderAsync<SignInConfirmPage>(new Dictionary<string, object?> { [nameof(SignInConfirmPage.Culture)] = "zh-CN" });
        foreach (var (where, html) in new[] { ("me", me), ("sign-in", signIn), ("confirm", confirm), ("expired link", expired) })
        {
            Check(found, where, ChineseText.OfHtml(html));
        }

        Check(found, "sign-in mail", await MailTextAsync(SignInMailer.Content(TaskHarnessStaff("stf-1", "王芳"), new Uri("https://eduflows.qz.example.cn/api/me/sign-in/abc"), "zh-CN")));

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Check_FindsRawCodesAndEnglish_NotIdsAddressesOrTheProductName()
    {
        string text = "王芳老师：加分：荣誉表彰（provincial），english学科，mean without the highest。回执 R20261205-0A1B2C3D，wang.fang@qz.example.cn，https://eduflows.qz.example.cn/api/me，EduFlows 自动发送。";

        Assert.Equal(["provincial", "english", "mean", "without", "the", "highest"], ChineseText.LatinWords(text));
    }

    public async ValueTask DisposeAsync() => await _html.DisposeAsync();

    private static IEnumerable<TaskKind> AllKinds() =>
        new TaskKindCatalog().Add(NoticeAcknowledgement.Kind).AddAll(ReviewTaskKinds.All).AddDepartmentAssessmentKinds().AddShadowTraining().AddStaffReallocation()
            .All.OrderBy(k => k.Name, StringComparer.Ordinal);

    // Empty; nonsense of each field's type (in Chinese, so only our own words can be Latin); out of range; an unknown field.
    private static IEnumerable<Dictionary<string, string?>> RefusedAnswers(TaskKind kind)
    {
        yield return [];
        yield return kind.Fields.ToDictionary(f => f.Name, f => (string?)(f.Type switch
        {
            TaskFieldType.RankedChoices => "某校\n某校",
            TaskFieldType.Text => "第一行\n第二行",
            TaskFieldType.Confirm => "也许",
            _ => "某某",
        }));
        var tooMuch = kind.Fields.ToDictionary(f => f.Name, f => (string?)(f.Type switch
        {
            TaskFieldType.Number => "100000",
            TaskFieldType.RankedChoices => string.Join("\n", Enumerable.Range(0, f.MaxItems + 1).Select(i => $"某校{i}")),
            _ => new string('字', f.MaxLength + 1),
        }));
        tooMuch["额外"] = "x";
        yield return tooMuch;
    }

    private static StaffTask Task(TaskKind kind) => new()
    {
        Id = "t-1",
        Kind = kind.Name,
        AssigneeId = "stf-1",
        AssigneeName = "王芳",
        InstanceId = "i-1",
        EventName = "TaskSubmitted:t-1",
        Subject = "2026年上半年初中教研员考核",
        // Context as processes write it: some labels "中文 English", shown in the page's language.
        Context = [new("学校", "旗城学校"), new("批次 Batch", "2026-09"), new("培训基地 Base", "旗城学校"), new("延期理由 Reason", "学校迎检，无法脱产。")],
        Fields = kind.Fields,
        Culture = "zh-CN",
        CreatedAt = Due.AddDays(-3),
        DueAt = Due,
    };

    private static StaffMember TaskHarnessStaff(string id, string name) => new() { Id = id, Name = name, Gender = "female", Email = "wang.fang@qz.example.cn", SchoolId = "sch-001", Post = "researcher" };

    private static void Check(List<string> found, string where, string text, IEnumerable<string>? deliberate = null) =>
        found.AddRange(ChineseText.LatinWords(text, [.. Bilingual, .. deliberate ?? []]).Distinct().Select(w => $"{where}: {w}"));

    private Task<string> FormAsync(StaffTask task, TaskKind kind, IReadOnlyList<EduFlows.Hosting.FieldError> errors) =>
        _html.RenderAsync<TaskFormPage>(new Dictionary<string, object?>
        {
            [nameof(TaskFormPage.Task)] = task,
            [nameof(TaskFormPage.Kind)] = kind,
            [nameof(TaskFormPage.Culture)] = "zh-CN",
            [nameof(TaskFormPage.ActionUrl)] = Link.PathAndQuery,
            [nameof(TaskFormPage.LanguageSwitchUrl)] = Link.PathAndQuery + "&lang=en",
            [nameof(TaskFormPage.DueText)] = Clock.Format(task.DueAt),
            [nameof(TaskFormPage.SubmittedText)] = task.SubmittedAt is { } at ? Clock.Format(at) : null,
            [nameof(TaskFormPage.Receipt)] = task.Receipt,
            [nameof(TaskFormPage.Errors)] = errors,
            [nameof(TaskFormPage.Entered)] = new Dictionary<string, string?>(),
        });

    // The text a zh-CN recipient reads: the subject, the plain body, and the HTML body as shown.
    private async Task<string> MailTextAsync(MailContent content) =>
        content.Subject + "\n" + content.ToText() + "\n" + ChineseText.OfHtml(await _html.RenderMailAsync(content));
}
