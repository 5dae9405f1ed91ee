using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// The association's operations behind its HTTP functions: applications, elections and votes, contests and cases,
/// events and attendance. Every check runs before anything is written, so a refusal changes nothing.
/// </summary>
public sealed partial class AssociationDesk(AssociationStore store, DirectoryStore directory, BallotLinks ballots, AssociationOptions options, TimeProvider time)
{
    /// <summary>The event kinds: reading salon, lecture, visit.</summary>
    public static readonly IReadOnlyList<string> EventKinds = ["reading-salon", "lecture", "visit"];

    /// <summary>True for an id usable in a route and a table key: letters, digits and dashes, 1–40 characters.</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Takes an application and starts the office's approval.</summary>
    public async Task<DeskResult> ApplyAsync(DurableTaskClient client, ApplicationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        StaffMember? person = null;
        if (Required(form.StaffId, "staffId", errors))
        {
            person = await directory.Staff.GetAsync(form.StaffId!, cancellationToken).ConfigureAwait(false);
            if (person is null)
            {
                errors.Add(new FieldError("staffId", "not in the staff directory") { ReasonZh = "不在教职工名录中。" });
            }
        }

        Text(form.Statement, "statement", 1000, errors);
        if (errors.Count > 0 || person is null)
        {
            return DeskResult.Invalid(errors);
        }

        if (await store.Members.GetAsync(person.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return DeskResult.Refused(StatusCodes.Status409Conflict, "staffId", $"{person.Name}已是学会会员。", "already a member");
        }

        var earlier = await store.ApplicationsOfAsync(person.Id, cancellationToken).ConfigureAwait(false);
        if (earlier.FirstOrDefault(a => a.Status == ApplicationStatus.Pending) is { } pending)
        {
            // A pending application whose approval never started (its request died after the record) is started now.
            return await StartIfNeverStartedAsync(client, MembershipApproval.Name, new MembershipApproval.Input(pending, options.OfficeId, options.ApprovalDays), pending.InstanceId, cancellationToken).ConfigureAwait(false)
                ? DeskResult.Ok(pending, StatusCodes.Status202Accepted)
                : DeskResult.Refused(StatusCodes.Status409Conflict, "staffId", $"{person.Name}已有一份待审核的申请。", "an application is pending");
        }

        string school = person.SchoolId is { } schoolId && await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false) is { } s ? s.Name : "—";
        var application = new MembershipApplication
        {
            Id = $"{person.Id}-{earlier.Count + 1}",
            StaffId = person.Id,
            Name = person.Name,
            SchoolName = school,
            Statement = form.Statement!.Trim(),
            SubmittedAt = time.GetUtcNow(),
        };
        if (!await store.Applications.TryAddAsync(application, cancellationToken).ConfigureAwait(false))
        {
            return DeskResult.Refused(StatusCodes.Status409Conflict, "staffId", $"{person.Name}的申请刚刚已提交。", "submitted just now");
        }

        await StartIfNeverStartedAsync(client, MembershipApproval.Name, new MembershipApproval.Input(application, options.OfficeId, options.ApprovalDays), application.InstanceId, cancellationToken).ConfigureAwait(false);
        return DeskResult.Ok(application, StatusCodes.Status202Accepted);
    }

    /// <summary>Sets up a term election and starts its timetable.</summary>
    public async Task<DeskResult> DefineElectionAsync(DurableTaskClient client, string electionId, ElectionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var now = time.GetUtcNow();
        var errors = new List<FieldError>();
        Text(form.Title, "title", 100, errors);
        if (form.Seats is not (>= 1 and <= 30))
        {
            errors.Add(new FieldError("seats", "must be 1–30") { ReasonZh = "须为 1 至 30 之间的整数。" });
        }

        if (form.NominationsClose is not { } nominations || nominations <= now)
        {
            errors.Add(new FieldError("nominationsClose", "must be in the future") { ReasonZh = "须为将来的时间。" });
        }

        if (form.BallotCloses is not { } closes || form.NominationsClose is { } n && closes <= n)
        {
            errors.Add(new FieldError("ballotCloses", "must be after nominationsClose") { ReasonZh = "须晚于提名截止时间。" });
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors);
        }

