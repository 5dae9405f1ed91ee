using Azure.Data.Tables;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// What a signed-in head teacher sees of the association on their own page (<c>head-teachers/mine</c>): their
/// membership or applications, and, as a member, the elections, case contests and events as they concern them.
/// Nothing of another member's ballot, case or attendance.
/// </summary>
/// <param name="StaffId">Whose page it is.</param>
/// <param name="Name">Their name (the directory's, or the member record's).</param>
/// <param name="Member">Their membership; null when they are not a member.</param>
/// <param name="Applications">Their applications to join, newest first.</param>
/// <param name="Elections">The elections, newest first (members only).</param>
/// <param name="Contests">The open case contest and those they entered, newest first (members only).</param>
/// <param name="Events">The association's events with their own attendance, latest first (members only).</param>
public sealed record MemberHome(
    string StaffId,
    string Name,
    AssociationMember? Member,
    IReadOnlyList<MembershipApplication> Applications,
    IReadOnlyList<MemberElection> Elections,
    IReadOnlyList<MemberContest> Contests,
    IReadOnlyList<MemberEvent> Events)
{
    /// <summary>True while an application waits for the office: no second one can be made.</summary>
    public bool Pending => Applications.Any(a => a.Status == ApplicationStatus.Pending);

    /// <summary>Reads a staff member's page at <paramref name="now"/>.</summary>
    public static async Task<MemberHome> ReadAsync(AssociationStore store, string staffId, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var member = (await store.Members.GetAsync(staffId, cancellationToken).ConfigureAwait(false))?.Record;
        var applications = (await store.ApplicationsOfAsync(staffId, cancellationToken).ConfigureAwait(false)).OrderByDescending(a => a.SubmittedAt).ToList();
        if (member is null)
        {
            return new MemberHome(staffId, name, null, applications, [], [], []);
        }

        var elections = new List<MemberElection>();
        List<AssociationMember>? members = null;
        foreach (var election in (await store.Elections.QueryAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(e => e.NominationsClose))
        {
            bool nominating = election.Status == ElectionStatus.Nominating && now < election.NominationsClose;
            IReadOnlyList<AssociationMember> nominable = [];
            if (nominating)
            {
                members ??= await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
                nominable = [.. members.Where(m => election.Nominations.All(n => n.MemberId != m.StaffId)).OrderBy(m => m.StaffId != staffId).ThenBy(m => m.StaffId, StringComparer.Ordinal)];
            }

            bool open = election.Status == ElectionStatus.Voting && now < election.BallotCloses;

            // Ballots went to the members of the day nominations closed; one who joined later was sent none.
            bool ballot = open && member.JoinedAt <= election.NominationsClose;
            bool voted = election.Status != ElectionStatus.Nominating
                && await store.Voters.GetAsync(new VoterMark(election.Id, staffId, now).Id, cancellationToken).ConfigureAwait(false) is { Record.NotVoted: false };
            elections.Add(new MemberElection(election, nominating, nominable, ballot && !voted, voted));
        }

        var entries = await store.Entries.QueryAsync(TableClient.CreateQueryFilter($"AuthorId eq {staffId}"), cancellationToken).ConfigureAwait(false);
        var contests = new List<MemberContest>();
        foreach (var contest in (await store.Contests.QueryAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(c => c.SubmissionsClose))
        {
            var mine = entries.FirstOrDefault(e => e.ContestId == contest.Id);
            bool open = contest.Status == ContestStatus.Submitting && now < contest.SubmissionsClose;
            if (mine is not null || open)
            {
                contests.Add(new MemberContest(contest, mine, mine is null ? null : contest.Results.FirstOrDefault(r => r.Code == mine.Code), open && mine is null));
            }
        }

        var events = (await store.Events.QueryAsync(null, cancellationToken).ConfigureAwait(false))
            .OrderByDescending(e => e.StartsAt)
            .Select(e => new MemberEvent(e, e.Attendees.Contains(staffId), now >= e.StartsAt))
            .ToList();
        return new MemberHome(staffId, member.Name, member, applications, elections, contests, events);
    }
}
