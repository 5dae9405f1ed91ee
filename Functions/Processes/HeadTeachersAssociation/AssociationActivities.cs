using EduFlows.Notifications;
using EduFlows.Scoring;
using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>The association's activities; each is safe to run twice (fixed mail ids, guarded or whole-record writes).</summary>
public sealed class AssociationActivities(AssociationStore store, StaffNotices notices, BallotLinks ballots, TaskLinks links, AssociationOptions options, BureauClock clock)
{
    /// <summary>Activity names.</summary>
    public const string Decide = "HtaDecideApplication", OpenBallot = "HtaOpenBallot", Publish = "HtaPublishResults", CloseSubmissions = "HtaCloseSubmissions", Award = "HtaAward";

    /// <summary>The office's decision on an application (or none: expired).</summary>
    /// <param name="ApplicationId">The application.</param>
    /// <param name="Status">Approved, declined or expired.</param>
    /// <param name="DecidedBy">Who decided; null when it expired.</param>
    /// <param name="Note">The office's note.</param>
    /// <param name="At">The orchestration's time of the decision.</param>
    public sealed record DecideInput(string ApplicationId, ApplicationStatus Status, string? DecidedBy, string? Note, DateTimeOffset At);

    /// <summary>One reviewer's share of the blind review: the cases on their form (their own left out).</summary>
    /// <param name="ReviewerId">The reviewer.</param>
    /// <param name="Cases">The cases, blind.</param>
    public sealed record ReviewAssignment(string ReviewerId, IReadOnlyList<BlindCase> Cases);

    /// <summary>The panel's scores to award on.</summary>
    /// <param name="ContestId">The contest.</param>
    /// <param name="Scores">Reviewer, case code and points.</param>
    /// <param name="At">The orchestration's time.</param>
    public sealed record AwardInput(string ContestId, IReadOnlyList<JudgeScore> Scores, DateTimeOffset At);

