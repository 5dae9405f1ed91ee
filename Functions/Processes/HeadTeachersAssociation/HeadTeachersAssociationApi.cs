using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// <c>/api/head-teachers</c> (班主任学会): the association's office (master key) takes applications, sets up elections,
/// contests and events and reads their pages; members vote by the signed ballot link in their mail.
/// </summary>
public sealed class HeadTeachersAssociationApi(AssociationDesk desk, AssociationStore store, HtmlRendering html, BureauClock clock)
{
    /// <summary>GET <c>head-teachers</c>: the office's overview page (members, applications, elections, contests, events), or JSON.</summary>
    [Function("HeadTeachersOverview")]
    public async Task<IResult> OverviewAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "head-teachers")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var members = await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var pending = await store.Applications.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"Status eq {nameof(ApplicationStatus.Pending)}"), cancellationToken).ConfigureAwait(false);
        var elections = await store.Elections.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var contests = await store.Contests.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var events = await store.Events.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { members, pending, elections, contests, events });
        }

        return await StaffPages.PageAsync(html, new ResultsView(
            "班主任学会",
            "会员、入会申请、换届选举、案例评比与读书沙龙",
            [
                ("会员人数", members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("待审核入会申请", pending.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("选举", elections.Count == 0 ? "—" : string.Join("；", elections.Select(e => $"{e.Title}（{AssociationWords.ElectionZh(e.Status)}）"))),
                ("案例评比", contests.Count == 0 ? "—" : string.Join("；", contests.Select(c => $"{c.Title}（{AssociationWords.ContestZh(c.Status)}，{c.Entries} 篇）"))),
                ("活动", events.Count == 0 ? "—" : string.Join("；", events.Select(e => $"{e.Title}（{clock.Format(e.StartsAt)}，签到 {e.Attendees.Count}/{e.Capacity}）"))),
            ],
            ["姓名", "学校", "入会时间"],
            [.. members.OrderBy(m => m.JoinedAt).Select(m => (IReadOnlyList<string>)[m.Name, m.SchoolName, clock.Format(m.JoinedAt)])])).ConfigureAwait(false);
    }

    /// <summary>GET <c>office/head-teachers/overview</c>: <see cref="OverviewAsync"/> for the office's pages, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeHeadTeachersOverview")]
    public Task<IResult> OfficeOverviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/overview")] HttpRequest request, CancellationToken cancellationToken) =>
        OverviewAsync(request, cancellationToken);

    /// <summary>POST <c>head-teachers/applications</c>: takes an application to join and gives the office its task.</summary>
    [Function("HeadTeachersApply")]
    public async Task<IResult> ApplyAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "head-teachers/applications")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonObjectAsync<ApplicationForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.ApplyAsync(client, body.Value, cancellationToken).ConfigureAwait(false), "入会申请未提交", "The application was not entered");
    }

    /// <summary>GET <c>head-teachers/applications/{applicationId}</c>: an application and its decision, a zh-CN page for a browser.</summary>
    [Function("HeadTeachersApplication")]
    public async Task<IResult> ApplicationAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "head-teachers/applications/{applicationId}")] HttpRequest request, string applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TableKeyOk(applicationId) || await store.Applications.GetAsync(applicationId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "applicationId", $"没有入会申请 {applicationId}。", $"No such application: {applicationId}.");
        }

        return StaffPages.WantsPage(request) ? await StaffPages.PageAsync(html, ApplicationOf(read.Record)).ConfigureAwait(false) : TypedResults.Ok(read.Record);
    }

    /// <summary>GET <c>office/head-teachers/applications/{applicationId}</c>: <see cref="ApplicationAsync"/> for the office's pages (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeHeadTeachersApplication")]
    public Task<IResult> OfficeApplicationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/applications/{applicationId}")] HttpRequest request, string applicationId, CancellationToken cancellationToken) =>
        ApplicationAsync(request, applicationId, cancellationToken);

    /// <summary>PUT <c>head-teachers/elections/{electionId}</c>: sets up a term election and starts its timetable.</summary>
    [Function("HeadTeachersDefineElection")]
    public async Task<IResult> DefineElectionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "head-teachers/elections/{electionId}")] HttpRequest request, string electionId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(electionId, "electionId") is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<ElectionForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.DefineElectionAsync(client, electionId, body.Value, cancellationToken).ConfigureAwait(false), "选举未设立", "The election was not set up");
    }

    /// <summary>GET <c>head-teachers/elections/{electionId}</c>: the election, its nominations, turnout, and results once published.</summary>
    [Function("HeadTeachersGetElection")]
    public async Task<IResult> ElectionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "head-teachers/elections/{electionId}")] HttpRequest request, string electionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(electionId, "electionId") is { } bad)
        {
            return bad;
        }

        if (await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "electionId", $"没有选举 {electionId}。", $"No such election: {electionId}.");
        }

        var election = read.Record;
        int voted = (await store.VotersOfAsync(electionId, cancellationToken).ConfigureAwait(false)).Count;
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { election, voted });
        }

        return await StaffPages.PageAsync(html, ResultsOf(election, voted)).ConfigureAwait(false);
    }

    /// <summary>GET <c>office/head-teachers/elections/{electionId}</c>: <see cref="ElectionAsync"/> for the office's pages (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeHeadTeachersElection")]
    public Task<IResult> OfficeElectionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/elections/{electionId}")] HttpRequest request, string electionId, CancellationToken cancellationToken) =>
        ElectionAsync(request, electionId, cancellationToken);

    /// <summary>POST <c>head-teachers/elections/{electionId}/nominations</c>: records a nomination while nominations are open.</summary>
    [Function("HeadTeachersNominate")]
    public async Task<IResult> NominateAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "head-teachers/elections/{electionId}/nominations")] HttpRequest request, string electionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(electionId, "electionId") is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<NominationForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.NominateAsync(electionId, body.Value, cancellationToken).ConfigureAwait(false), "提名未登记", "The nomination was not recorded");
    }

    /// <summary>GET <c>head-teachers/elections/{electionId}/ballot?token=</c>: the member's ballot page (or JSON) from their mail link.</summary>
    [Function("HeadTeachersBallot")]
    public async Task<IResult> BallotAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "head-teachers/elections/{electionId}/ballot")] HttpRequest request, string electionId, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (!AssociationDesk.IsId(electionId))
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "electionId", "没有这场选举，请重新打开邮件中的链接。", "No such election.");
        }

        var (result, election, _) = await desk.OpenBallotAsync(electionId, token, cancellationToken).ConfigureAwait(false);
        if (!result.Done)
        {
            return Refusal(request, result);
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { election!.Id, election.Title, election.Seats, election.BallotCloses, candidates = election.Nominations.Select(n => new { n.MemberId, n.Name, n.SchoolName }) });
        }

        return await BallotPageAsync(request, election!, token!, [], [], StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>
    /// POST <c>head-teachers/elections/{electionId}/ballot?token=</c>: casts the member's ballot (JSON <c>{"choices":[…]}</c>
    /// or the page's form). A second vote is 409, a forged link 401, a closed ballot 410; nothing of the choice is kept with the voter.
    /// Choices refused are 422: problem+json naming the field, or for the page's form the ballot again, as ticked, the reason beside the choices.
    /// </summary>
    [Function("HeadTeachersVote")]
    public async Task<IResult> VoteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "head-teachers/elections/{electionId}/ballot")] HttpRequest request, string electionId, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (!AssociationDesk.IsId(electionId))
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "electionId", "没有这场选举，请重新打开邮件中的链接。", "No such election.");
        }

        // The link is checked before the body is read: a caller without a valid ballot learns nothing about its body.
        if (desk.RefusedBallotLink(electionId, token, out _) is { } badLink)
        {
            return Refusal(request, badLink);
        }

        BallotForm form;
        if (request.HasFormContentType)
        {
            var (read, problem) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            form = new BallotForm([.. read!["choices"]]);
        }
        else
        {
            var body = await request.ReadJsonObjectAsync<BallotForm>(cancellationToken).ConfigureAwait(false);
            if (body.Failed)
            {
                return body.Problem;
            }

            form = body.Value;
        }

        var result = await desk.VoteAsync(electionId, token, form, cancellationToken).ConfigureAwait(false);

        // Choices refused (none, too many, not a candidate): the ballot again as ticked, the reason beside the choices.
        if (result.Status == StatusCodes.Status422UnprocessableEntity && StaffPages.WantsPage(request)
            && await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false) is { } shown)
        {
            return await BallotPageAsync(request, shown.Record, token!, [.. (form.Choices ?? []).OfType<string>()], result.Errors, result.Status).ConfigureAwait(false);
        }

        if (!result.Done)
        {
            return Refusal(request, result);
        }

        return StaffPages.WantsPage(request)
            ? new RenderedPage<MessagePage>(new Dictionary<string, object?> { [nameof(MessagePage.Culture)] = "zh-CN", [nameof(MessagePage.Heading)] = "投票成功", [nameof(MessagePage.Detail)] = "感谢您的参与。结果将在投票截止后公布。" }, StatusCodes.Status200OK)
            : TypedResults.Ok(result.Value);
    }

    /// <summary>PUT <c>head-teachers/contests/{year}</c>: sets up the year's case contest and starts its timetable.</summary>
    [Function("HeadTeachersDefineContest")]
    public async Task<IResult> DefineContestAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "head-teachers/contests/{year}")] HttpRequest request, string year, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadYear(year) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<ContestForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.DefineContestAsync(client, year, body.Value, cancellationToken).ConfigureAwait(false), "案例评比未设立", "The contest was not set up");
    }

    /// <summary>POST <c>head-teachers/contests/{year}/cases</c>: takes a member's case and gives it its number.</summary>
    [Function("HeadTeachersSubmitCase")]
    public async Task<IResult> SubmitCaseAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "head-teachers/contests/{year}/cases")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadYear(year) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<CaseForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.SubmitCaseAsync(year, body.Value, cancellationToken).ConfigureAwait(false), "案例未提交", "The case was not submitted");
    }

    /// <summary>GET <c>head-teachers/contests/{year}</c>: the contest, its cases (with authors: the office's view) and its awards page.</summary>
    [Function("HeadTeachersContest")]
    public async Task<IResult> ContestAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "head-teachers/contests/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadYear(year) is { } bad)
        {
            return bad;
        }

        if (await store.Contests.GetAsync(year, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"没有 {year} 年度案例评比。", $"No case contest of {year}.");
        }

        var contest = read.Record;
        var cases = await store.EntriesOfAsync(year, cancellationToken).ConfigureAwait(false);
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { contest, cases });
        }

        return await StaffPages.PageAsync(html, new ResultsView(
            contest.Title,
            $"{AssociationWords.ContestZh(contest.Status)} · 投稿截止 {clock.Format(contest.SubmissionsClose)} · 评审截止 {clock.Format(contest.ReviewDue)}",
            [("投稿", $"{cases.Count} 篇"), ("评审组", $"{contest.ReviewerIds.Count} 人")],
            contest.Status == ContestStatus.Awarded ? ["名次", "编号", "题目", "作者", "学校", "得分", "奖项"] : ["编号", "题目", "作者", "学校"],
            contest.Status == ContestStatus.Awarded
                ? [.. contest.Results.Select(r => (IReadOnlyList<string>)[r.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", r.Code, r.Title, r.AuthorName, r.SchoolName, r.Score?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "未评", r.Award ?? "—"])]
                : [.. cases.Select(c => (IReadOnlyList<string>)[c.Code, c.Title, c.AuthorName, c.SchoolName])])
        {
            Notes = contest.RuleApplied is { } rule ? ["计分规则：" + rule + "。评审时隐去作者和学校，本人案例不由本人评分。"] : ["评审时隐去作者和学校，本人案例不由本人评分。"],
        }).ConfigureAwait(false);
    }

    /// <summary>GET <c>office/head-teachers/contests/{year}</c>: <see cref="ContestAsync"/> for the office's pages (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeHeadTeachersContest")]
    public Task<IResult> OfficeContestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/contests/{year}")] HttpRequest request, string year, CancellationToken cancellationToken) =>
        ContestAsync(request, year, cancellationToken);

    /// <summary>PUT <c>head-teachers/events/{eventId}</c>: announces an event (a reading salon, a lecture, a visit).</summary>
    [Function("HeadTeachersDefineEvent")]
    public async Task<IResult> DefineEventAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "head-teachers/events/{eventId}")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(eventId, "eventId") is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<EventForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.DefineEventAsync(eventId, body.Value, cancellationToken).ConfigureAwait(false), "活动未发布", "The event was not set up");
    }

    /// <summary>POST <c>head-teachers/events/{eventId}/attendance</c>: records the members who came.</summary>
    [Function("HeadTeachersAttendance")]
    public async Task<IResult> AttendanceAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "head-teachers/events/{eventId}/attendance")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(eventId, "eventId") is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonObjectAsync<AttendanceForm>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : Answer(await desk.RecordAttendanceAsync(eventId, body.Value, cancellationToken).ConfigureAwait(false), "签到未登记", "The attendance was not recorded");
    }

    /// <summary>GET <c>head-teachers/events/{eventId}</c>: the event and who attended (a page, or JSON).</summary>
    [Function("HeadTeachersEvent")]
    public async Task<IResult> EventAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "head-teachers/events/{eventId}")] HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(eventId, "eventId") is { } bad)
        {
            return bad;
        }

        if (await store.Events.GetAsync(eventId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "eventId", $"没有活动 {eventId}。", $"No such event: {eventId}.");
        }

        var salon = read.Record;
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(salon);
        }

        var members = (await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.StaffId, StringComparer.Ordinal);
        return await StaffPages.PageAsync(html, new ResultsView(
            salon.Title,
            $"{AssociationWords.KindZh(salon.Kind)} · {clock.Format(salon.StartsAt)} · {salon.Place}",
            [("签到", $"{salon.Attendees.Count} / {salon.Capacity} 人")],
            ["序号", "姓名", "学校"],
            [.. salon.Attendees.Select((id, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), members.GetValueOrDefault(id)?.Name ?? id, members.GetValueOrDefault(id)?.SchoolName ?? "—"])])).ConfigureAwait(false);
    }

    /// <summary>GET <c>office/head-teachers/events/{eventId}</c>: <see cref="EventAsync"/> for the office's pages (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeHeadTeachersEvent")]
    public Task<IResult> OfficeEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/events/{eventId}")] HttpRequest request, string eventId, CancellationToken cancellationToken) =>
        EventAsync(request, eventId, cancellationToken);

    /// <summary>The election's page: its timetable, turnout and, once published, the count.</summary>
    private ResultsView ResultsOf(Election election, int voted) => new(
        election.Title,
        $"{AssociationWords.ElectionZh(election.Status)} · 提名截止 {clock.Format(election.NominationsClose)} · 投票截止 {clock.Format(election.BallotCloses)}",
        [("理事名额", $"{election.Seats} 人"), ("已投票", $"{voted} / {election.BallotsIssued} 人")],
        election.Status == ElectionStatus.Published ? ["名次", "候选人", "学校", "得票", "结果"] : ["候选人", "学校"],
        election.Status == ElectionStatus.Published
            ? [.. election.Results.Select(r => (IReadOnlyList<string>)[r.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, r.SchoolName, r.Votes.ToString(System.Globalization.CultureInfo.InvariantCulture), AssociationWords.OutcomeZh(r)])]
            : [.. election.Nominations.Select(n => (IReadOnlyList<string>)[n.Name, n.SchoolName])])
    {
        Notes = election.Status == ElectionStatus.NoCandidates
            ? [AssociationWords.NoCandidatesZh]
            : ["无记名投票：投票记录与选票分开保存，选票不含投票人信息。得票最多者依次当选；末位票数相同跨越名额时，由学会另行组织决定。"],
    };

    private async Task<IResult> BallotPageAsync(HttpRequest request, Election election, string token, IReadOnlyCollection<string> chosen, IReadOnlyList<FieldError> errors, int status)
    {
        string page = await html.RenderAsync<BallotPage>(new Dictionary<string, object?>
        {
            [nameof(BallotPage.Election)] = election,
            [nameof(BallotPage.Closes)] = clock.Format(election.BallotCloses),
            [nameof(BallotPage.Action)] = $"{request.PathBase}{request.Path}?token={Uri.EscapeDataString(token)}",
            [nameof(BallotPage.Chosen)] = chosen,
            [nameof(BallotPage.Errors)] = errors,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status);
    }

    // A refusal in Chinese first (title, detail, each reason), its English beside: the office's pages show the Chinese alone.
    internal static IResult Answer(DeskResult result, string titleZh, string titleEn) => result switch
    {
        { Done: true, Status: StatusCodes.Status201Created } => TypedResults.Created((string?)null, result.Value),
        { Done: true, Status: StatusCodes.Status202Accepted } => TypedResults.Accepted((string?)null, result.Value),
        { Done: true } => TypedResults.Ok(result.Value),
        { Status: StatusCodes.Status422UnprocessableEntity } => FieldProblem.InvalidForStaff(result.Errors, titleZh, titleEn),
        _ => FieldProblem.ForStaff(result.Status, result.Errors[0].Field, result.Errors[0].ReasonFor(Languages.Chinese), result.Errors[0].Reason),
    };

    private static IResult Refusal(HttpRequest request, DeskResult result) =>
        result.Status == StatusCodes.Status422UnprocessableEntity && !StaffPages.WantsPage(request)
            ? FieldProblem.InvalidForStaff(result.Errors, "选票未投出", "The ballot was not cast")
            : StaffPages.Refusal(request, result.Status, result.Errors[0].Field, result.Errors[0].ReasonFor(Languages.Chinese), EnglishOf(result.Status));

    private static string EnglishOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "This is not a valid ballot link.",
        StatusCodes.Status403Forbidden => "This link is not a ballot of this election.",
        StatusCodes.Status409Conflict => "Refused: you have voted already, or the ballot has not opened.",
        StatusCodes.Status410Gone => "The ballot has closed.",
        _ => "The ballot was not cast.",
    };

    private static bool TableKeyOk(string id) => Storage.TableKey.Problem(id) is null;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? BadId(string id, string field) =>
        AssociationDesk.IsId(id) ? null : FieldProblem.InvalidForStaff([new FieldError(field, "letters, digits and dashes") { ReasonZh = "只能由字母、数字和短横线组成，不超过 40 个字符。" }], "地址有误", "Bad address");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? BadYear(string year) =>
        int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int y) && y is >= 2000 and <= 2100
            ? null
            : FieldProblem.InvalidForStaff([new FieldError("year", "a year") { ReasonZh = "须为 2000 至 2100 之间的年份。" }], "地址有误", "Bad address");

    private ResultsView ApplicationOf(MembershipApplication application) => new(
        $"入会申请 · {application.Name}",
        $"编号 {application.Id}",
        [
            ("申请人", $"{application.Name}（{application.StaffId}）"),
            ("学校", application.SchoolName),
            ("提交时间", clock.Format(application.SubmittedAt)),
            ("状态", AssociationWords.ApplicationZh(application.Status)),
            ("审核时间", application.DecidedAt is { } at ? clock.Format(at) : "—"),
            ("审核意见", application.Note is { Length: > 0 } note ? note : "—"),
        ],
        ["申请理由"],
        [[application.Statement]]);
}
