using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>
/// <c>office/department-assessment/schemes/{year}</c>: the year's 1000-point scheme as the office reads and changes it,
/// each indicator, deduction and deadline a field of its own filled with what is in force; saved as the scheme's next
/// version by the scheme route's own rules (<see cref="DepartmentAssessmentApi.PutSchemeAsync"/>, as <c>PUT
/// department-assessment/schemes/{year}</c>: checked as a whole, refused once the year has started). What the form does
/// not show (the panels' rules, the bureau's own extra days off) stays as it is. The form saves over the version it
/// showed (its number in the form's address, <c>…/{year}/{version}</c>, 0 for the default): a version someone stored
/// meanwhile is refused (409) and named, not replaced.
/// </summary>
public sealed class AssessmentSchemeOfficeActs(IConfiguration configuration, AssessmentStore store)
{
    private const string Routes = "office/department-assessment/schemes";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the scheme in force in its form; POST: stores the form as the next version, if the one it showed is still the latest.</summary>
    [Function("OfficeAssessmentScheme")]
    public async Task<IResult> EditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{year:int}/{version?}")] HttpRequest request,
        int year,
        string? version,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var stored = await store.CurrentSchemeAsync(year, cancellationToken).ConfigureAwait(false);
        var current = stored ?? AssessmentScheme.DefaultFor(year);
        int inForce = stored?.Version ?? 0;
        string? token = OfficeVersions.Posted(request, version, inForce.ToString(CultureInfo.InvariantCulture));
        string path = Routes + "/" + year.ToString(CultureInfo.InvariantCulture);
        var act = new OfficeFormAct(
            links.Say($"{year} 年科室千分考核方案", $"Department assessment scheme {year}"),
            (stored is null
                ? links.Say("现行为默认方案（尚未修改过）。", "The default scheme is in force (never changed).")
                : links.Say($"现行为第 {stored.Version} 版。", $"Version {stored.Version} is in force."))
            + links.Say(
                "保存后成为新的一版，当年考核开始时按最新一版执行；考核已开始或结果已发布的年度不能再改，请改下一年的方案。底线分、创新分和满意度分合计一般为 1000 分。",
                " Saving stores the next version, which the year uses when it starts; a year already started or published cannot change: change the next year's."),
            links.Say("保存为新版本", "Save as a new version"),
            [
                Number("baselinePoints", links.Say("底线分（日常工作）", "Baseline points")),
                Number("innovationPoints", links.Say("创新分上限", "Innovation points (most)")),
                Number("satisfactionPoints", links.Say("满意度分（校长评分）", "Satisfaction points")),
                Number("lateReportDeduction", links.Say("月报迟交扣分（每次）", "Late monthly report deduction")),
                Number("missingReportDeduction", links.Say("月报未交扣分（每次）", "Missing monthly report deduction")),
                Number("reworkDeduction", links.Say("月报退回重做扣分（每次）", "Rework deduction")),
                Number("missingDutyReportDeduction", links.Say("述职报告未交扣分", "Missing duty report deduction")),
                Number("dutyMaxScore", links.Say("述职评议满分", "Duty review top score")),
                Number("dutyPassMark", links.Say("述职评议合格分", "Duty review pass mark")),
                Number("dutyFailDeduction", links.Say("述职评议不合格扣分（每半年）", "Duty review fail deduction")),
                Number("principalMaxScore", links.Say("校长评分满分", "Principals' top score")),
                Whole("reportWorkingDays", links.Say("月报期限（每月 1 日起，工作日）", "Monthly report due (working days)")),
                Whole("lateGraceWorkingDays", links.Say("月报迟交宽限（工作日）", "Late grace (working days)")),
                Whole("reviewWorkingDays", links.Say("办公室审核月报期限（工作日）", "Office review (working days)")),
                Whole("reworkWorkingDays", links.Say("退回重做期限（工作日）", "Rework (working days)")),
                new OfficeFormField("dutyReviewDays", links.Say("述职评议开始日", "Duty review days"), OfficeFieldKind.List, Hint: links.Say("月-日，如 06-15、12-01。", "Month-day, e.g. 06-15, 12-01.")),
                Whole("dutyReportWorkingDays", links.Say("提交述职报告期限（工作日）", "Duty report (working days)")),
                Whole("dutyJudgingWorkingDays", links.Say("局领导评议期限（工作日）", "Duty judging (working days)")),
                new OfficeFormField("yearEndOpensOn", links.Say("年终汇报开始日", "Year-end opens on"), Hint: links.Say("月-日，如 12-10。", "Month-day, e.g. 12-10.")),
                Whole("presentationWorkingDays", links.Say("年终汇报材料期限（工作日）", "Presentation (working days)")),
                Whole("innovationReviewWorkingDays", links.Say("创新认定期限（工作日）", "Innovation review (working days)")),
                new OfficeFormField("scoringSessionAt", links.Say("校长评分会时间", "Scoring session at"), Hint: links.Say("月-日 时:分（北京时间），如 12-28 14:00。", "Month-day hour:minute (Beijing time), e.g. 12-28 14:00.")),
                Whole("scoringSessionMinutes", links.Say("评分会时长（分钟）", "Scoring session (minutes)")),
                Whole("headAccountableMonths", links.Say("负责人担责最少月数", "Head accountable months")),
                Whole("decisionWorkingDays", links.Say("调整岗位决定期限（工作日）", "Reassignment decision (working days)")),
            ]);
        var shown = JsonSerializer.SerializeToNode(current, JsonSerializerOptions.Web)!.AsObject();
        if (!HttpMethods.IsPost(request.Method))
        {
            OfficePrefill.Fill(request, act.Fields.ToDictionary(
                f => f.Name,
                f => shown[f.Name] switch
                {
                    JsonArray list => string.Join('\n', list.Select(i => i?.ToString())),
                    { } value => value.ToString(),
                    null => null,
                },
                StringComparer.Ordinal));
        }

        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action(path, token),
            path,
            act,
            async _ =>
            {
                // The scheme in force (read by this request) must be the version the form showed: its blanks keep its values.
                if (OfficeVersions.Refusal(token, inForce.ToString(CultureInfo.InvariantCulture), $"{year} 年的考核方案", $"The {year} scheme") is { } stale)
                {
                    return stale;
                }

                // The form's fields over the scheme in force: the route's rules judge a whole scheme.
                var typed = await OfficeFormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                foreach (var field in act.Fields)
                {
                    // A field left blank keeps the value in force (the form showed it): dropping it would store the
                    // built-in default, which is neither what the form showed nor what was typed.
                    // An emptied list (the review days) is blank too.
                    if (typed[field.Name] is { } value && value is not JsonArray { Count: 0 })
                    {
                        shown[field.Name] = value.DeepClone();
                    }
                }

                shown.Remove("version");
                OfficeFormBody.Replace(request, shown);
                var (candidate, refused) = await ActivatorUtilities.CreateInstance<DepartmentAssessmentApi>(request.HttpContext.RequestServices)
                    .ReadSchemeAsync(request, year, client, cancellationToken).ConfigureAwait(false);
                if (candidate is null)
                {
                    return refused!;
                }

                return await store.TrySaveSchemeAsync(candidate, inForce, cancellationToken).ConfigureAwait(false) is { } saved
                    ? TypedResults.Created($"schemes/{year}", saved)
                    : Changed(year);
            },
            cancellationToken).ConfigureAwait(false);

        static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Changed(int year) =>
            OfficeVersions.Changed($"{year} 年的考核方案", $"The {year} scheme");

        static OfficeFormField Number(string name, string label) => new(name, label, OfficeFieldKind.Number);

        static OfficeFormField Whole(string name, string label) => new(name, label, OfficeFieldKind.WholeNumber);
    }
}
