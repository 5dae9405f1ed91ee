using EduFlows.Hosting;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's head-teachers' association page (master key): <c>office/head-teachers</c> shows the members, the
/// applications waiting for approval, each election with its stage and turnout, each case contest, and each event
/// with its attendance, linking the process's own pages; a published election's count and an awarded contest's
/// ranking download from <c>…/elections/{electionId}/results/{xlsx|csv}</c> and <c>…/contests/{year}/ranking/{xlsx|csv}</c>.
/// </summary>
public sealed class AssociationOfficeApi(IConfiguration configuration, AssociationStore store, BureauClock clock)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The association at a glance.</summary>
    [Function("OfficeHeadTeachers")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var members = await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var applications = await store.Applications.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var elections = await store.Elections.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var voted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var election in elections)
        {
            voted[election.Id] = (await store.VotersOfAsync(election.Id, cancellationToken).ConfigureAwait(false)).Count;
        }

        var contests = await store.Contests.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var events = await store.Events.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<AssociationOfficePage>(
            new Dictionary<string, object?>
            {
                [nameof(AssociationOfficePage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(AssociationOfficePage.Clock)] = clock,
                [nameof(AssociationOfficePage.Members)] = (IReadOnlyList<AssociationMember>)[.. members.OrderBy(m => m.JoinedAt)],
                [nameof(AssociationOfficePage.Pending)] = (IReadOnlyList<MembershipApplication>)[.. applications.Where(a => a.Status == ApplicationStatus.Pending).OrderBy(a => a.SubmittedAt)],
                [nameof(AssociationOfficePage.Elections)] = (IReadOnlyList<Election>)[.. elections.OrderByDescending(e => e.BallotCloses)],
                [nameof(AssociationOfficePage.Voted)] = (IReadOnlyDictionary<string, int>)voted,
                [nameof(AssociationOfficePage.Contests)] = (IReadOnlyList<CaseContest>)[.. contests.OrderByDescending(c => c.Id, StringComparer.Ordinal)],
                [nameof(AssociationOfficePage.Events)] = (IReadOnlyList<SalonEvent>)[.. events.OrderByDescending(e => e.StartsAt)],
            },
            StatusCodes.Status200OK);
    }

    /// <summary>A published election's count as .xlsx or .csv; 404 naming electionId before the count is published.</summary>
    [Function("OfficeHeadTeachersElectionFile")]
    public async Task<IResult> ElectionFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/elections/{electionId}/results/{format}")] HttpRequest request,
        string electionId,
        string format,
        CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var election = TableKey.Problem(electionId) is null ? (await store.Elections.GetAsync(electionId, cancellationToken).ConfigureAwait(false))?.Record : null;
        if (election is not { Status: ElectionStatus.Published })
        {
            return FieldProblem.ForStaff(
                StatusCodes.Status404NotFound, "electionId", election is null ? "没有这场选举。" : "这场选举的结果尚未公布。", election is null ? "There is no such election." : "The election's results are not published yet.");
        }

        var (header, rows) = AssociationResultTables.Election(election);
        return OfficeExport.File(file, "head-teachers-election-" + electionId, header, rows);
    }

    /// <summary>An awarded case contest's ranking as .xlsx or .csv; 404 naming year before the awards are made.</summary>
    [Function("OfficeHeadTeachersContestFile")]
    public async Task<IResult> ContestFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/head-teachers/contests/{year}/ranking/{format}")] HttpRequest request,
        string year,
        string format,
        CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        var contest = TableKey.Problem(year) is null ? (await store.Contests.GetAsync(year, cancellationToken).ConfigureAwait(false))?.Record : null;
        if (contest is not { Status: ContestStatus.Awarded })
        {
            return FieldProblem.ForStaff(
                StatusCodes.Status404NotFound, "year", contest is null ? "没有这一年度的案例评比。" : "这次案例评比尚未评奖。", contest is null ? "There is no such case contest." : "The contest is not awarded yet.");
        }

        var (header, rows) = AssociationResultTables.Contest(contest);
        return OfficeExport.File(file, "head-teachers-contest-" + year, header, rows);
    }
}
