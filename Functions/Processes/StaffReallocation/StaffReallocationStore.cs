using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The process's tables: reallocations, each school's posts, each school's rankings, one row per person, and the appeals and points objections.</summary>
public sealed class StaffReallocationStore(StorageAccount account, string hubName, TimeProvider? clock = null)
{
    /// <summary>Reallocations by id.</summary>
    public RecordTable<ReallocationRecord> Reallocations { get; } = new(account.Tables.GetTableClient(hubName + "Reallocations"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["Stage"] = r.Stage,
    });

    /// <summary>Published posts, one row per school.</summary>
    public RecordTable<SchoolPostsRecord> Posts { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationPosts"), p => p.Id, p => new Dictionary<string, object?>
    {
        ["ReallocationId"] = p.ReallocationId,
        ["SchoolId"] = p.SchoolId,
    });

    /// <summary>
    /// People, one partition per reallocation and one row each, in a table of its own name; a reallocation started
    /// with the earlier layout (`{hub}ReallocationPeople`, one partition per person) has its rows moved over on first use.
    /// </summary>
    public PeopleTable People { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationStaff"), account.Tables.GetTableClient(hubName + "ReallocationPeople"));

    /// <summary>Schools' rankings of their applicants, one row per school and round.</summary>
    public RecordTable<SchoolRankingRecord> Rankings { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationRankings"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["ReallocationId"] = r.ReallocationId,
        ["Round"] = r.Round.ToString(),
        ["SchoolId"] = r.SchoolId,
    });

    /// <summary>Seats of posts the bureau gave to unplaced people, one row per seat (<see cref="SeatClaim"/>).</summary>
    public RecordTable<SeatClaim> SeatClaims { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationSeatClaims"), c => c.Id, c => new Dictionary<string, object?>
    {
        ["ReallocationId"] = c.ReallocationId,
        ["PostId"] = c.PostId,
        ["StaffId"] = c.StaffId,
    });

    /// <summary>
    /// Gives a person one of the seats the rounds left free in a post, unless another unplaced person has every one of
    /// them: true when the person has a seat (now, or from an earlier try of the same decision).
    /// </summary>
    /// <param name="reallocationId">The reallocation.</param>
    /// <param name="post">The post.</param>
    /// <param name="state">The county as read: the rounds' placements in the post are taken from it.</param>
    /// <param name="staffId">The person.</param>
    /// <param name="at">When the decision was made.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<bool> ClaimSeatAsync(string reallocationId, SchoolPost post, CountyState state, string staffId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(state);

