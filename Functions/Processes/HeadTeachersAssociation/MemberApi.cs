using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// <c>/api/head-teachers/mine</c>: a signed-in head teacher's own side of the association (staff session, see
/// <see cref="StaffSession"/>): applying to join, nominating, submitting a case, their events and ballot. Each act goes
/// through the office's desk (<see cref="AssociationDesk"/>), so both keep one set of rules; the acting member is always
/// the session's, and a body naming someone else is refused (403) with nothing changed. A browser gets the zh-CN page
/// (a refused form again, each reason at its field); a caller gets JSON and problem+json naming the field.
/// </summary>
public sealed class MemberApi(AssociationDesk desk, AssociationStore store, BallotLinks ballots, HtmlRendering html, BureauClock clock, TimeProvider time)
{
    private const string Mine = "head-teachers/mine";

    /// <summary>GET <c>head-teachers/mine</c>: the member's page (or JSON); <c>?done=</c> says what was just done.</summary>
    [Function("HeadTeachersMine")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Mine)] HttpRequest request, string? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (staffId, name, refused) = await SignedInAsync(request).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var home = await MemberHome.ReadAsync(store, staffId!, name!, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(JsonOf(home));
        }

        string? notice = done switch
        {
            "applied" => "入会申请已提交，请等待学会秘书处审核，结果将通过邮件通知您。",
            "nominated" => "提名已登记。",
            "submitted" => "案例已提交，编号见下方；评审时隐去作者和学校。",
            _ => null,
        };
        return await PageAsync(request, home, notice, null, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>POST <c>head-teachers/mine/application</c> (<c>statement</c>): applies to join; the office's approval follows as before.</summary>
    [Function("HeadTeachersMineApply")]
    public Task<IResult> ApplyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Mine + "/application")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ActAsync<ApplicationForm>(
            request,
            new MineAct(null, "application", "staffId", "只能为本人申请入会。", "You can only apply for yourself.", "入会申请未提交", "The application was not submitted", "applied"),
            null,
            f => new() { ["staffId"] = f.StaffId, ["statement"] = f.Statement },
            (staffId, fields) => desk.ApplyAsync(client, new ApplicationForm(staffId, fields.GetValueOrDefault("statement")), cancellationToken),
            cancellationToken);

    /// <summary>POST <c>head-teachers/mine/elections/{electionId}/nominations</c> (<c>nomineeId</c>): the member nominates a member (or themself) while nominations are open.</summary>
    [Function("HeadTeachersMineNominate")]
    public Task<IResult> NominateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Mine + "/elections/{electionId}/nominations")] HttpRequest request, string electionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync<NominationForm>(
            request,
            new MineAct("提名", "nomination-" + electionId, "nominatedBy", "只能以本人名义提名。", "You can only nominate in your own name.", "提名未登记", "The nomination was not recorded", "nominated"),
            AssociationDesk.IsId(electionId) ? null : StaffPages.Refusal(request, StatusCodes.Status404NotFound, "electionId", "没有这场选举。", "No such election."),
            f => new() { ["nomineeId"] = f.NomineeId, ["nominatedBy"] = f.NominatedBy },
            async (staffId, fields) =>
            {
                var result = await desk.NominateAsync(electionId, new NominationForm(fields.GetValueOrDefault("nomineeId"), staffId), cancellationToken).ConfigureAwait(false);

                // The caller gets their own nomination (the desk adds it last), not the list with everyone's nominators.
                return result is { Done: true, Value: Election election } ? result with { Value = election.Nominations[^1] } : result;
            },
            cancellationToken);
    }

    /// <summary>POST <c>head-teachers/mine/contests/{year}/case</c> (<c>title</c>, <c>summary</c>): the member's own case, one a year; the panel reviews it blind.</summary>
    [Function("HeadTeachersMineSubmitCase")]
    public Task<IResult> SubmitCaseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Mine + "/contests/{year}/case")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool known = int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int y) && y is >= 2000 and <= 2100;
        return ActAsync<CaseForm>(
            request,
            new MineAct("投稿", "case-" + year, "authorId", "只能提交本人的案例。", "You can only submit your own case.", "案例未提交", "The case was not submitted", "submitted"),
            known ? null : StaffPages.Refusal(request, StatusCodes.Status404NotFound, "year", "没有这一年度的案例评比。", "No such contest."),
            f => new() { ["authorId"] = f.AuthorId, ["title"] = f.Title, ["summary"] = f.Summary },
            (staffId, fields) => desk.SubmitCaseAsync(year, new CaseForm(staffId, fields.GetValueOrDefault("title"), fields.GetValueOrDefault("summary")), cancellationToken),
            cancellationToken);
    }

    /// <summary>The page's JSON: the member's own records only, nominators named only as "by you".</summary>
    private object JsonOf(MemberHome home) => new
    {
        home.StaffId,
        home.Name,
        member = home.Member,
        applications = home.Applications.Select(a => new { a.Id, a.Status, statusText = AssociationWords.ApplicationZh(a.Status), a.SubmittedAt, a.DecidedAt, a.Note }),
        elections = home.Elections.Select(e => new
        {
            e.Election.Id,
            e.Election.Title,
            e.Election.Status,
            statusText = AssociationWords.ElectionZh(e.Election.Status),
            e.Election.Seats,
            e.Election.NominationsClose,
            e.Election.BallotCloses,
            candidates = e.Election.Nominations.Select(n => new { n.MemberId, n.Name, n.SchoolName, nominatedByMe = n.NominatedBy == home.StaffId }),
            e.CanNominate,
            nominable = e.Nominable.Select(m => new { m.StaffId, m.Name, m.SchoolName }),
            ballotLink = e.BallotOpen ? BallotOf(e.Election, home.StaffId) : null,
            e.Voted,
            results = e.Election.Status == ElectionStatus.Published ? e.Election.Results : null,
        }),
        contests = home.Contests.Select(c => new { c.Contest.Id, c.Contest.Title, c.Contest.Status, statusText = AssociationWords.ContestZh(c.Contest.Status), c.Contest.SubmissionsClose, c.CanSubmit, mine = c.Mine, award = c.Award }),
        events = home.Events.Select(e => new { e.Event.Id, e.Event.Title, e.Event.Kind, kindText = AssociationWords.KindZh(e.Event.Kind), e.Event.StartsAt, e.Event.Place, e.Attended, e.Started }),
    };

    private string BallotOf(Election election, string staffId) => ballots.For(election.Id, staffId, election.BallotCloses).PathAndQuery;

    private async Task<IResult> PageAsync(HttpRequest request, MemberHome home, string? notice, MemberFormFailure? failed, int status)
    {
        string page = await html.RenderAsync<MemberPage>(new Dictionary<string, object?>
        {
            [nameof(MemberPage.Home)] = home,
            [nameof(MemberPage.Clock)] = clock,
            [nameof(MemberPage.ActionBase)] = Prefix(request) + Mine,
            [nameof(MemberPage.MeUrl)] = Prefix(request) + "me",
            [nameof(MemberPage.Ballots)] = home.Elections.Where(e => e.BallotOpen).ToDictionary(e => e.Election.Id, e => BallotOf(e.Election, home.StaffId)),
            [nameof(MemberPage.Notice)] = notice,
            [nameof(MemberPage.Failed)] = failed,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status);
    }

    // Done: back to the page (a reload does not post again). Refused: the page with the form as entered and the reasons at their fields.
    private async Task<IResult> AnswerAsync(
        HttpRequest request, string staffId, string name, string form, IReadOnlyDictionary<string, string?> entered, DeskResult result, string titleZh, string titleEn, string done, CancellationToken cancellationToken)
    {
        if (!StaffPages.WantsPage(request))
        {
            return HeadTeachersAssociationApi.Answer(result, titleZh, titleEn);
        }

        if (result.Done)
        {
            return Results.Redirect($"{Prefix(request)}{Mine}?done={done}", permanent: false, preserveMethod: false);
        }

        var home = await MemberHome.ReadAsync(store, staffId, name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await PageAsync(request, home, null, new MemberFormFailure(form, result.Errors, entered), result.Status).ConfigureAwait(false);
    }

    /// <summary>What differs between the member's acts: who may do it, the form, the field naming the actor, the words.</summary>
    /// <param name="MembersOnly">The act's word in the refusal to a non-member ("提名"); null when anyone signed in may (applying).</param>
    /// <param name="Form">The form's id on the page, to show a refused form again.</param>
    /// <param name="SelfField">The body's field naming who acts; another person there is refused (403).</param>
    /// <param name="SelfZh">That refusal, in Chinese.</param>
    /// <param name="SelfEn">That refusal, in English.</param>
    /// <param name="TitleZh">A refusal's title, in Chinese.</param>
    /// <param name="TitleEn">A refusal's title, in English.</param>
    /// <param name="Done">The page's <c>?done=</c> after it is done.</param>
    private sealed record MineAct(string? MembersOnly, string Form, string SelfField, string SelfZh, string SelfEn, string TitleZh, string TitleEn, string Done);

    // One act, in the same order for each: the session (and membership) with its cross-site check, then the route's own
    // refusal, the body, the session as the actor, the desk, and the page or JSON.
    private async Task<IResult> ActAsync<T>(
        HttpRequest request, MineAct act, IResult? wrongRoute, Func<T, Dictionary<string, string?>> fieldsOf,
        Func<string, Dictionary<string, string?>, Task<DeskResult>> deskAct, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (staffId, name, refused) = act.MembersOnly is { } word
            ? await MemberAsync(request, word, cancellationToken).ConfigureAwait(false)
            : await SignedInAsync(request).ConfigureAwait(false);
        if ((refused ?? wrongRoute) is { } refusal)
        {
            return refusal;
        }

        var (fields, unreadable) = await ReadAsync(request, fieldsOf, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var result = Oneself(fields!, act.SelfField, staffId!, act.SelfZh, act.SelfEn)
            ?? await deskAct(staffId!, fields!).ConfigureAwait(false);
        return await AnswerAsync(request, staffId!, name!, act.Form, fields!, result, act.TitleZh, act.TitleEn, act.Done, cancellationToken).ConfigureAwait(false);
    }

    // The session is who acts: a body naming another person is refused before anything is read or written.
    private static DeskResult? Oneself(Dictionary<string, string?> fields, string field, string staffId, string zh, string en) =>
        fields.TryGetValue(field, out var named) && !string.IsNullOrWhiteSpace(named) && named.Trim() != staffId
            ? DeskResult.Refused(StatusCodes.Status403Forbidden, field, zh, en)
            : null;

    private static async Task<(Dictionary<string, string?>? Fields, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, Func<T, Dictionary<string, string?>> fieldsOf, CancellationToken cancellationToken)
        where T : class
    {
        if (request.HasFormContentType)
        {
            var (form, problem) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (null, problem);
            }

            return (form!.Keys.ToDictionary(k => k, k => (string?)form[k].ToString(), StringComparer.Ordinal), null);
        }

        var body = await request.ReadJsonObjectAsync<T>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? (null, body.Problem) : (fieldsOf(body.Value), null);
    }

    private async Task<(string? StaffId, string? Name, IResult? Refused)> MemberAsync(HttpRequest request, string act, CancellationToken cancellationToken)
    {
        var (staffId, name, refused) = await SignedInAsync(request).ConfigureAwait(false);
        if (refused is not null)
        {
            return (null, null, refused);
        }

        return await store.Members.GetAsync(staffId!, cancellationToken).ConfigureAwait(false) is null
            ? (null, null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "session", $"您还不是班主任学会会员，入会申请获批后才能{act}。", "Only members of the association can do this."))
            : (staffId, name, null);
    }

    private async Task<(string? StaffId, string? Name, IResult? Refused)> SignedInAsync(HttpRequest request)
    {
        // The page carries the member's ballot link: kept out of caches like a task link's page.
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        var user = await StaffSession.UserAsync(request.HttpContext).ConfigureAwait(false);
        if (SignInApi.StaffIdOf(user) is { } staffId)
        {
            // The cookie rides along with any site's form; a post from another origin is not the member's own.
            return CrossSitePosts.IsCrossSite(request)
                ? (null, null, StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "Origin", "请在班主任学会页面上提交，其他网站的表单不能代您提交。", "Submit from the association's own page; another site's form cannot act for you."))
                : (staffId, user.Identity?.Name ?? staffId, null);
        }

        // The sign-in form of /api/me, saying where to come back to.
        return (null, null, StaffPages.WantsPage(request)
            ? await MeApi.SignInPageAsync(html, Prefix(request) + "me", "请先登录：输入您的工作邮箱，打开邮件中的登录链接后，再回到班主任学会页面。").ConfigureAwait(false)
            : MeApi.SignInFirst());
    }

    // "/api/" from "/api/head-teachers/mine/…", whatever the route prefix.
    private static string Prefix(HttpRequest request)
    {
        string path = request.Path.Value ?? string.Empty;
        int at = path.IndexOf("/" + Mine, StringComparison.Ordinal);
        return request.PathBase + (at < 0 ? "/" : path[..(at + 1)]);
    }
}