        var election = new Election { Id = electionId, Title = form.Title!.Trim(), Seats = form.Seats!.Value, NominationsClose = form.NominationsClose!.Value, BallotCloses = form.BallotCloses!.Value };
        if (!await store.Elections.TryAddAsync(election, cancellationToken).ConfigureAwait(false))
        {
            // Set up before by a request that died before starting its timetable: the election as stored is started now.
            return await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false) is { Record: { Status: ElectionStatus.Nominating } stored }
                && await StartIfNeverStartedAsync(client, TermElection.Name, new TermElection.Input(electionId, stored.NominationsClose, stored.BallotCloses), Election.InstanceIdOf(electionId), cancellationToken).ConfigureAwait(false)
                ? DeskResult.Ok(stored, StatusCodes.Status201Created)
                : DeskResult.Refused(StatusCodes.Status409Conflict, "electionId", $"选举 {electionId} 已设立。", "already set up");
        }

        await StartIfNeverStartedAsync(client, TermElection.Name, new TermElection.Input(electionId, election.NominationsClose, election.BallotCloses), Election.InstanceIdOf(electionId), cancellationToken).ConfigureAwait(false);
        return DeskResult.Ok(election, StatusCodes.Status201Created);
    }

    /// <summary>Records a nomination while nominations are open.</summary>
    public async Task<DeskResult> NominateAsync(string electionId, NominationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var nominee = await MemberAsync(form.NomineeId, "nomineeId", errors, cancellationToken).ConfigureAwait(false);
        await MemberAsync(form.NominatedBy, "nominatedBy", errors, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return DeskResult.Refused(StatusCodes.Status404NotFound, "electionId", $"没有选举 {electionId}。", "no such election");
            }

            var election = read.Record;
            if (election.Status != ElectionStatus.Nominating || time.GetUtcNow() >= election.NominationsClose)
            {
                return DeskResult.Refused(StatusCodes.Status410Gone, "electionId", "提名已截止。", "nominations have closed");
            }

            if (errors.Count > 0 || nominee is null)
            {
                return DeskResult.Invalid(errors);
            }

            if (election.Nominations.Any(x => x.MemberId == nominee.StaffId))
            {
                return DeskResult.Refused(StatusCodes.Status409Conflict, "nomineeId", $"{nominee.Name}已被提名。", "already nominated");
            }

            var changed = election with { Nominations = [.. election.Nominations, new Nomination(nominee.StaffId, nominee.Name, nominee.SchoolName, form.NominatedBy!, time.GetUtcNow())] };
            if (await store.Elections.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return DeskResult.Ok(changed, StatusCodes.Status201Created);
            }
        }
    }

    /// <summary>The ballot a link opens: the election and the member it was issued to, or the refusal.</summary>
    /// <summary>
    /// The ballot link's own check, with no store read: forged (401), another election's (403) or expired (410), else
    /// null and the member it was mailed to. A vote is checked with it before its body is read.
    /// </summary>
    public DeskResult? RefusedBallotLink(string electionId, string? token, out string? memberId) =>
        ballots.Check(token, electionId, out memberId) switch
        {
            TaskTokenCheck.Unauthenticated => DeskResult.Refused(StatusCodes.Status401Unauthorized, "token", "选票链接无效，请通过邮件中的链接投票。"),
            TaskTokenCheck.OtherTask => DeskResult.Refused(StatusCodes.Status403Forbidden, "token", "此链接不是这场选举的选票。"),
            TaskTokenCheck.Expired => DeskResult.Refused(StatusCodes.Status410Gone, "token", "投票已截止。"),
            _ => null,
        };

    public async Task<(DeskResult Result, Election? Election, string? MemberId)> OpenBallotAsync(string electionId, string? token, CancellationToken cancellationToken)
    {
        if (await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return (DeskResult.Refused(StatusCodes.Status404NotFound, "electionId", "没有这场选举，请重新打开邮件中的链接。"), null, null);
        }

        if (RefusedBallotLink(electionId, token, out string? memberId) is { } refused)
        {
            return (refused, read.Record, null);
        }

        var election = read.Record;
        if (election.Status == ElectionStatus.Nominating)
        {
            return (DeskResult.Refused(StatusCodes.Status409Conflict, "electionId", "投票尚未开始。"), election, memberId);
        }

        if (election.Status == ElectionStatus.NoCandidates)
        {
            return (DeskResult.Refused(StatusCodes.Status410Gone, "electionId", "这场选举没有候选人，未举行投票。"), election, memberId);
        }

        if (election.Status != ElectionStatus.Voting || time.GetUtcNow() >= election.BallotCloses)
        {
            return (DeskResult.Refused(StatusCodes.Status410Gone, "electionId", "投票已截止，结果已经或即将公布。"), election, memberId);
        }

        return (DeskResult.Ok(election), election, memberId);
    }

    /// <summary>
    /// Casts a member's ballot: one write ticks the voter roll with the ballot sealed in it (a second vote is refused
    /// there, 409); the ballots go on to the box in batches (<see cref="AssociationOptions.BallotBatch"/>, the rest at
    /// the close) under ids with nothing of the voter; a forged link is 401, a closed ballot 410. A vote that reaches the
    /// roll after the count closed it is refused (410) with nothing written; one that reached it before is counted, so a
    /// retry after a lost answer is told so (409, 您的选票已计入) and nothing is cast twice.
    /// </summary>
    public async Task<DeskResult> VoteAsync(string electionId, string? token, BallotForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (opened, election, memberId) = await OpenBallotAsync(electionId, token, cancellationToken).ConfigureAwait(false);
        if (!opened.Done)
        {
            return opened;
        }

        var errors = new List<FieldError>();
        var choices = form.Choices ?? [];
        if (choices.Count == 0)
        {
            errors.Add(new FieldError("choices", "请至少选择一位候选人。"));
        }
        else if (choices.Count > election!.Seats)
        {
            errors.Add(new FieldError("choices", $"最多选择 {election.Seats} 人。"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < choices.Count; i++)
        {
            if (choices[i] is not { } c || election!.Nominations.All(x => x.MemberId != c))
            {
                errors.Add(new FieldError($"choices[{i}]", "不是本次选举的候选人。"));
            }
            else if (!seen.Add(c))
            {
                errors.Add(new FieldError($"choices[{i}]", "同一候选人只能选一次。"));
            }
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors);
        }

        // Sorted, so the stored order of the choices says nothing of the ballot form's order either. The write is the
        // vote: what follows is done again by the next vote or by the count, so a request that dies here has voted.
        var cast = await store.CastAsync(electionId, memberId!, [.. seen.Order(StringComparer.Ordinal)], time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (cast == CastOutcome.Closed)
        {
            return DeskResult.Refused(StatusCodes.Status410Gone, "electionId", "投票已截止，您的选票未计入。");
        }

        try
        {
            await store.MoveHeldAsync(electionId, options.BallotBatch, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            // The vote is already safe, sealed in the roll: the next batch or the close moves it to the box.
        }

        if (cast == CastOutcome.AlreadyCast)
        {
            // Also the retry of a vote whose answer was lost: its tick is there and will be counted once.
            return DeskResult.Refused(StatusCodes.Status409Conflict, "token", "您已投过票，每位会员限投一次，选票不能更改。您的选票已计入。");
        }

        return DeskResult.Ok(new { electionId, voted = true, message = "投票成功，感谢您的参与。" });
    }

    /// <summary>Sets up a year's case contest and starts its timetable.</summary>
    public async Task<DeskResult> DefineContestAsync(DurableTaskClient client, string contestId, ContestForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var now = time.GetUtcNow();
        var errors = new List<FieldError>();
        Text(form.Title, "title", 100, errors);
        if (form.SubmissionsClose is not { } close || close <= now)
        {
            errors.Add(new FieldError("submissionsClose", "must be in the future") { ReasonZh = "须为将来的时间。" });
        }

        if (form.ReviewDue is not { } due || form.SubmissionsClose is { } c && due <= c)
        {
            errors.Add(new FieldError("reviewDue", "must be after submissionsClose") { ReasonZh = "须晚于投稿截止时间。" });
        }

        var reviewers = form.ReviewerIds ?? [];
        if (reviewers.Count is < 1 or > 15)
        {
            errors.Add(new FieldError("reviewerIds", "1–15 reviewers") { ReasonZh = "评审组须有 1 至 15 人。" });
        }

        for (int i = 0; i < reviewers.Count; i++)
        {
            if (TableKey.Problem(reviewers[i]) is not null || string.IsNullOrWhiteSpace(reviewers[i])
                || await directory.Staff.GetAsync(reviewers[i]!, cancellationToken).ConfigureAwait(false) is null)
            {
                errors.Add(new FieldError($"reviewerIds[{i}]", "not in the staff directory") { ReasonZh = "不在教职工名录中。" });
            }
            else if (reviewers.Take(i).Contains(reviewers[i]))
            {
                errors.Add(new FieldError($"reviewerIds[{i}]", "listed twice") { ReasonZh = "重复。" });
            }
        }

        if (form.MaxPoints is { } max && max is <= 0 or > 1000)
        {
            errors.Add(new FieldError("maxPoints", "须大于 0 且不超过 1000。"));
        }

        errors.AddRange(form.Rule?.Validate("rule.") ?? []);
        errors.AddRange(form.Awards?.Validate("awards.") ?? []);
        if (form.OwnerId is { } owner && (TableKey.Problem(owner) is not null || await directory.Staff.GetAsync(owner, cancellationToken).ConfigureAwait(false) is null))
        {
            errors.Add(new FieldError("ownerId", "not in the staff directory") { ReasonZh = "不在教职工名录中。" });
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors);
        }

        var contest = new CaseContest
        {
            Id = contestId,
            Title = form.Title!.Trim(),
            SubmissionsClose = form.SubmissionsClose!.Value,
            ReviewDue = form.ReviewDue!.Value,
            ReviewerIds = [.. reviewers.Select(r => r!)],
            MaxPoints = form.MaxPoints ?? 100,
            Rule = form.Rule ?? new(),
            Awards = form.Awards ?? new(),
            OwnerId = form.OwnerId,
        };
        if (!await store.Contests.TryAddAsync(contest, cancellationToken).ConfigureAwait(false))
        {
            // Set up before by a request that died before starting its review: the contest as stored is started now.
            return await store.Contests.GetAsync(contestId, cancellationToken).ConfigureAwait(false) is { Record: { Status: ContestStatus.Submitting } stored }
                && await StartIfNeverStartedAsync(client, CaseContestReview.Name, ContestInput(stored), CaseContest.InstanceIdOf(contestId), cancellationToken).ConfigureAwait(false)
                ? DeskResult.Ok(stored, StatusCodes.Status201Created)
                : DeskResult.Refused(StatusCodes.Status409Conflict, "contestId", $"{contestId} 年度案例评比已设立。", "already set up");
        }

        await StartIfNeverStartedAsync(client, CaseContestReview.Name, ContestInput(contest), CaseContest.InstanceIdOf(contestId), cancellationToken).ConfigureAwait(false);
        return DeskResult.Ok(contest, StatusCodes.Status201Created);
    }

    /// <summary>
    /// Takes a member's case while submissions are open and gives it its number. One case each: the number and its
    /// author go on the contest in one write on its version, so of two submits at once one is refused (409) and no
    /// number is spent on it; a case whose number was given but whose write failed is written by the author's next submit.
    /// </summary>
    public async Task<DeskResult> SubmitCaseAsync(string contestId, CaseForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var author = await MemberAsync(form.AuthorId, "authorId", errors, cancellationToken).ConfigureAwait(false);
        Text(form.Title, "title", 60, errors);
        Text(form.Summary, "summary", 400, errors);
        while (true)
        {
            if (await store.Contests.GetAsync(contestId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return DeskResult.Refused(StatusCodes.Status404NotFound, "contestId", $"没有 {contestId} 年度案例评比。", "no such contest");
            }

            if (read.Record.Status != ContestStatus.Submitting || time.GetUtcNow() >= read.Record.SubmissionsClose)
            {
                return DeskResult.Refused(StatusCodes.Status410Gone, "contestId", "投稿已截止。", "submissions have closed");
            }

            if (errors.Count > 0 || author is null)
            {
                return DeskResult.Invalid(errors);
            }

            if (read.Record.CodeOfAuthor.TryGetValue(author.StaffId, out string? given))
            {
                return await store.Entries.GetAsync(ContestEntry.IdOf(contestId, given), cancellationToken).ConfigureAwait(false) is null
                    ? await AddCaseAsync(contestId, given, author, form, cancellationToken).ConfigureAwait(false)
                    : OneCaseEach(author, given);
            }

            var own = await store.Entries.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"ContestId eq {contestId} and AuthorId eq {author.StaffId}"), cancellationToken).ConfigureAwait(false);
            if (own.Count > 0)
            {
                return OneCaseEach(author, own[0].Code);
            }

            // The number is taken on the contest's version with its author, so two cases never share one and one author never gets two.
            string code = "A" + (read.Record.Entries + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            var contest = read.Record with
            {
                Entries = read.Record.Entries + 1,
                CodeOfAuthor = new Dictionary<string, string>(read.Record.CodeOfAuthor, StringComparer.Ordinal) { [author.StaffId] = code },
            };
            if (await store.Contests.TryReplaceAsync(contest, read.ETag, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            return await AddCaseAsync(contestId, code, author, form, cancellationToken).ConfigureAwait(false);
        }
    }

    // Added, never replaced: of an author's submits that both find their number given and the case not yet written, one writes it.
    private async Task<DeskResult> AddCaseAsync(string contestId, string code, AssociationMember author, CaseForm form, CancellationToken cancellationToken)
    {
        var entry = new ContestEntry
        {
            ContestId = contestId,
            Code = code,
            AuthorId = author.StaffId,
            AuthorName = author.Name,
            SchoolName = author.SchoolName,
            Title = form.Title!.Trim(),
            Summary = form.Summary!.Trim(),
            SubmittedAt = time.GetUtcNow(),
        };
        return await store.Entries.TryAddAsync(entry, cancellationToken).ConfigureAwait(false)
            ? DeskResult.Ok(entry, StatusCodes.Status201Created)
            : OneCaseEach(author, code);
    }

    private static DeskResult OneCaseEach(AssociationMember author, string code) =>
        DeskResult.Refused(StatusCodes.Status409Conflict, "authorId", $"{author.Name}已提交案例 {code}，每人每年限报一篇。", "one case each");

    /// <summary>Announces an event.</summary>
    public async Task<DeskResult> DefineEventAsync(string eventId, EventForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        Text(form.Title, "title", 100, errors);
        if (form.Kind is null || !EventKinds.Contains(form.Kind))
        {
            errors.Add(new FieldError("kind", "须为 reading-salon（读书沙龙）、lecture（讲座）或 visit（观摩）。"));
        }

        if (form.StartsAt is null)
        {
            errors.Add(new FieldError("startsAt", "required") { ReasonZh = "不能为空。" });
        }

        Text(form.Place, "place", 100, errors);
        if (form.Capacity is not (>= 1 and <= 500))
        {
            errors.Add(new FieldError("capacity", "must be 1–500") { ReasonZh = "须为 1 至 500 之间的整数。" });
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors);
        }

        var salon = new SalonEvent { Id = eventId, Title = form.Title!.Trim(), Kind = form.Kind!, StartsAt = form.StartsAt!.Value, Place = form.Place!.Trim(), Capacity = form.Capacity!.Value };
        return await store.Events.TryAddAsync(salon, cancellationToken).ConfigureAwait(false)
            ? DeskResult.Ok(salon, StatusCodes.Status201Created)
            : DeskResult.Refused(StatusCodes.Status409Conflict, "eventId", $"活动 {eventId} 已存在。", "already exists");
    }

    /// <summary>Records members' attendance, from the day the event starts; a member recorded twice counts once.</summary>
    public async Task<DeskResult> RecordAttendanceAsync(string eventId, AttendanceForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var ids = form.MemberIds ?? [];
        if (ids.Count == 0)
        {
            errors.Add(new FieldError("memberIds", "请至少登记一位会员。"));
        }

        for (int i = 0; i < ids.Count; i++)
        {
            await MemberAsync(ids[i], $"memberIds[{i}]", errors, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            if (await store.Events.GetAsync(eventId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return DeskResult.Refused(StatusCodes.Status404NotFound, "eventId", $"没有活动 {eventId}。", "no such event");
            }

            if (errors.Count > 0)
            {
                return DeskResult.Invalid(errors);
            }

            var salon = read.Record;
            if (time.GetUtcNow() < salon.StartsAt.AddHours(-2))
            {
                return DeskResult.Refused(StatusCodes.Status409Conflict, "eventId", "活动尚未开始，签到从开始前两小时起登记。", "attendance opens two hours before the start");
            }

            var attendees = salon.Attendees.Concat(ids.Select(i => i!)).Distinct(StringComparer.Ordinal).ToList();
            if (attendees.Count > salon.Capacity)
            {
                return DeskResult.Refused(StatusCodes.Status422UnprocessableEntity, "memberIds", $"超出活动容量 {salon.Capacity} 人。", "over capacity");
            }

            var changed = salon with { Attendees = attendees };
            if (await store.Events.TryReplaceAsync(changed, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return DeskResult.Ok(changed);
            }
        }
    }

    private async Task<AssociationMember?> MemberAsync(string? id, string field, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (!Required(id, field, errors))
        {
            return null;
        }

        var member = await store.Members.GetAsync(id!, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            errors.Add(new FieldError(field, "not a member") { ReasonZh = "不是学会会员。" });
        }

        return member?.Record;
    }

    private static bool Required(string? id, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(new FieldError(field, "required") { ReasonZh = "不能为空。" });
            return false;
        }

        if (TableKey.Error(field, id) is { } problem)
        {
            errors.Add(problem);
            return false;
        }

        return true;
    }

    private static void Text(string? value, string field, int max, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "required") { ReasonZh = "不能为空。" });
        }
        else if (value.Trim().Length > max)
        {
            errors.Add(new FieldError(field, $"at most {max} characters") { ReasonZh = $"不能超过 {max} 字。" });
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex IdPattern();

    private static CaseContestReview.Input ContestInput(CaseContest contest) =>
        new(contest.Id, contest.Title, contest.SubmissionsClose, contest.ReviewDue, contest.MaxPoints, contest.OwnerId);

    /// <summary>
    /// Starts the process of a record just written, or of one written by a request that died before starting it: the
    /// record comes first, so a crash between the two leaves a record in its first state with no instance, which only a
    /// start never made explains (finished instances, which retention may purge, have moved their record on). True when
    /// this call started it; false when it was already there (a retry racing the first request included).
    /// </summary>
    private static async Task<bool> StartIfNeverStartedAsync(DurableTaskClient client, string orchestrator, object input, string instanceId, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (Durable.InstanceStarts.AlreadyExists(ex))
        {
            return false;
        }
    }
}
