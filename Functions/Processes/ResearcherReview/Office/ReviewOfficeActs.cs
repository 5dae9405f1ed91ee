using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>
/// The office's acts on researcher reviews from the reviews' page, each by the JSON route's own rules (not repeated
/// here): <c>office/researcher-reviews/start</c> starts a section's half-year review
/// (<see cref="ResearcherReviewApi.StartAsync"/>, as <c>POST researcher-reviews</c>) and goes to that review's page;
/// <c>office/researcher-reviews/frontline-rotation/start</c> starts a year's frontline-rotation round
/// (<see cref="ResearcherReviewApi.StartRoundAsync"/>, as <c>POST researcher-reviews/frontline-rotation</c>) and goes to the round's instance page.
/// </summary>
public sealed class ReviewOfficeActs(IConfiguration configuration)
{
    private const string Back = "office/researcher-reviews";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form (<c>?section=&amp;year=&amp;half=</c> fill it in); POST: starts the review, once.</summary>
    [Function("OfficeResearcherReviewStart")]
    public async Task<IResult> StartReviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/researcher-reviews/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string staffHint = links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3.");
        var act = new OfficeFormAct(
            links.Say("启动教研员半年考核", "Start a researcher half-year review"),
            links.Say(
                "为一个学段已经结束的半年启动考核：确定参评教研员和评审名单，依次发出自评、校长满意度测评、评审打分和加分审定任务，最后计算排名并发布结果。每个学段每半年只能启动一次；每年 1 月和 7 月初定时任务也会自动启动。",
                "Starts a section's review of a half year that has ended: fixes the researchers and reviewers, sends the self-assessment, the principals' survey, the reviewers' scoring and the bonus decisions, then ranks and publishes. A section's half year is reviewed once; the timer also starts it early in January and July."),
            links.Say("启动考核", "Start the review"),
            [
                new OfficeFormField("section", links.Say("学段", "Section"), Choices: [.. Sections.Select(s => (s, ReviewOfficeWords.Section(s, links)))]),
                new OfficeFormField("year", links.Say("年份（必填）", "Year (required)"), OfficeFieldKind.WholeNumber),
                new OfficeFormField("half", links.Say("半年", "Half year"), OfficeFieldKind.WholeNumber, Choices: [("1", links.Say("上半年", "First half")), ("2", links.Say("下半年", "Second half"))]),
                new OfficeFormField("schemeVersion", links.Say("考核方案版本", "Scheme version"), OfficeFieldKind.WholeNumber, Hint: links.Say("不填则用该学段现行方案。", "Blank: the section's current scheme.")),
                new OfficeFormField("reviewerIds", links.Say("评审人员编号", "Reviewers' staff ids"), OfficeFieldKind.List, Hint: links.Say("不填则由该学段全体教研员和教研室主任评审；填写时至少两人。", "Blank: the section's researchers and the office head; if listed, at least two.")),
                new OfficeFormField("officeId", links.Say("加分审定人编号", "Bonus decider's staff id"), Hint: links.Say("不填则为教研室主任。", "Blank: the head of the teaching-research office.") + links.Say(string.Empty, " ") + staffHint),
            ]);
        string? started = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            "office/researcher-reviews/start",
            Back,
            act,
            async _ =>
            {
                var body = await request.ReadJsonAsync<ResearcherReviewApi.StartReviewInput>(cancellationToken).ConfigureAwait(false);
                if (body.Failed)
                {
                    return body.Problem;
                }

                // The form sends an empty reviewers' box as a list of none; it means the default panel, as a JSON call
                // without reviewerIds does.
                var input = body.Value is { ReviewerIds.Count: 0 } ? body.Value with { ReviewerIds = null } : body.Value;
                var answer = await Api(request).StartAsync(input, client, cancellationToken).ConfigureAwait(false);
                if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted })
                {
                    started = new ReviewPeriod(input.Year!.Value, input.Half!.Value).InstanceId(input.Section!);
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Started: on to the review's own page, which shows it from its first moment.
        return started is not null && result is Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult
            ? TypedResults.Redirect(links.To(Back + "/" + Uri.EscapeDataString(started)) + "#done")
            : result;
    }

    /// <summary>GET: the form (<c>?year=</c> fills it in); POST: starts the year's frontline-rotation round, once.</summary>
    [Function("OfficeResearcherReviewStartRotation")]
    public async Task<IResult> StartRotationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/researcher-reviews/frontline-rotation/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("启动一线轮岗", "Start the frontline rotation"),
            links.Say(
                $"列出年满 {FrontlineRotationRule.OverAge + 1} 周岁（超过 {FrontlineRotationRule.OverAge} 岁）、任现职满 {FrontlineRotationRule.MinYearsInPost} 年的教研员，交由决定人逐人决定是否到一线学校轮岗，并记录决定。每年只能启动一次。",
                $"Lists the researchers over {FrontlineRotationRule.OverAge} with at least {FrontlineRotationRule.MinYearsInPost} years in post for the decider, who decides for each whether they rotate to a frontline school; the decisions are recorded. A year's round starts once."),
            links.Say("启动轮岗", "Start the round"),
            [
                new OfficeFormField("year", links.Say("轮岗年度（必填）", "Year (required)"), OfficeFieldKind.WholeNumber),
                new OfficeFormField("deciderId", links.Say("决定人编号", "Decider's staff id"), Hint: links.Say("不填则为组织人事科科长。名录中的人员编号，如 stf-3。", "Blank: the head of organisation and personnel. A staff id of the directory, e.g. stf-3.")),
            ]);
        int? year = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            "office/researcher-reviews/frontline-rotation/start",
            Back,
            act,
            async _ =>
            {
                var body = await request.ReadJsonAsync<ResearcherReviewApi.StartRotationInput>(cancellationToken).ConfigureAwait(false);
                if (body.Failed)
                {
                    return body.Problem;
                }

                var answer = await Api(request).StartRoundAsync(body.Value, client, cancellationToken).ConfigureAwait(false);
                if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted })
                {
                    year = body.Value.Year;
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Started: on to the round's instance page (its state and its decision tasks).
        return year is { } started && result is Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult
            ? TypedResults.Redirect(links.To("office/instances/" + string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{started}")) + "#done")
            : result;
    }

    private static readonly string[] Sections = ["primary", "junior", "senior"];

    private static ResearcherReviewApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<ResearcherReviewApi>(request.HttpContext.RequestServices);
}
