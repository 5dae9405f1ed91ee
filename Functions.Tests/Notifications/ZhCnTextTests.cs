using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
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
            Check(found, $"reminders {kind.Name}", await MailTextAsync(TaskMails.RemindingAll([task, task with { Id = "t-2" }], kind, [Link, Link], new Uri("https://eduflows.qz.example.cn/api/me"), Clock)));
            Check(found, $"undeliverable {kind.Name}", await MailTextAsync(TaskMails.Undeliverable(task, kind, "赵主任", "zh-CN", "邮箱地址无效", Clock)));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void AllKinds_AreTheAppsRegisteredOnes_EveryProcessIncluded()
    {
        var names = AllKinds().Select(k => k.Name).ToHashSet(StringComparer.Ordinal);

        // One kind of each process registered in EduFlowsServices, the ones an older hand-made list had missed among them.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                NoticeAcknowledgement.Kind.Name, SecondmentTasks.Consent.Name, DeputyRenewalTasks.Proposal.Name, ReservePoolTasks.Stay.Name,
                AssociationTasks.MembershipReview.Name, OpenSelectionKinds.Eligibility.Name, PointsObjectionTasks.Review.Name,
            },
            names);
    }

    [Fact]
    public void MailTemplates_EveryOneTheAppHas_HasASample()
    {
        var sampled = ZhCnMailSamples.Samples(NoticeAcknowledgement.Kind, Task(NoticeAcknowledgement.Kind)).Keys.ToHashSet(StringComparer.Ordinal);

        var unsampled = ZhCnMailSamples.Templates().Where(t => !sampled.Contains(t)).ToList();

        Assert.True(unsampled.Count == 0, "Mail templates without a zh-CN sample in ZhCnMailSamples: " + string.Join(", ", unsampled));
        Assert.Contains("TrainingMails.Invitation", ZhCnMailSamples.Templates());
    }

    [Fact]
    public async Task MailTemplates_EverySample_IsChineseOnly()
    {
        var found = new List<string>();
        foreach (var (template, samples) in ZhCnMailSamples.Samples(NoticeAcknowledgement.Kind, Task(NoticeAcknowledgement.Kind)))
        {
            foreach (var (mail, notice) in samples())
            {
                Check(found, template, mail is not null ? await MailTextAsync(mail) : NoticeText(notice!), ZhCnMailSamples.MarkedEnglish);
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void TrainingMailsAndPages_LectureTime_SaysBeijingTime()
    {
        var wang = TaskHarnessStaff("stf-1", "王芳");

        var invitation = TrainingMails.Invitation(ZhCnMailSamples.Lecture, wang, Link, Clock);
        var movedUp = TrainingMails.MovedUp(ZhCnMailSamples.Lecture, wang, "有人取消报名", Link, Clock);

        Assert.Contains(new KeyValuePair<string, string>("时间", "2026-12-10 14:00–16:30（北京时间）"), invitation.Details);
        Assert.Contains(new KeyValuePair<string, string>("时间", "2026-12-10 14:00–16:30（北京时间）"), movedUp.Details);
        Assert.Contains("<dl><dt>时间</dt><dd>2026-12-10 14:00–16:30（北京时间）</dd></dl>", TrainingPages.Facts(ZhCnMailSamples.Lecture, Clock), StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(TrainingPages.Facts(ZhCnMailSamples.Lecture, Clock))));
    }

    [Fact]
    public void AssociationBallot_TheClose_SaysBeijingTime()
    {
        var ballot = AssociationMails.Ballot(ZhCnMailSamples.Election, "王芳", Link, Clock);

        Assert.Contains(new KeyValuePair<string, string>("投票截止", "2026-12-10 17:00（北京时间）"), ballot.Details);
    }

    [Fact]
    public async Task ResearcherReviewFormsAndPages_AreChineseOnly()
    {
        var found = new List<string>();
        var scheme = DefaultSchemes.For("junior");
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
    public async Task ShadowTrainingCertificate_IsChineseOnly()
    {
        var found = new List<string>();
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
            [nameof(MePage.Done)] = new List<(StaffTask, string, string, string?)> { (task with { ReceiptId = "R20261205-0A1B2C3D" }, kind.Title.Zh, "已提交", Link.PathAndQuery), (task, kind.Title.Zh, "已逾期", null) },
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

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Check_FindsRawCodesAndEnglish_NotIdsAddressesOrTheProductName()
    {
        string text = "王芳老师：加分：荣誉表彰（provincial），english学科，mean without the highest。回执 R20261205-0A1B2C3D，wang.fang@qz.example.cn，https://eduflows.qz.example.cn/api/me，EduFlows 自动发送。";

        Assert.Equal(["provincial", "english", "mean", "without", "the", "highest"], ChineseText.LatinWords(text));
    }

    [Fact]
    public void Check_APlantedEnglishWord_IsFound_WhereTheOldChecksAllowancesLetItThrough()
    {
        // Each of these stood under the old check: "English" was allowed, a word with a digit, '_' or ':' was an "id", and
        // A–D anywhere were grades.
        string text = "请在截止时间前提交。English 版本见附件；状态：pending_review；学段 section:junior；批次 batch2；由 A 负责。";

        Assert.Equal(["English", "pending_review", "section:junior", "batch2", "A"], ChineseText.LatinWords(text));
    }

    [Fact]
    public void Check_AllowsUnitsIdsAndGrades_OnlyInTheirOwnShapes()
    {
        string allowed = "距离 12km，附件不超过 10 MB；导出 Excel（xlsx）或 CSV；扫 QR 码；人员 stf-00012 在 sch-001；A级指标评为B；证书 YZ-2026-09-001；作品 A07。";
        string refused = "人员 stf-wang；A grade；作品 Ax7；12 miles。";

        Assert.Empty(ChineseText.LatinWords(allowed));
        Assert.Equal(["stf-wang", "A", "grade", "Ax7", "miles"], ChineseText.LatinWords(refused));
        Assert.Equal("kilometres, a distance", ChineseText.WhyAllowed("12km"));
        Assert.Null(ChineseText.WhyAllowed("English"));
    }

    public async ValueTask DisposeAsync() => await _html.DisposeAsync();

    // Every kind the app registers, taken from its own registration (as both hosts call it), so a new process's
    // forms are checked without anyone listing them here.
    private static List<TaskKind> AllKinds()
    {
        var services = new ServiceCollection().AddEduFlows(new ConfigurationBuilder().Build(), new HostingEnvironment { EnvironmentName = Environments.Development });
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetRequiredService<TaskKindCatalog>().All.OrderBy(k => k.Name, StringComparer.Ordinal)];
    }

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

    private static string NoticeText(ShadowNotice notice) =>
        string.Join("\n", [notice.Subject.Zh, .. notice.Paragraphs.Select(p => p.Zh), .. notice.Details.Select(d => d.Label.Zh + "：" + d.Value)]);

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