        // The post's claims, read once: a retried decision finds its own; the others' seats are not tried again.
        var claims = await SeatClaims.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId} and PostId eq {post.Id}"), cancellationToken).ConfigureAwait(false);
        if (claims.Any(c => c.StaffId == staffId))
        {
            return true;
        }

        // The bureau's own placements are counted by their claims, not by the rows (a row may not be written yet), except
        // those without a claim: decided before seats were claimed (a reallocation in its unplaced stage at the deploy).
        var claimed = claims.Select(c => c.StaffId).ToHashSet(StringComparer.Ordinal);
        var taken = claims.Select(c => c.Seat).ToHashSet();
        int free = post.Open ? post.Count - state.Placements.Count(p => p.PostId == post.Id && (p.Rule != PlacementRule.BureauDecision || !claimed.Contains(p.StaffId))) : 0;
        for (int seat = 0; seat < free; seat++)
        {
            // A seat claimed since the read (another batch, or another try of this one) is read to see whose it is.
            var claim = new SeatClaim(SeatClaim.IdOf(reallocationId, post.Id, seat), reallocationId, post.Id, seat, staffId, at);
            if (!taken.Contains(seat)
                && (await SeatClaims.TryAddAsync(claim, cancellationToken).ConfigureAwait(false)
                    || (await SeatClaims.GetAsync(claim.Id, cancellationToken).ConfigureAwait(false))?.Record.StaffId == staffId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appeals and points objections, one row each, from when they are taken in to the bureau's decision.</summary>
    public RecordTable<AppealRecord> Appeals { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationAppeals"), a => a.Id, a => new Dictionary<string, object?>
    {
        ["ReallocationId"] = a.ReallocationId,
        ["StaffId"] = a.StaffId,
    });

    /// <summary>The table of the windows' places (after the hub's name): one per appeal or objection kept, and their count (see <see cref="KeepAppealAsync"/>).</summary>
    internal const string PlacesTable = "ReallocationAppealPlaces";

    /// <summary>
    /// How long a place may stand without its appeal's row before a full window gives it back: far past any post still
    /// between the two writes (a request is cut off long before), so only a post that died there loses its place.
    /// </summary>
    internal static readonly TimeSpan LostPlaceAfter = TimeSpan.FromMinutes(10);

    private const string TakenAtColumn = "TakenAt";

    private readonly BoundedRows _places = new(account.Tables.GetTableClient(hubName + PlacesTable));

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The appeals and points objections of a reallocation, but for those refused as late (<see cref="AppealIntake.Refused"/>).</summary>
    public async Task<List<AppealRecord>> AppealsOfAsync(string reallocationId, CancellationToken cancellationToken) =>
        [.. (await Appeals.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId}"), cancellationToken).ConfigureAwait(false))
            .Where(a => a.Intake != AppealIntake.Refused)];

    /// <summary>
    /// Keeps an appeal or points objection the API was just given (<see cref="KeepAppealAsync"/>), reads its reallocation
    /// again and settles it against what <paramref name="windowOpen"/> says of that read (<see cref="SettleKeptAppealAsync"/>):
    /// read after keeping it, an open window's close will find the row; closed meanwhile, it is refused unless the window
    /// took it in first (the two settle it against the same version).
    /// </summary>
    public async Task<AppealLodging> LodgeAsync(AppealRecord lodged, Func<ReallocationRecord?, bool> windowOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lodged);
        ArgumentNullException.ThrowIfNull(windowOpen);
        if (await KeepAppealAsync(lodged, cancellationToken).ConfigureAwait(false) is not { } kept)
        {
            return AppealLodging.WindowFull;
        }

        bool open = windowOpen((await Reallocations.GetAsync(lodged.ReallocationId, cancellationToken).ConfigureAwait(false))?.Record);
        return await SettleKeptAppealAsync(kept.Id, open, cancellationToken).ConfigureAwait(false) switch
        {
            AppealIntake.Refused => AppealLodging.WindowClosed,
            AppealIntake.TakenIn => AppealLodging.AlreadyIn,
            _ => open ? AppealLodging.Raise : AppealLodging.AlreadyIn,
        };
    }

    /// <summary>
    /// Keeps an appeal the API was just given (<see cref="AppealIntake.Lodged"/>, keyed by <see cref="AppealRecord.KeptIdOf"/>),
    /// unless its window already holds <see cref="StaffReallocation.MaxAppealsPerRound"/> (the points objection window,
    /// round null, as many: <see cref="PointsObjectionWindow.MaxObjections"/>); the same appeal posted again
    /// finds the row it kept, as it stands, and takes no second place.
    /// </summary>
    /// <remarks>
    /// Each appeal first takes a place in its window (<see cref="PlaceOf"/>), counted with the place in one write, so
    /// two posts for the last place never both get it; then its row is kept. Appeals' rows are one partition each
    /// (<see cref="Appeals"/>), which no transaction spans, hence the places of their own. A post that took a place and
    /// crashed before keeping its row finds its place when posted again; posted no more, its place is given back once the
    /// window is full and the place has stood <see cref="LostPlaceAfter"/> without its row. A window kept before it had
    /// places is counted once from its rows.
    /// </remarks>
    /// <returns>The appeal's row; null (and nothing kept) when the window is full.</returns>
    public async Task<AppealRecord?> KeepAppealAsync(AppealRecord lodged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lodged);
        int bound = lodged.Round is null ? PointsObjectionWindow.MaxObjections : StaffReallocation.MaxAppealsPerRound;
        while (true)
        {
            if ((await Appeals.GetAsync(lodged.Id, cancellationToken).ConfigureAwait(false))?.Record is { } kept)
            {
                return kept;
            }

            var place = PlaceOf(lodged, _clock.GetUtcNow());
            var taken = await _places.AddAsync(place, bound, token => WindowCountAsync(lodged, token), cancellationToken).ConfigureAwait(false);
            if (taken == BoundedAdd.Full)
            {
                if (await ReleaseLostPlacesAsync(lodged, cancellationToken).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                return null;
            }

            // Its place from an earlier post (one that died before its row) is claimed again before the row is kept, so
            // a full window's give-back that read it as lost cannot take it away under the row; given back already, it
            // takes a new one.
            if (taken == BoundedAdd.AlreadyKept && !await _places.RenewAsync(place, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (await Appeals.TryAddAsync(lodged, cancellationToken).ConfigureAwait(false))
            {
                return lodged;
            }
        }
    }

    /// <summary>An appeal's place in its window, taken at <paramref name="takenAt"/>: one partition per window (reallocation and round, or the points objections), one row per appeal.</summary>
    internal static TableEntity PlaceOf(AppealRecord lodged, DateTimeOffset takenAt) =>
        new($"{lodged.ReallocationId}:{lodged.Round?.ToString() ?? PointsObjectionWindow.Stage}", lodged.Id) { [TakenAtColumn] = takenAt };

    // A full window gives back the places that stood LostPlaceAfter with no appeal row (any intake, refused included):
    // one query of the window's places and one of the reallocation's appeals, paid only by a post that found it full.
    private async Task<int> ReleaseLostPlacesAsync(AppealRecord lodged, CancellationToken cancellationToken)
    {
        var kept = (await Appeals.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {lodged.ReallocationId}"), cancellationToken).ConfigureAwait(false))
            .Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var before = _clock.GetUtcNow() - LostPlaceAfter;
        return await _places.ReleaseAsync(
            PlaceOf(lodged, default).PartitionKey,
            place => !kept.Contains(place.RowKey) && (place.GetDateTimeOffset(TakenAtColumn) ?? place.Timestamp) < before,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> WindowCountAsync(AppealRecord lodged, CancellationToken cancellationToken) =>
        (await AppealsOfAsync(lodged.ReallocationId, cancellationToken).ConfigureAwait(false)).Count(a => a.Round == lodged.Round);

    /// <summary>
    /// Settles a kept appeal as the API answers it, against the version read: one still <see cref="AppealIntake.Lodged"/>
    /// becomes <see cref="AppealIntake.Accepted"/> when the API saw its window open after keeping it, else
    /// <see cref="AppealIntake.Refused"/>; one the orchestration took in, or settled before, stays as it is.
    /// </summary>
    /// <returns>How it stands now: anything but <see cref="AppealIntake.Refused"/> is decided with its window's appeals.</returns>
    public async Task<AppealIntake> SettleKeptAppealAsync(string id, bool windowOpen, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await Appeals.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Appeal '{id}' is not kept.");
            if (read.Record.Intake is not AppealIntake.Lodged)
            {
                return read.Record.Intake ?? AppealIntake.TakenIn;
            }

            var settled = windowOpen ? AppealIntake.Accepted : AppealIntake.Refused;
            if (await Appeals.TryReplaceAsync(read.Record with { Intake = settled }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return settled;
            }
        }
    }

    /// <summary>
    /// Takes an appeal in at its number, with its review task (<see cref="AppealIntake.TakenIn"/>): the row the API kept
    /// for it, or a new one for an appeal raised without the API. Run again (a retry), it leaves the row as it is.
    /// </summary>
    /// <returns>Whether it is taken in: false only for one the API refused as late.</returns>
    public async Task<bool> TakeInAsync(AppealRecord takenIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(takenIn);
        while (true)
        {
            var read = await Appeals.GetAsync(takenIn.Id, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                // Raised without the API (by hand through the management API): the window already took it, so it takes
                // its place past any bound, counted as the API's are, or the count would fall behind the rows and let
                // the API keep more than the window's bound. A retry finds its place and takes no second one.
                var place = PlaceOf(takenIn, _clock.GetUtcNow());
                if (await _places.AddAsync(place, int.MaxValue, token => WindowCountAsync(takenIn, token), cancellationToken).ConfigureAwait(false) == BoundedAdd.AlreadyKept
                    && !await _places.RenewAsync(place, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                if (await Appeals.TryAddAsync(takenIn, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                continue;
            }

            switch (read.Record.Intake)
            {
                case AppealIntake.TakenIn:
                    return true;
                case AppealIntake.Refused:
                    return false;
            }

            var record = read.Record with { Intake = AppealIntake.TakenIn, Number = takenIn.Number, ReviewTaskId = takenIn.ReviewTaskId };
            if (await Appeals.TryReplaceAsync(record, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// As a round's window (or, round null, the points objection window) closes (the stage already says so, so the API
    /// keeps no more): takes in every appeal the API kept for it that the window did not take in through its event,
    /// numbered from <paramref name="from"/> in the order kept. Run again (a retry), it gives the same ones, numbered as before.
    /// </summary>
    /// <returns>The appeals taken in at the close, by number.</returns>
    public async Task<List<AppealRecord>> TakeInKeptAsync(string reallocationId, Round? round, int from, CancellationToken cancellationToken)
    {
        var window = (await AppealsOfAsync(reallocationId, cancellationToken).ConfigureAwait(false)).Where(a => a.Round == round && a.Intake is not null).ToList();
        int next = Math.Max(from, window.Where(a => a.Intake == AppealIntake.TakenIn).Select(a => a.Number + 1).DefaultIfEmpty(from).Max());
        foreach (var kept in window.Where(a => a.Intake is AppealIntake.Lodged or AppealIntake.Accepted).OrderBy(a => a.LodgedAt).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var takenIn = kept with { Number = next, ReviewTaskId = AppealRecord.ReviewTaskIdOf(reallocationId, round, kept.StaffId, next) };
            if (await TakeInAsync(takenIn, cancellationToken).ConfigureAwait(false)
                && (await Appeals.GetAsync(kept.Id, cancellationToken).ConfigureAwait(false))?.Record.Number == next)
            {
                next++;
            }
        }

        return [.. (await AppealsOfAsync(reallocationId, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Round == round && a.Intake == AppealIntake.TakenIn && a.Number >= from)
            .OrderBy(a => a.Number)];
    }

    /// <summary>
    /// Puts the bureau's decision on the record of the appeal or objection it is about, keeping when and by whom it was
    /// brought; one decided before it was on record (an instance started before appeals were recorded as they came) is
    /// put on record whole. Another appeal's record is never overwritten: when the record at the decision's number holds
    /// another appeal, or the number is not known (<paramref name="numbered"/> false), the decision goes on the same
    /// appeal's record elsewhere in its window, else on the window's next free number.
    /// </summary>
    /// <param name="decided">The decided appeal or objection, at its number when <paramref name="numbered"/>.</param>
    /// <param name="numbered">Whether <paramref name="decided"/>'s number is its own (its payload's, or its review task's).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The record as written.</returns>
    public async Task<AppealRecord> DecideAsync(AppealRecord decided, bool numbered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var atNumber = numbered ? (await Appeals.GetAsync(decided.Id, cancellationToken).ConfigureAwait(false))?.Record : null;
        AppealRecord? lodged;
        AppealRecord target;
        if (numbered && (atNumber is null || atNumber.IsSameAppeal(decided)))
        {
            (lodged, target) = (atNumber, decided);
        }
        else
        {
            var window = (await AppealsOfAsync(decided.ReallocationId, cancellationToken).ConfigureAwait(false)).Where(a => a.Round == decided.Round).ToList();
            lodged = window.Where(a => a.IsSameAppeal(decided))
                .OrderBy(a => string.Equals(a.ReviewTaskId, decided.ReviewTaskId, StringComparison.Ordinal) ? 0 : a.Outcome is null ? 1 : 2)
                .ThenBy(a => a.Number)
                .FirstOrDefault();
            target = lodged is null
                ? decided with { Intake = null, Number = window.Count == 0 ? 0 : window.Max(a => a.Number) + 1 }
                : decided with { Intake = lodged.Intake, Number = lodged.Number };
        }

        var record = target with { LodgedAt = lodged?.LodgedAt ?? target.LodgedAt, LodgedBy = lodged?.LodgedBy ?? target.LodgedBy, ReviewTaskId = lodged?.ReviewTaskId ?? target.ReviewTaskId };
        await Appeals.PutAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>The schools' rankings (or points fallbacks) recorded for a round of a reallocation.</summary>
    public Task<List<SchoolRankingRecord>> RankingsOfAsync(string reallocationId, Round round, CancellationToken cancellationToken) =>
        Rankings.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId} and Round eq {round.ToString()}"), cancellationToken);

    /// <summary>Everyone in a reallocation.</summary>
    public Task<List<PersonRecord>> PeopleOfAsync(string reallocationId, CancellationToken cancellationToken) =>
        People.OfAsync(reallocationId, null, null, cancellationToken);

    /// <summary>
    /// The people of one batch (staff ids sorted, as the Keys activity gives them): one range query from the first to
    /// the last id instead of the whole county, so a window of 45 batches reads the county about once, not 45 times.
    /// </summary>
    public async Task<List<PersonRecord>> PeopleAsync(string reallocationId, IReadOnlyList<string> staffIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staffIds);
        if (staffIds.Count == 0)
        {
            return [];
        }

        var wanted = staffIds.ToHashSet(StringComparer.Ordinal);
        var inRange = await People.OfAsync(reallocationId, staffIds.Min(StringComparer.Ordinal)!, staffIds.Max(StringComparer.Ordinal)!, cancellationToken).ConfigureAwait(false);
        return [.. inRange.Where(p => wanted.Contains(p.Participant.StaffId))];
    }

    /// <summary>Every school's posts in a reallocation.</summary>
    public Task<List<SchoolPostsRecord>> PostsOfAsync(string reallocationId, CancellationToken cancellationToken) =>
        Posts.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId}"), cancellationToken);

    /// <summary>The county as the rules see it now: posts, people, placements decided and unplaced cases.</summary>
    public async Task<(CountyState State, List<PersonRecord> People)> StateAsync(string reallocationId, CancellationToken cancellationToken) =>
        await StateOfAsync(reallocationId, await PeopleOfAsync(reallocationId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The county as the rules see it, with its people as already read (e.g. with their versions, to change them): the people sorted by points rank.</summary>
    public async Task<(CountyState State, List<PersonRecord> People)> StateOfAsync(string reallocationId, IEnumerable<PersonRecord> read, CancellationToken cancellationToken)
    {
        var people = read.ToList();
        var posts = await PostsOfAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        people.Sort((a, b) => a.Participant.PointsRank.CompareTo(b.Participant.PointsRank));
        var state = new CountyState(
            [.. posts.OrderBy(p => p.SchoolId, StringComparer.Ordinal).SelectMany(p => p.Posts)],
            [.. people.Select(p => p.Participant)],
            [.. people.Select(p => p.Placement).OfType<Placement>()],
            // A case the bureau decided with a post is placed now; its reasons stay on the person's row.
            [.. people.Where(p => p.Placement is null).Select(p => p.Unplaced).OfType<UnplacedCase>()]);
        return (state, people);
    }
}
