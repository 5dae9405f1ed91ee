using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's head-teachers' association page (master key): <c>office/head-teachers</c> shows the members, the
/// applications waiting for approval, each election with its stage and turnout, each case contest, and each event
/// with its attendance, linking the process's own pages.
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
}
