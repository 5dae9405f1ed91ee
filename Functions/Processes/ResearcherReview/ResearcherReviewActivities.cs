using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The activities of the researcher review and the frontline rotation, as activity functions (a new instance per
/// call); each is safe to run twice.
/// </summary>
public sealed class ResearcherReviewActivities(
    DirectoryStore directory, ResearcherReviewStore store, StaffNotices notices, BureauClock clock, TimeProvider time)
{
    /// <summary>Activity names (they are the function names, so without dots).</summary>
    public const string Snapshot = "ResearcherReviewSnapshot", Publish = "ResearcherReviewPublish",
        ListRotationCandidates = "ResearcherReviewListRotationCandidates", RecordRotationDecisions = "ResearcherReviewRecordRotationDecisions",
        NotifyScoringClosed = "ResearcherReviewNotifyScoringClosed";

    /// <summary>What the office is told as scoring closes (review version 2 on).</summary>
    /// <param name="ReviewId">The review.</param>
    /// <param name="OfficeId">The office head, who gets the notice.</param>
    /// <param name="Review">The review's name, e.g. "2026年上半年初中学段教研员考核".</param>
    /// <param name="Expected">How many scorings were asked for.</param>
    /// <param name="Unscored">The scorings not submitted by the deadline.</param>
    public sealed record ScoringClosedInput(string ReviewId, string OfficeId, string Review, int Expected, IReadOnlyList<UnscoredPair> Unscored);

    /// <summary>A scoring not submitted: who should have scored whom (names, as the office reads them).</summary>
    /// <param name="Reviewer">The reviewer's name.</param>
    /// <param name="Researcher">The researcher's name.</param>
    public sealed record UnscoredPair(string Reviewer, string Researcher);

    /// <summary>What the snapshot works from: the review's instance id and what started it.</summary>
    /// <param name="ReviewId">The review's instance id; the orchestrator passes it, as an activity function is told nothing but its input.</param>
    /// <param name="Request">What started the review.</param>
    public sealed record SnapshotInput(string ReviewId, ReviewRequest Request);

    /// <summary>The gathered inputs of a review, to score and publish.</summary>
    /// <param name="ReviewId">The review.</param>
    /// <param name="Inputs">Everything gathered.</param>
    /// <param name="Reviewers">The reviewers, for names in the office's mail.</param>
    public sealed record PublishInput(string ReviewId, ReviewInputs Inputs, IReadOnlyList<ReviewedResearcher> Reviewers);

    /// <summary>What publishing produced: the ranking in short and the mails to send.</summary>
    /// <param name="Ranking">Researcher id, rank and total, by rank.</param>
    /// <param name="MailIds">Outbox ids of the result mails.</param>
    public sealed record PublishedReview(IReadOnlyList<RankedResearcher> Ranking, IReadOnlyList<string> MailIds);

    /// <summary>A researcher's place in the ranking.</summary>
    /// <param name="ResearcherId">Staff id.</param>
    /// <param name="Rank">Rank.</param>
    /// <param name="Total">Total points.</param>
    public sealed record RankedResearcher(string ResearcherId, int Rank, decimal Total);

    /// <summary>The candidates of a rotation round and who decides.</summary>
    /// <param name="Candidates">The candidates.</param>
    /// <param name="DeciderId">Who gets the decision task.</param>
    public sealed record RotationList(IReadOnlyList<RotationCandidate> Candidates, string DeciderId);

    /// <summary>Fixes what the review works from: scheme version, researchers, reviewers, office, counted records, served principals.</summary>
    [Function(Snapshot)]
    public async Task<ReviewSnapshot> SnapshotAsync([ActivityTrigger] SnapshotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var period = request.Period;
        var departments = await directory.Departments.AllAsync(cancellationToken).ConfigureAwait(false);

        // A review started again (after a failure) keeps what it started with: scheme version, researchers, reviewers, office.
        var earlier = (await store.Reviews.GetAsync(input.ReviewId, cancellationToken).ConfigureAwait(false))?.Record;
        int? version = earlier?.SchemeVersion ?? request.SchemeVersion;
        var scheme = version is { } v
            ? await store.SchemeAsync(request.Section, v, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Scheme version {v} of section '{request.Section}' does not exist.")
            : await store.CurrentSchemeAsync(request.Section, cancellationToken).ConfigureAwait(false);
        var researchers = earlier?.Researchers.ToList()
            ?? [.. (await directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = "researcher", ["section"] = request.Section }, cancellationToken).ConfigureAwait(false))
                .Select(s => new ReviewedResearcher(s.Id, s.Name))];
        string officeId = earlier?.OfficeId ?? request.OfficeId ?? departments.FirstOrDefault(d => d.TeachingResearchOffice)?.HeadId
            ?? throw new InvalidOperationException("The directory has no head of the teaching-research office; name an officeId.");
        var reviewers = earlier?.Reviewers.ToList() ?? [];
        if (earlier is null)
        {
            foreach (string id in (request.ReviewerIds ?? [.. researchers.Select(r => r.Id), officeId]).Distinct(StringComparer.Ordinal))
            {
                var person = await directory.Staff.GetAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Reviewer '{id}' is not in the directory.");
                reviewers.Add(new ReviewedResearcher(person.Id, person.Name));
            }
        }

        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var served = new Dictionary<string, IReadOnlyList<ServedSchool>>(StringComparer.Ordinal);
        foreach (var researcher in researchers)
        {
            var records = (await store.RecordsOfAsync(researcher.Id, period.Start, period.End, cancellationToken).ConfigureAwait(false)).Where(r => !r.Withdrawn).ToList();
            counts[researcher.Id] = records.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var schools = new List<ServedSchool>();
            // Every school the records name (visits, lessons observed there...) was served; its principal is surveyed.
            foreach (string schoolId in records.Where(r => r.SchoolId is not null).Select(r => r.SchoolId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false) is { PrincipalId: { } principal } school && principal != researcher.Id)
                {
                    schools.Add(new ServedSchool(school.Id, school.Name, principal));
                }
            }

            served[researcher.Id] = schools;
        }

        // The first run records the review; a second run of this activity finds it and changes nothing.
        await store.Reviews.TryAddAsync(
            new ReviewRecord
            {
                Id = input.ReviewId,
                Section = request.Section,
                Period = period,
                SchemeVersion = scheme.Version,
                Researchers = researchers,
                Reviewers = reviewers,
                OfficeId = officeId,
                StartedAt = time.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
        // Nobody confirms their own bonus: the office's own claims go to the head of organisation and personnel.
        string? officeClaimsDecider = departments.FirstOrDefault(d => d.Name == OrganisationDepartment)?.HeadId;
        return new ReviewSnapshot(input.ReviewId, scheme, researchers, reviewers, officeId, officeClaimsDecider == officeId ? null : officeClaimsDecider, counts, served);
    }

    /// <summary>Scores and ranks, stores the results, marks the review published and writes the result mails.</summary>
    [Function(Publish)]
    public async Task<PublishedReview> PublishAsync([ActivityTrigger] PublishInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = ReviewScoring.Score(input.Inputs);
        var review = await store.Reviews.GetAsync(input.ReviewId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Review '{input.ReviewId}' was not recorded.");
        foreach (var result in outcome.Ranked)
        {
            var row = new ResearcherResultRecord(input.ReviewId, review.Record.Section, review.Record.Period, result)
            {
                ReviewerFlags = [.. outcome.ReviewerFlags.Where(f => f.ResearcherId == result.ResearcherId)],
            };
            await store.Results.PutAsync(row, cancellationToken).ConfigureAwait(false);
        }

        if (review.Record.PublishedAt is null)
        {
            await store.Reviews.TryReplaceAsync(review.Record with { PublishedAt = time.GetUtcNow(), PanelRule = outcome.PanelRule }, review.ETag, cancellationToken).ConfigureAwait(false);
        }

        var mails = new List<string>();
        var names = input.Inputs.Researchers.Concat(input.Reviewers).DistinctBy(p => p.Id).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        string label = review.Record.Period.Label + SectionName(review.Record.Section);
        foreach (var result in outcome.Ranked)
        {
            if (await notices.WriteAsync($"{input.ReviewId}.result.{result.ResearcherId}", "researcher-review-result", result.ResearcherId, to => ReviewMails.OwnResult(to, label, result, outcome.Ranked.Count, input.Inputs.Scheme), cancellationToken).ConfigureAwait(false) is { } id)
            {
                mails.Add(id);
            }
        }

        if (await notices.WriteAsync($"{input.ReviewId}.ranking", "researcher-review-ranking", review.Record.OfficeId, to => ReviewMails.Ranking(to, label, outcome, input.Inputs.Scheme, names), cancellationToken).ConfigureAwait(false) is { } ranking)
        {
            mails.Add(ranking);
        }

        return new PublishedReview([.. outcome.Ranked.Select(r => new RankedResearcher(r.ResearcherId, r.Rank, r.Total))], mails);
    }

    /// <summary>Writes the scoring-closed notice to the office; its outbox id, or null when the office head has no address.</summary>
    [Function(NotifyScoringClosed)]
    public async Task<string?> NotifyScoringClosedAsync([ActivityTrigger] ScoringClosedInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await notices.WriteAsync($"{input.ReviewId}.scoring-closed", "researcher-review-scoring-closed", input.OfficeId, to => ReviewMails.ScoringClosed(to, input), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the round's candidates and who decides.</summary>
    [Function(ListRotationCandidates)]
    public async Task<RotationList> ListRotationCandidatesAsync([ActivityTrigger] RotationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var researchers = await directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = "researcher" }, cancellationToken).ConfigureAwait(false);
        string deciderId = request.DeciderId
            ?? (await directory.Departments.AllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.Name == OrganisationDepartment)?.HeadId
            ?? throw new InvalidOperationException("The directory has no head of 组织人事科; name a deciderId.");
        return new RotationList(FrontlineRotationRule.Candidates(researchers, clock.DateOf(time.GetUtcNow())), deciderId);
    }

    /// <summary>Records the round's decisions; a decision already recorded is kept. Returns how many were written.</summary>
    [Function(RecordRotationDecisions)]
    public async Task<int> RecordRotationDecisionsAsync([ActivityTrigger] IReadOnlyList<RotationDecision> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        int written = 0;
        foreach (var decision in input)
        {
            if (await store.RotationDecisions.TryAddAsync(decision, cancellationToken).ConfigureAwait(false))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>The department that decides on people (组织人事科): frontline rotations, and the office head's own bonus claims.</summary>
    internal const string OrganisationDepartment = "组织人事科";

    internal static string SectionName(string section) => section switch
    {
        "primary" => "小学教研员考核",
        "junior" => "初中教研员考核",
        _ => "高中教研员考核",
    };

    internal static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