    /// <summary>Records the decision, adds an approved applicant to the members, and writes the applicant's mail; returns the mail ids.</summary>
    [Function(Decide)]
    public async Task<IReadOnlyList<string>> DecideAsync([ActivityTrigger] DecideInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var read = await store.Applications.GetAsync(input.ApplicationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Application '{input.ApplicationId}' does not exist.");
        var application = read.Record;
        if (application.Status == ApplicationStatus.Pending)
        {
            application = application with { Status = input.Status, DecidedBy = input.DecidedBy, DecidedAt = input.At, Note = input.Note };
            await store.Applications.PutAsync(application, cancellationToken).ConfigureAwait(false);
        }

        if (application.Status == ApplicationStatus.Approved)
        {
            await store.Members.TryAddAsync(new AssociationMember(application.StaffId, application.Name, application.SchoolName, application.DecidedAt ?? input.At, application.Id), cancellationToken).ConfigureAwait(false);
        }

        string? id = await notices.WriteAsync(
            $"hta-application-{application.Id}",
            "hta-application",
            application.StaffId,
            to => AssociationMails.ApplicationDecided(application, to.Name, clock),
            cancellationToken).ConfigureAwait(false);
        return id is null ? [] : [id];
    }

    /// <summary>
    /// Closes nominations, freezes the candidates, and writes every member's ballot mail; returns the mail ids. With
    /// nobody nominated no ballot goes out: the election ends as <see cref="ElectionStatus.NoCandidates"/> and the
    /// office is mailed instead (<see cref="NoCandidatesMailOf"/>, the only id returned then).
    /// </summary>
    [Function(OpenBallot)]
    public async Task<IReadOnlyList<string>> OpenBallotAsync([ActivityTrigger] string electionId, CancellationToken cancellationToken)
    {
        var members = await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        Election election;
        while (true)
        {
            var read = await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Election '{electionId}' does not exist.");
            election = read.Record;
            if (election.Status != ElectionStatus.Nominating)
            {
                break;
            }

            // A nomination racing the close loses on the ETag and is then refused as late.
            election = election.Nominations.Count == 0
                ? election with { Status = ElectionStatus.NoCandidates }
                : election with { Status = ElectionStatus.Voting, BallotsIssued = members.Count };
            if (await store.Elections.TryReplaceAsync(election, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        if (election.Status == ElectionStatus.NoCandidates)
        {
            var page = links.To("office/head-teachers/elections/" + Uri.EscapeDataString(election.Id));
            string? notice = await notices.WriteAsync(
                NoCandidatesMailOf(election.Id),
                "hta-no-candidates",
                options.OfficeId,
                to => AssociationMails.NoCandidates(election, members.Count, to.Name, page, clock),
                cancellationToken).ConfigureAwait(false);
            return notice is null ? [] : [notice];
        }

        var ids = new List<string>();
        foreach (var member in members.OrderBy(m => m.StaffId, StringComparer.Ordinal))
        {
            var link = ballots.For(election.Id, member.StaffId, election.BallotCloses);
            string? id = await notices.WriteAsync(
                $"hta-ballot-{election.Id}-{member.StaffId}",
                "hta-ballot",
                member.StaffId,
                to => AssociationMails.Ballot(election, to.Name, link, clock),
                cancellationToken).ConfigureAwait(false);
            if (id is not null)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The outbox id of the office's mail that an election closed its nominations with nobody nominated.</summary>
    public static string NoCandidatesMailOf(string electionId) => $"hta-no-candidates-{electionId}";

    /// <summary>
    /// Closes the ballot (<see cref="ElectionStatus.Counting"/>), moves the last held ballots into the box, counts the box
    /// and publishes the results; returns the count (the stored one when already published, none when there were no candidates).
    /// </summary>
    /// <remarks>
    /// The roll is closed (<see cref="AssociationStore.CloseRollAsync"/>) before the last move reads it, so every vote
    /// ticked in time is in that move and a later one cannot be ticked at all (<see cref="VoterMark"/>).
    /// </remarks>
    [Function(Publish)]
    public async Task<IReadOnlyList<CandidateTally>> PublishAsync([ActivityTrigger] string electionId, CancellationToken cancellationToken)
    {
        Election election;
        while (true)
        {
            var read = await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Election '{electionId}' does not exist.");
            election = read.Record;
            if (election.Status is ElectionStatus.Published or ElectionStatus.NoCandidates)
            {
                return election.Results;
            }

            // Stored on the election's version; a second run of this activity finds it counting and carries on.
            if (election.Status == ElectionStatus.Counting
                || await store.Elections.TryReplaceAsync(election = election with { Status = ElectionStatus.Counting }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        // A failure from here retries the activity, which finds the election counting and moves again: nothing is counted twice.
        await store.CloseRollAsync(electionId, election.BallotCloses, cancellationToken).ConfigureAwait(false);
        await store.MoveLastAsync(electionId, cancellationToken).ConfigureAwait(false);
        var box = await store.BoxedAsync(electionId, cancellationToken).ConfigureAwait(false);
        var results = ElectionCount.Count(election.Nominations, box, election.Seats);
        var published = election with { Status = ElectionStatus.Published, Results = results, BallotsCast = box.Count, PublishedAt = election.BallotCloses };
        await store.Elections.PutAsync(published, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Closes submissions and returns each reviewer's blind share of the cases.</summary>
    [Function(CloseSubmissions)]
    public async Task<IReadOnlyList<ReviewAssignment>> CloseSubmissionsAsync([ActivityTrigger] string contestId, CancellationToken cancellationToken)
    {
        CaseContest contest;
        while (true)
        {
            var read = await store.Contests.GetAsync(contestId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Contest '{contestId}' does not exist.");
            contest = read.Record;
            if (contest.Status != ContestStatus.Submitting
                || await store.Contests.TryReplaceAsync(contest with { Status = ContestStatus.Reviewing }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                break;
            }
        }

        var entries = await store.EntriesOfAsync(contestId, cancellationToken).ConfigureAwait(false);

        // Nobody scores their own case: it is left off their form, and the rule combines the others' scores for it.
        return [.. contest.ReviewerIds.Select(r => new ReviewAssignment(r, [.. entries.Where(e => e.AuthorId != r).Select(e => e.Blind())]))];
    }

    /// <summary>Combines the panel's scores, ranks the cases and stores the awards, naming the authors for the first time.</summary>
    [Function(Award)]
    public async Task<IReadOnlyList<ContestAward>> AwardAsync([ActivityTrigger] AwardInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var read = await store.Contests.GetAsync(input.ContestId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Contest '{input.ContestId}' does not exist.");
        if (read.Record.Status == ContestStatus.Awarded)
        {
            return read.Record.Results;
        }

        var entries = await store.EntriesOfAsync(input.ContestId, cancellationToken).ConfigureAwait(false);
        var (results, outcome) = ContestRanking.Rank(entries, input.Scores, read.Record);
        await store.Contests.PutAsync(read.Record with { Status = ContestStatus.Awarded, Results = results, RuleApplied = read.Record.Rule.DescribeZh(), Flags = outcome.Flags, AwardedAt = input.At }, cancellationToken).ConfigureAwait(false);
        return results;
    }
}
