using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The activities of the reallocation: each reads the stored state, applies a pure rule of <c>Rules/</c> where one
/// decides, and writes whole records, so running one twice changes nothing more. A person's row read and changed is
/// written only over the version read (<see cref="PeopleTable.ChangeAllAsync"/>, <see cref="PeopleTable.TryReplaceAsync"/>):
/// the office correcting a person, or another try of the same activity, may write it in between, and that write is kept.
/// </summary>
public sealed class StaffReallocationActivities(
    StaffReallocationStore store,
    DirectoryStore directory,
    StaffNotices notices,
    MailSettings mail,
    ReallocationAppealLinks appealLinks,
    PointsSheetStore sheets,
    StaffReallocationActivities.BeforePeopleWrite? beforeWrite = null)
{
    /// <summary>
    /// Runs between an activity's reads of the people and its write of those it changed (recorded answers, a round's
    /// results, the re-ranking). The app registers none; a test passes one to the constructor to change rows at that
    /// moment, as the office can.
    /// </summary>
    public delegate Task BeforePeopleWrite(CancellationToken cancellationToken);

    /// <summary>Activity names.</summary>
    public const string Prepare = "StaffReallocationPrepare", Keys = "StaffReallocationKeys", BuildTasks = "StaffReallocationBuildTasks",
        RecordAnswers = "StaffReallocationRecordAnswers", PostsSummary = "StaffReallocationPostsSummary", ApplyRound = "StaffReallocationApplyRound",
        ApplyAppeal = "StaffReallocationApplyAppeal", WriteResults = "StaffReallocationWriteResults", SetStage = "StaffReallocationSetStage";

    // Rows written at a time by one activity: enough to hide the round trips, few enough to leave the storage account to others.
    private const int WriteConcurrency = 16;

    /// <summary>The steps with a task window.</summary>
    public static class Steps
    {
        /// <summary>Principals publish posts.</summary>
        public const string Posts = "posts";

        /// <summary>Principals confirm direct-appointment cases.</summary>
        public const string Direct = "direct";

        /// <summary>Staff volunteer for support teaching.</summary>
        public const string Volunteer = "volunteer";

        /// <summary>Principals rank their school's own applicants for the in-school competition.</summary>
        public const string InSchoolRanking = "in-school-ranking";

        /// <summary>Staff submit cross-school ranked lists.</summary>
        public const string Ranked = "ranked";

        /// <summary>Principals rank the cross-school applicants who named their school's posts.</summary>
        public const string SchoolRanking = "school-ranking";

        /// <summary>The bureau decides unplaced cases.</summary>
        public const string Unplaced = "unplaced";
    }

    /// <summary>Who gets a step's tasks.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Step">One of <see cref="Steps"/>.</param>
    public sealed record KeysInput(string ReallocationId, string Step);

    /// <summary>The tasks of one batch of a step's window.</summary>
    /// <param name="Start">The reallocation.</param>
    /// <param name="Step">One of <see cref="Steps"/>.</param>
    /// <param name="Keys">School ids (posts, rankings) or staff ids (the others).</param>
    /// <param name="Due">When the window closes.</param>
    /// <param name="Attempt">The publishing round (posts sent back are published again).</param>
    /// <param name="Note">Shown on every task (the bureau's reason for sending posts back).</param>
    public sealed record BuildInput(ReallocationStart Start, string Step, IReadOnlyList<string> Keys, DateTime Due, int Attempt, string? Note);

    /// <summary>A task given for a key, and how it ended.</summary>
    /// <param name="Key">The school or staff id.</param>
    /// <param name="Outcome">The task's outcome.</param>
    public sealed record Answer(string Key, StaffTaskOutcome Outcome);

    /// <summary>Answers of one batch to store.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Step">One of <see cref="Steps"/>.</param>
    /// <param name="Answers">The answers.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record RecordInput(string ReallocationId, string Step, IReadOnlyList<Answer> Answers, DateTimeOffset At);

    /// <summary>Applies a round's rule.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Round">The round.</param>
    /// <param name="Redo">Run it again after an upheld appeal (the trace says so of a result it undoes). Every run starts with the round's own placements undone.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record ApplyInput(string ReallocationId, Round Round, bool Redo, DateTimeOffset At);

    /// <summary>The bureau's decision on an appeal.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Round">The round appealed.</param>
    /// <param name="Appeal">The appeal.</param>
    /// <param name="Review">The bureau's task outcome.</param>
    /// <param name="At">The orchestration's time.</param>
    /// <param name="Number">
    /// Its place among the appeals the window took in, from 0 (its record's and its task's number); null in a payload
    /// queued before it carried one, which is then numbered by its review task's id.
    /// </param>
    /// <param name="Kept">Whether its record is the row taken in by round, person and reason (<see cref="AppealRecord.Intake"/>, from <see cref="StaffReallocation.AppealReviewVersion"/>) rather than at its number.</param>
    public sealed record AppealInput(string ReallocationId, Round Round, ReallocationAppeal Appeal, StaffTaskOutcome Review, DateTimeOffset At, int? Number = null, bool Kept = false);

    /// <summary>Result mails to write.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Tag">Makes the outbox ids unique per occasion ("DirectAppointment", "appeal-1"...).</param>
    /// <param name="StaffIds">The people told.</param>
    public sealed record ResultsInput(string ReallocationId, string Tag, IReadOnlyList<string> StaffIds);

    /// <summary>A stage change of the reallocation record.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Stage">The new stage.</param>
    /// <param name="Trace">A bureau decision to keep, if any.</param>
    /// <param name="KeepsAppeals">Whether the stage is an appeal window whose appeals the API keeps on record before raising them (<see cref="ReallocationRecord.AppealsKept"/>).</param>
    public sealed record StageInput(string ReallocationId, string Stage, TraceEntry? Trace, bool KeepsAppeals = false);

    /// <summary>
    /// Stores the reallocation and everyone of the directory who teaches at a school, with their points from the
    /// directory and the points sheet (<see cref="StaffPointsActivities.InputOf"/>), ranked, with the breakdown; then
    /// the formula version on the reallocation, once everyone is stored.
    /// </summary>
    /// <returns>The number of people taking part.</returns>
    [Function(Prepare)]
    public async Task<int> PrepareAsync([ActivityTrigger] ReallocationStart input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await store.Reallocations.TryAddAsync(new ReallocationRecord { Id = input.ReallocationId, OwnerId = input.OwnerId, AsOf = input.AsOf, StartedAt = input.StartedAt }, cancellationToken).ConfigureAwait(false);
        var schools = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => input.SchoolIds is not { } only || only.Contains(s.Id, StringComparer.Ordinal))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        var staff = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.SchoolId is { } school && schools.ContainsKey(school) && s.Section is not null && s.Subject is not null)
            .ToList();
        // Computed here once, from the sheet: the points step computes again only after an upheld objection.
        var formula = PointsFormula.Default;
        var sheet = await sheets.SheetOfAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false);
        var points = StaffPoints.Rank(formula, staff.Select(s => StaffPointsActivities.InputOf(s, sheet.GetValueOrDefault(s.Id))), input.AsOf).ToDictionary(p => p.StaffId, StringComparer.Ordinal);
        var rota = input.SupportRota.ToHashSet(StringComparer.Ordinal);
        // Several adds at a time (one row per person, so no batch transaction): the county's 8,950 one after another
        // took minutes. An add finding the row there (a retried Prepare) keeps it as it is: an add overwrites nothing, so
        // another writer of the row needs no version check here.
        await Parallel.ForEachAsync(staff, new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken }, async (member, token) =>
        {
            var participant = Participant.From(member, points[member.Id], input.AsOf, onSupportRota: rota.Contains(member.Id));
            await store.People.TryAddAsync(new PersonRecord { ReallocationId = input.ReallocationId, Participant = participant, PrincipalId = schools[member.SchoolId!].PrincipalId, Breakdown = points[member.Id] }, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        while (await store.Reallocations.GetAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false) is { } read && read.Record.FormulaVersion != formula.Version)
        {
            if (await store.Reallocations.TryReplaceAsync(read.Record with { FormulaVersion = formula.Version }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        return staff.Count;
    }

    /// <summary>Who gets a step's tasks: schools for posts, the people concerned otherwise; sorted, so batches are the same on replay.</summary>
    [Function(Keys)]
    public async Task<IReadOnlyList<string>> KeysAsync([ActivityTrigger] KeysInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (state, people) = await store.StateAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false);
        var notPlaced = people.Where(p => p.Placement is null && p.Unplaced is null).ToList();
        var rural = state.Posts.Where(p => p.RuralOrWeak).Select(p => p.SchoolId).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> keys = input.Step switch
        {
            Steps.Posts => people.Select(p => p.Participant.SchoolId).Distinct(StringComparer.Ordinal),
            Steps.InSchoolRanking or Steps.SchoolRanking => RankingSchools(input.Step, state, people),
            Steps.Direct => notPlaced.Where(p => p.PrincipalId is not null && DirectAppointmentCriteria.Default.Qualifies(p.Participant) is not null).Select(p => p.Participant.StaffId),
            Steps.Volunteer => notPlaced.Where(p => !rural.Contains(p.Participant.SchoolId)).Select(p => p.Participant.StaffId),
            Steps.Ranked => people.Where(p => p.Unplaced is null && (p.Placement is null || p.Placement.Round == Round.InSchoolCompetition)).Select(p => p.Participant.StaffId),
            Steps.Unplaced => people.Where(p => p.Unplaced is not null && p.BureauDecision is null).Select(p => p.Participant.StaffId),
            _ => throw new ArgumentException($"Unknown step '{input.Step}'.", nameof(input)),
        };
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The task requests of one batch, with the facts and (for posts and ranked lists) the fields the task carries.</summary>
    [Function(BuildTasks)]
    public async Task<IReadOnlyList<KeyedRequest>> BuildTasksAsync([ActivityTrigger] BuildInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string id = input.Start.ReallocationId;
        // Only what the batch needs (its people; the posts for ranked lists), not the whole county once per batch. Steps
        // keyed by school (posts, the schools' rankings) are few batches and need the whole county's state.
        var state = CountyState.Start([], []);
        List<PersonRecord> people;
        if (input.Step is Steps.InSchoolRanking or Steps.SchoolRanking)
        {
            (state, people) = await store.StateAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            people = input.Step == Steps.Posts
                ? await store.PeopleOfAsync(id, cancellationToken).ConfigureAwait(false)
                : await store.PeopleAsync(id, input.Keys, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<SchoolPost> posts = input.Step == Steps.Ranked
            ? [.. (await store.PostsOfAsync(id, cancellationToken).ConfigureAwait(false)).OrderBy(p => p.SchoolId, StringComparer.Ordinal).SelectMany(p => p.Posts)]
            : [];
        var byStaff = people.ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        // Schools, sections and subjects by their names on what staff read, not by their codes.
        var schoolNames = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        string SchoolName(string schoolId) => schoolNames.GetValueOrDefault(schoolId, schoolId);
        // The people by their names in the subjects, read in bulk: the batch's ids are a run of the sorted keys, so one
        // query over the directory's ids from the first to the last reads them all, and a window's batches together read
        // each directory row at most once (a read per person took a request each). Steps keyed by school need none.
        var personNames = input.Step is Steps.Posts or Steps.InSchoolRanking or Steps.SchoolRanking || input.Keys.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await directory.Staff.RangeAsync(input.Keys.Min(StringComparer.Ordinal)!, input.Keys.Max(StringComparer.Ordinal)!, cancellationToken).ConfigureAwait(false))
                .Where(s => byStaff.ContainsKey(s.Id))
                .ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var requests = new List<KeyedRequest>();
        foreach (string key in input.Keys)
        {
            var facts = new List<KeyValuePair<string, string>> { new("县管校聘 Reallocation", ReallocationNames.TitleOf(input.Start).Zh) };
            if (input.Note is { Length: > 0 } note)
            {
                facts.Add(new("教育局意见 Bureau's note", note));
            }

            StaffTaskRequest request;
            switch (input.Step)
            {
                case Steps.Posts:
                {
                    var school = await directory.Schools.GetAsync(key, cancellationToken).ConfigureAwait(false);
                    string? principal = school?.PrincipalId;
                    if (principal is null)
                    {
                        continue;
                    }

                    var current = people.Where(p => p.Participant.SchoolId == key).GroupBy(p => (p.Participant.Section, p.Participant.Subject)).OrderBy(g => g.Key.Section, StringComparer.Ordinal).ThenBy(g => g.Key.Subject, StringComparer.Ordinal);
                    facts.Add(new("学校 School", $"{school!.Name}（{key}）"));
                    request = new StaffTaskRequest(StaffReallocationTasks.PublishPosts.Name, principal, $"{ReallocationNames.TitleOf(input.Start).Zh} · {school.Name} · 岗位发布", input.Due)
                    {
                        TaskId = Invariant($"{StaffReallocationTasks.PublishPosts.Name}-{id}-{key}-{input.Attempt}"),
                        Fields =
                        [
                            .. current.Select(g => new TaskField(PostField(g.Key.Section, g.Key.Subject), new LocalizedText(Invariant($"{SectionSubject(g.Key.Section, g.Key.Subject)}（现有 {g.Count()} 人）"), Invariant($"{g.Key.Section} {g.Key.Subject} ({g.Count()} now)")), TaskFieldType.Number) { Min = 0, Max = 500 }),
                            .. StaffReallocationTasks.PublishPosts.Fields,
                        ],
                    };
                    break;
                }

                case Steps.InSchoolRanking or Steps.SchoolRanking:
                {
                    var school = await directory.Schools.GetAsync(key, cancellationToken).ConfigureAwait(false);
                    var applicants = Applicants(input.Step, key, state, people);
                    if (school?.PrincipalId is not { } principal || applicants.Count == 0)
                    {
                        continue;
                    }

                    bool inSchool = input.Step == Steps.InSchoolRanking;
                    var seats = state.SeatsLeft();
                    facts.Add(new("学校 School", $"{school.Name}（{key}）"));
                    facts.Add(new("轮次 Round", StaffReallocationMails.RoundName(inSchool ? Round.InSchoolCompetition : Round.CrossSchoolCompetition, false)));
                    facts.AddRange(state.Posts.Where(p => p.SchoolId == key && p.Open && seats.GetValueOrDefault(p.Id) > 0)
                        .Select(p => new KeyValuePair<string, string>("空余岗位 Free seats", Invariant($"{SectionSubject(p.Section, p.Subject)}：{seats[p.Id]}"))));
                    request = new StaffTaskRequest(StaffReallocationTasks.SchoolRanking.Name, principal, $"{ReallocationNames.TitleOf(input.Start).Zh} · {school.Name} · {(inSchool ? "校内竞聘排序" : "跨校竞聘排序")}", input.Due)
                    {
                        TaskId = $"{StaffReallocationTasks.SchoolRanking.Name}-{id}-{input.Step}-{key}",
                        Fields =
                        [
                            StaffReallocationTasks.SchoolRanking.Fields[0] with
                            {
                                MaxItems = applicants.Count,
                                // Short labels: a large school's list must fit the task's row (see RecordSize).
                                Options = [.. applicants.Select(a => new TaskFieldOption(a.StaffId, new LocalizedText(
                                    Invariant($"{a.StaffId} {DirectoryVocabulary.SubjectName(a.Subject)} 积分{a.Points} 第{a.PointsRank}名"),
                                    Invariant($"{a.StaffId} {a.Subject} points {a.Points} rank {a.PointsRank}"))))],
                            },
                        ],
                    };
                    break;
                }

                case Steps.Unplaced:
                {
                    var person = byStaff[key];
                    var who = person.Participant;
                    facts.Add(new("教职工 Staff", ReallocationNames.PersonFact(key, personNames.GetValueOrDefault(key))));
                    facts.Add(new("原学校 From", SchoolName(who.SchoolId)));
                    facts.Add(new("原岗位 Own post", PlacementWords.PostName(who.OwnPostId, SchoolName)));
                    // The reasons in the bureau's words (as the office page words them), not the rule's English lines.
                    facts.AddRange(PlacementWords.UnplacedReasons(person.Unplaced!, postId => PlacementWords.PostName(postId, SchoolName))
                        .Select(r => new KeyValuePair<string, string>("落聘原因 Reason", r ?? OtherReason)));
                    request = new StaffTaskRequest(StaffReallocationTasks.UnplacedCase.Name, input.Start.OwnerId, $"{ReallocationNames.TitleOf(input.Start).Zh} · 落聘处理 · {ReallocationNames.PersonName(personNames.GetValueOrDefault(key))}", input.Due)
                    {
                        TaskId = $"{StaffReallocationTasks.UnplacedCase.Name}-{id}-{key}",
                    };
                    break;
                }

                default:
                {
                    var person = byStaff[key];
                    var who = person.Participant;
                    facts.Add(new("教职工 Staff", ReallocationNames.PersonFact(key, personNames.GetValueOrDefault(key))));
                    facts.Add(new("学校 学段 学科 School, section, subject", $"{SchoolName(who.SchoolId)} {SectionSubject(who.Section, who.Subject)}"));
                    facts.Add(new("积分（名次） Points (rank)", Invariant($"{who.Points}（{who.PointsRank}）")));
                    var (kind, assignee) = input.Step switch
                    {
                        Steps.Direct => (StaffReallocationTasks.ConfirmDirect, person.PrincipalId!),
                        Steps.Volunteer => (StaffReallocationTasks.SupportVolunteer, key),
                        Steps.Ranked => (StaffReallocationTasks.RankedList, key),
                        _ => throw new ArgumentException($"Unknown step '{input.Step}'.", nameof(input)),
                    };
                    if (input.Step == Steps.Direct)
                    {
                        facts.Add(new("依据 Criterion", DirectAppointmentCriteria.Default.Qualifies(who) is { } rule ? $"{StaffReallocationMails.RuleName(rule, false)}（{DirectAppointmentCriteria.Default.Version} 版条件）" : "—"));
                    }

                    request = new StaffTaskRequest(kind.Name, assignee, $"{ReallocationNames.TitleOf(input.Start).Zh} · {kind.Title.Zh} · {ReallocationNames.PersonName(personNames.GetValueOrDefault(key))}", input.Due)
                    {
                        TaskId = $"{kind.Name}-{id}-{key}",
                        Fields = input.Step == Steps.Ranked ? [OpenPostsField(who, posts, SchoolName)] : null,
                    };
                    if (input.Step == Steps.Ranked && person.Placement is { } held)
                    {
                        facts.Add(new("已有校内岗位 In-school option held", PlacementWords.PostName(held.PostId, SchoolName)));
                    }

                    break;
                }
            }

            requests.Add(new KeyedRequest(key, request with { OwnerId = input.Start.OwnerId, RemindBefore = [TimeSpan.FromDays(1)], Context = facts }));
        }

        return requests;
    }

    /// <summary>A task request and the key (school or staff id) it was made for.</summary>
    /// <param name="Key">The school or staff id.</param>
    /// <param name="Request">The request.</param>
    public sealed record KeyedRequest(string Key, StaffTaskRequest Request);

    /// <summary>Stores a batch's answers where the rounds read them; an unanswered task leaves the default the README states.</summary>
    [Function(RecordAnswers)]
    public async Task<bool> RecordAnswersAsync([ActivityTrigger] RecordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string id = input.ReallocationId;
        if (input.Step == Steps.Posts)
        {
            var people = await store.PeopleOfAsync(id, cancellationToken).ConfigureAwait(false);
            foreach (var answer in input.Answers)
            {
                var school = await directory.Schools.GetAsync(answer.Key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"School '{answer.Key}' is not in the directory.");
                var values = answer.Outcome.Receipt?.Values;
                var posts = people.Where(p => p.Participant.SchoolId == answer.Key)
                    .GroupBy(p => (p.Participant.Section, p.Participant.Subject))
                    .OrderBy(g => g.Key.Section, StringComparer.Ordinal).ThenBy(g => g.Key.Subject, StringComparer.Ordinal)
                    .Select(g => SchoolPost.For(school, g.Key.Section, g.Key.Subject, values?.GetValueOrDefault(PostField(g.Key.Section, g.Key.Subject)) is { } given ? (int)decimal.Parse(given, CultureInfo.InvariantCulture) : g.Count()))
                    .ToList();
                await store.Posts.PutAsync(new SchoolPostsRecord(id, answer.Key, posts, answer.Outcome.Receipt?.SubmittedBy ?? "nobody", answer.Outcome.Receipt?.SubmittedAt ?? input.At), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        if (input.Step is Steps.InSchoolRanking or Steps.SchoolRanking)
        {
            // The schools' rankings are rows of their own, not the people's: no one but this batch writes them.
            var (state, all) = await store.StateAsync(id, cancellationToken).ConfigureAwait(false);
            await store.Rankings.PutAllAsync(input.Answers.Select(answer => RankingOf(id, input.Step, answer, Applicants(input.Step, answer.Key, state, all), input.At)), WriteConcurrency, cancellationToken).ConfigureAwait(false);
            return true;
        }

        // Only the batch's people are written (the window's batches write distinct people), but the office may correct
        // one of them, or another try of this batch write them, meanwhile: each over the version read, the answers
        // applied again to a row changed since.
        await store.People.ChangeAllAsync(id, $"recording the {input.Step} answers", async (read, token) =>
        {
            var versions = read.ToDictionary(p => p.Record.Participant.StaffId, p => p.ETag, StringComparer.Ordinal);
            var (state, all) = await store.StateOfAsync(id, read.Select(p => p.Record), token).ConfigureAwait(false);
            var byStaff = all.ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
            var postsById = state.Posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var writes = new List<Versioned<PersonRecord>>();
            foreach (var answer in input.Answers)
            {
                var person = byStaff[answer.Key];
                var receipt = answer.Outcome.Receipt;
                string by = receipt?.SubmittedBy ?? "nobody";
                var at = receipt?.SubmittedAt ?? input.At;
                string? decision = receipt?.Values.GetValueOrDefault("decision");
                PersonRecord changed = input.Step switch
                {
                    Steps.Direct => Traced(person with { PrincipalConfirmed = decision == "confirm" }, new(at, by, Steps.Direct, decision == "confirm" ? "principal confirmed the direct appointment" : receipt is null ? "principal did not answer: not confirmed" : "principal declined the direct appointment")),
                    Steps.Volunteer => Traced(person with { Participant = person.Participant with { SupportVolunteer = decision == "volunteer" } }, new(at, by, Steps.Volunteer, decision == "volunteer" ? "volunteered for support teaching" : "did not volunteer")),
                    Steps.Ranked => RankedListOf(person, receipt, postsById, at),
                    Steps.Unplaced => await BureauDecidedAsync(id, person, receipt, state, at, token).ConfigureAwait(false),
                    _ => throw new ArgumentException($"Unknown step '{input.Step}'.", nameof(input)),
                };
                // The next case of this batch, or of another, sees a seat the bureau gave by its claim.
                writes.Add(new(changed, versions[answer.Key]));
            }

            return new PeopleTable.ChangePass(writes);
        }, BeforeWrite, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The county's posts for the bureau's approval task: per school and in total, against the people taking part.</summary>
    [Function(PostsSummary)]
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> PostsSummaryAsync([ActivityTrigger] string reallocationId, CancellationToken cancellationToken)
    {
        var (state, people) = await store.StateAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        var lines = new List<KeyValuePair<string, string>>
        {
            new("全县岗位总数 County seats", Invariant($"{state.Posts.Sum(p => p.Count)}")),
            new("参加人数 People taking part", Invariant($"{people.Count}")),
        };
        lines.AddRange(state.Posts.GroupBy(p => p.SchoolId, StringComparer.Ordinal).Select(g => new KeyValuePair<string, string>(g.Key, string.Join("；", g.Select(p => Invariant($"{p.Section} {p.Subject} {p.Count}"))))));
        return lines;
    }

    /// <summary>Applies a round's rule over the stored state and stores what changed; returns whose result changed.</summary>
    [Function(ApplyRound)]
    public async Task<IReadOnlyList<string>> ApplyRoundAsync([ActivityTrigger] ApplyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The round reads the whole county and writes whom it changed, each over the version read: a row the office
        // corrected meanwhile (or another try of this call wrote) is read again with everyone, and the round computed
        // again on what is stored then.
        IReadOnlyList<string> told = [];
        await store.People.ChangeAllAsync(input.ReallocationId, $"the {input.Round} round", async (read, token) =>
        {
            var versions = read.ToDictionary(p => p.Record.Participant.StaffId, p => p.ETag, StringComparer.Ordinal);
            var (state, people) = await store.StateOfAsync(input.ReallocationId, read.Select(p => p.Record), token).ConfigureAwait(false);
            var before = people.ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
            // The round runs on the county as it stood before it, with the round's own decisions undone (a cross-school
            // placement gives back the in-school option it replaced): after an upheld appeal (Redo), and on every other
            // pass too, since a pass stopped by one changed row has written the others, and an earlier try of this call
            // may have written some. The same county gives the same results, details included, whatever was written.
            var undone = people.Select(p => p.Placement?.Round == input.Round ? (p.HeldOption ?? null) : p.Placement).OfType<Placement>().ToList();
            state = state with { Placements = undone, Unplaced = [] };

            var rankedLists = people.Where(p => p.RankedList.Count > 0).ToDictionary(p => p.Participant.StaffId, p => p.RankedList, StringComparer.Ordinal);
            var noRankings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var ranked = (input.Round is Round.InSchoolCompetition or Round.CrossSchoolCompetition
                ? await store.RankingsOfAsync(input.ReallocationId, input.Round, token).ConfigureAwait(false)
                : []).ToDictionary(r => r.SchoolId, StringComparer.Ordinal);
            var rankings = ranked.Values.Where(r => !r.ByPoints).ToDictionary(r => r.SchoolId, r => r.Ranking, StringComparer.Ordinal);
            var after = input.Round switch
            {
                Round.DirectAppointment => DirectAppointmentRound.Run(state, DirectAppointmentCriteria.Default, people.Where(p => p.PrincipalConfirmed == true).Select(p => p.Participant.StaffId).ToHashSet(StringComparer.Ordinal)),
                Round.SupportTeaching => SupportTeachingRound.Run(state),
                Round.InSchoolCompetition => InSchoolCompetitionRound.Run(state, rankings),
                Round.CrossSchoolCompetition => CrossSchoolCompetitionRound.Run(state, rankedLists, rankings),
                _ => throw new ArgumentException($"Round {input.Round} has no rule to apply.", nameof(input)),
            };
            var placed = after.Placements.ToDictionary(p => p.StaffId, StringComparer.Ordinal);
            var unplaced = after.Unplaced.ToDictionary(u => u.StaffId, StringComparer.Ordinal);
            var changed = new List<string>();
            var writes = new List<Versioned<PersonRecord>>();
            foreach (var person in people)
            {
                string staffId = person.Participant.StaffId;
                var placement = placed.GetValueOrDefault(staffId);
                var unplacedCase = input.Round == Round.CrossSchoolCompetition ? unplaced.GetValueOrDefault(staffId) : person.Unplaced;
                if (placement == person.Placement && SameCase(unplacedCase, person.Unplaced))
                {
                    // Written by an earlier try of this same call (stopped part-way, then retried): told like the others.
                    if (person.Trace.Any(t => t.At == input.At && t.By == "rule" && t.Step == input.Round.ToString()))
                    {
                        changed.Add(staffId);
                    }

                    continue;
                }

                var held = placement?.Round == Round.CrossSchoolCompetition && before[staffId].Placement is { Round: Round.InSchoolCompetition } option ? option : person.HeldOption;
                string what = placement is not null
                    ? Invariant($"{placement.Round}: {placement.PostId} under {placement.Rule} ({placement.Detail})") + RankedBy(placement, input.Round, ranked)
                    : unplacedCase is not null ? "unplaced: " + string.Join("; ", unplacedCase.Reasons) : Invariant($"{input.Round}: earlier result undone after an appeal");
                writes.Add(new(Traced(person with { Placement = placement, Unplaced = unplacedCase, HeldOption = held }, new(input.At, "rule", input.Round.ToString(), what)), versions[staffId]));
                changed.Add(staffId);
            }

            // The in-school round changes nearly all 8,950 rows: written as transactions of 100 rows, a few at a time.
            told = changed;
            return new PeopleTable.ChangePass(writes);
        }, BeforeWrite, cancellationToken).ConfigureAwait(false);
        return told;
    }

    /// <summary>Stores the bureau's decision on an appeal (on the person's trace and the appeal's record) and, upheld, changes what the round reads about the appellant.</summary>
    /// <returns>Whether the appeal was upheld (the round is then run again).</returns>
    [Function(ApplyAppeal)]
    public async Task<bool> ApplyAppealAsync([ActivityTrigger] AppealInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var receipt = input.Review.Receipt;
        bool upheld = receipt?.Values.GetValueOrDefault("decision") == "uphold";
        string note = receipt?.Values.GetValueOrDefault("note") ?? string.Empty;
        var entry = new TraceEntry(receipt?.SubmittedAt ?? input.At, receipt?.SubmittedBy ?? "nobody", "appeal", Invariant($"{input.Round} appeal ({input.Appeal.Reason}): {(upheld ? "upheld" : receipt is null ? "not decided in time: rejected" : "rejected")} {note}").Trim());
        decimal correction = upheld && receipt!.Values.GetValueOrDefault("pointsCorrection") is { } c ? decimal.Parse(c, CultureInfo.InvariantCulture) : 0;
        while (true)
        {
            var read = await store.People.GetAsync(PersonRecord.IdOf(input.ReallocationId, input.Appeal.StaffId), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{input.Appeal.StaffId} is not in {input.ReallocationId}.");
            var person = read.Record;
            // The decision's trace line marks it as applied: an activity run again (after a crash once the row was
            // written) must not add the points correction a second time. Written with the points, guarded by the ETag.
            if (person.Trace.Contains(entry))
            {
                break;
            }

            if (upheld)
            {
                person = input.Round switch
                {
                    Round.DirectAppointment => person with { PrincipalConfirmed = true },
                    Round.SupportTeaching => person with { Participant = person.Participant with { SupportVolunteer = false, OnSupportRota = false } },
                    _ => person,
                };
                person = person with { Participant = person.Participant with { Points = person.Participant.Points + correction } };
            }

            if (await store.People.TryReplaceAsync(Traced(person, entry), read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        int? number = input.Number ?? AppealRecord.NumberOfReviewTask(input.ReallocationId, input.Round, input.Appeal.StaffId, input.Review.TaskId);
        var appeal = new AppealRecord
        {
            ReallocationId = input.ReallocationId,
            Round = input.Round,
            Number = number ?? 0,
            StaffId = input.Appeal.StaffId,
            Reason = input.Appeal.Reason,
            LodgedBy = input.Appeal.LodgedBy,
            ReviewTaskId = number is { } n ? AppealRecord.AppealTaskId(input.ReallocationId, input.Round, input.Appeal.StaffId, n) : input.Review.TaskId,
            Intake = input.Kept ? AppealIntake.TakenIn : null,
        };
        await store.DecideAsync(AppealRecord.Decided(appeal, input.Review, input.At), numbered: number is not null, cancellationToken).ConfigureAwait(false);
        if (upheld && receipt!.Values.ContainsKey("pointsCorrection"))
        {
            await ReRankAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false);
        }

        return upheld;
    }

    /// <summary>Writes each person's result mail (the post, the round and the rule that decided, or the reasons and the bureau's decision); returns the outbox ids.</summary>
    [Function(WriteResults)]
    public async Task<IReadOnlyList<string>> WriteResultsAsync([ActivityTrigger] ResultsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ids = new List<string>();
        // Schools by name in the mail, not by id.
        var schoolNames = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        foreach (string staffId in input.StaffIds)
        {
            if (await store.People.GetAsync(PersonRecord.IdOf(input.ReallocationId, staffId), cancellationToken).ConfigureAwait(false) is not { } read)
            {
                continue;
            }

            string? written = await notices.WriteAsync(
                $"{input.ReallocationId}.{input.Tag}.{staffId}",
                "staff-reallocation-result",
                staffId,
                to => StaffReallocationMails.Result(input.ReallocationId, read.Record, to, mail.DefaultCulture, appealLinks.For(input.ReallocationId, staffId), id => schoolNames.GetValueOrDefault(id, id)),
                cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                ids.Add(written);
            }
        }

        return ids;
    }

    /// <summary>Moves the reallocation to a stage (appeals are taken only in an appeal window), keeping a bureau decision if given.</summary>
    [Function(SetStage)]
    public async Task<bool> SetStageAsync([ActivityTrigger] StageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var read = await store.Reallocations.GetAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Reallocation '{input.ReallocationId}' does not exist.");
            var trace = input.Trace is { } t && !read.Record.Trace.Contains(t) ? [.. read.Record.Trace, t] : read.Record.Trace;
            if (await store.Reallocations.TryReplaceAsync(read.Record with { Stage = input.Stage, Trace = trace, AppealsKept = input.KeepsAppeals }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }

    /// <summary>An unplaced case's reason in a form no rule writes: the task says where to read it rather than show the line.</summary>
    public const string OtherReason = "其他原因（见该人员的记录）";

    /// <summary>The field name of a post's seat count on the principal's form.</summary>
    public static string PostField(string section, string subject) => $"{section}-{subject}";

    // The posts the Rules would accept on this person's list: known, open, of their subject.
    private static TaskField OpenPostsField(Participant who, IReadOnlyList<SchoolPost> posts, Func<string, string> school)
    {
        var byId = posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var open = posts.Where(p => RankedListValidation.Validate(who, [p.Id], byId).Count == 0).OrderBy(p => p.Id, StringComparer.Ordinal);
        return StaffReallocationTasks.RankedList.Fields[0] with
        {
            Options = [.. open.Select(p => new TaskFieldOption(p.Id, new LocalizedText(Invariant($"{school(p.SchoolId)} {SectionSubject(p.Section, p.Subject)}（{p.Count} 个岗位）"), Invariant($"{p.SchoolId} {p.Section} {p.Subject} ({p.Count} seats)"))))],
        };
    }

    // Which ranking ordered the person at the post's school this round: the principal's (who, when) or the points fallback.
    private static string RankedBy(Placement placement, Round round, Dictionary<string, SchoolRankingRecord> ranked) =>
        placement.Round == round && ranked.GetValueOrDefault(placement.SchoolId) is { } r
            ? Invariant($"; {r.SchoolId} ranking by {r.RankedBy} at {r.RankedAt:O}: {r.What}")
            : string.Empty;

    // A section and subject as staff read them ("初中数学").
    private static string SectionSubject(string section, string subject) => DirectoryVocabulary.SectionName(section) + DirectoryVocabulary.SubjectName(subject);

    // The schools that rank in a step: those with applicants (and, in-school, free seats for them).
    private static IEnumerable<string> RankingSchools(string step, CountyState state, IReadOnlyList<PersonRecord> people) =>
        state.Posts.Select(p => p.SchoolId).Distinct(StringComparer.Ordinal).Where(school => Applicants(step, school, state, people).Count > 0);

    // Whom a school ranks, in points order. In-school: its own unplaced staff whose own post is open with a free seat.
    // Cross-school: everyone in the round whose stored ranked list names one of its posts.
    private static List<Participant> Applicants(string step, string schoolId, CountyState state, IReadOnlyList<PersonRecord> people)
    {
        if (step == Steps.InSchoolRanking)
        {
            var seats = state.SeatsLeft();
            var open = state.Posts.Where(p => p.SchoolId == schoolId && p.Open && seats.GetValueOrDefault(p.Id) > 0).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            return [.. state.NotPlaced().Where(p => p.SchoolId == schoolId && open.Contains(p.OwnPostId)).OrderBy(p => p.PointsRank)];
        }

        var posts = state.Posts.Where(p => p.SchoolId == schoolId).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return [.. people.Where(p => p.Unplaced is null && (p.Placement is null || p.Placement.Round == Round.InSchoolCompetition) && p.RankedList.Any(posts.Contains))
            .Select(p => p.Participant).OrderBy(p => p.PointsRank)];
    }

    // The principal's ranking, kept to the people the task listed (the form refuses anyone else and repeats; checked
    // again here in case someone was placed since); unanswered, the school goes by points, and that is what is recorded.
    private static SchoolRankingRecord RankingOf(string reallocationId, string step, Answer answer, List<Participant> applicants, DateTimeOffset at)
    {
        var round = step == Steps.InSchoolRanking ? Round.InSchoolCompetition : Round.CrossSchoolCompetition;
        var receipt = answer.Outcome.Receipt;
        if (receipt?.Values.GetValueOrDefault("ranking") is not { } text)
        {
            return new(reallocationId, round, answer.Key, [], applicants.Count, "nobody", at,
                Invariant($"no ranking by the deadline: the {applicants.Count} applicants go by points"));
        }

        var listed = applicants.Select(a => a.StaffId).ToHashSet(StringComparer.Ordinal);
        var ranking = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(listed.Contains).Distinct(StringComparer.Ordinal).ToList();
        string what = ranking.Count == applicants.Count
            ? Invariant($"ranked all {applicants.Count} applicants")
            : Invariant($"ranked {ranking.Count} of {applicants.Count} applicants; the others after them by points");
        return new(reallocationId, round, answer.Key, ranking, applicants.Count, receipt.SubmittedBy, receipt.SubmittedAt, what);
    }

    // Checked again with the Rules on storing: a post closed since the task opened is dropped and the drop traced.
    private static PersonRecord RankedListOf(PersonRecord person, TaskReceipt? receipt, IReadOnlyDictionary<string, SchoolPost> posts, DateTimeOffset at)
    {
        if (receipt?.Values.GetValueOrDefault("choices") is not { } text)
        {
            return Traced(person, new(at, "nobody", Steps.Ranked, "no ranked list submitted"));
        }

        var list = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var errors = RankedListValidation.Validate(person.Participant, list, posts);
        var bad = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        var kept = list.Where((_, i) => !bad.Contains(Invariant($"choices[{i}]"))).ToList();
        string what = Invariant($"ranked list of {kept.Count}: {string.Join(", ", kept)}") + (errors.Count > 0 ? "; dropped: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")) : string.Empty);
        return Traced(person with { RankedList = kept }, new(receipt.SubmittedAt, receipt.SubmittedBy, Steps.Ranked, what));
    }

    // "assign" to a known open post with a free seat places the person under the bureau's decision (who, when, which rule
    // traced); any other answer, or a post that cannot take them, is kept in words and the case stays unplaced. The seat
    // is claimed first (SeatClaim): the cases' batches are recorded side by side, each reading the rows as they stood.
    private async Task<PersonRecord> BureauDecidedAsync(string reallocationId, PersonRecord person, TaskReceipt? receipt, CountyState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (person.Placement is { Rule: PlacementRule.BureauDecision })
        {
            return person;
        }

        string what = Decided(receipt);
        string? postId = receipt?.Values.GetValueOrDefault("decision") == "assign" ? receipt.Values.GetValueOrDefault("postId")?.Trim() : null;
        if (receipt is null || postId is null)
        {
            return Traced(person with { BureauDecision = what }, new(receipt?.SubmittedAt ?? at, receipt?.SubmittedBy ?? "nobody", Steps.Unplaced, what));
        }

        var post = state.Posts.FirstOrDefault(p => p.Id == postId);
        if (post is not { Open: true } || !await store.ClaimSeatAsync(reallocationId, post, state, person.Participant.StaffId, receipt.SubmittedAt, cancellationToken).ConfigureAwait(false))
        {
            what = Invariant($"{what} — not placed: post '{postId}' is {(post is null ? "unknown" : "closed or full")}");
            return Traced(person with { BureauDecision = what }, new(receipt.SubmittedAt, receipt.SubmittedBy, Steps.Unplaced, what));
        }

        var placement = CountyState.Place(person.Participant, post, Round.Unplaced, PlacementRule.BureauDecision, receipt.Values.GetValueOrDefault("note") ?? what);
        return Traced(
            person with { BureauDecision = what, Placement = placement },
            new(receipt.SubmittedAt, receipt.SubmittedBy, Steps.Unplaced, Invariant($"{Round.Unplaced}: {placement.PostId} under {placement.Rule} ({what})")));
    }

    private static string Decided(TaskReceipt? receipt) => receipt is null
        ? "the bureau did not decide in time: the case stays open"
        : receipt.Values.GetValueOrDefault("decision") == "assign"
            ? $"assigned to {receipt.Values.GetValueOrDefault("postId") ?? "(no post given)"}: {receipt.Values.GetValueOrDefault("note")}"
            : $"other arrangement: {receipt.Values.GetValueOrDefault("note")}";

    // Everyone whose rank the new points move, each over the version read (the office may correct someone meanwhile).
    private Task<IReadOnlySet<string>> ReRankAsync(string reallocationId, CancellationToken cancellationToken) =>
        store.People.ChangeAllAsync(reallocationId, "the re-ranking", (people, _) => Task.FromResult(new PeopleTable.ChangePass(
            [.. people.OrderByDescending(p => p.Record.Participant.Points).ThenBy(p => p.Record.Participant.PointsRank)
                .Select((read, i) => read.Record.Participant.PointsRank == i + 1 ? null : read with { Record = read.Record with { Participant = read.Record.Participant with { PointsRank = i + 1 } } })
                .OfType<Versioned<PersonRecord>>()])), BeforeWrite, cancellationToken);

    private Func<CancellationToken, Task>? BeforeWrite => beforeWrite is null ? null : beforeWrite.Invoke;

    private static bool SameCase(UnplacedCase? a, UnplacedCase? b) =>
        a is null || b is null ? a is null && b is null : a.StaffId == b.StaffId && a.Reasons.SequenceEqual(b.Reasons, StringComparer.Ordinal);

    private static PersonRecord Traced(PersonRecord person, TraceEntry entry) =>
        person.Trace.Contains(entry) ? person : person with { Trace = [.. person.Trace, entry] };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
