using EduFlows.Storage;

namespace EduFlows.StaffDirectory;

/// <summary>The directory's tables: schools, departments, staff (external panel members included), training bases and the staff's moves.</summary>
public sealed class DirectoryStore(StorageAccount account, string prefix)
{
    /// <summary>The tables of a storage connection string (tests, and Azurite).</summary>
    public DirectoryStore(string connectionString, string prefix)
        : this(StorageAccount.FromConnectionString(connectionString), prefix)
    {
    }

    /// <summary>Schools.</summary>
    public DirectoryTable<School> Schools { get; } = new(account.Tables.GetTableClient(prefix + "Schools"), s => s.Id);

    /// <summary>Bureau departments.</summary>
    public DirectoryTable<Department> Departments { get; } = new(account.Tables.GetTableClient(prefix + "Departments"), d => d.Id);

    /// <summary>Staff and external panel members.</summary>
    public DirectoryTable<StaffMember> Staff { get; } = new(account.Tables.GetTableClient(prefix + "Staff"), s => s.Id);

    /// <summary>Training bases.</summary>
    public DirectoryTable<TrainingBase> TrainingBases { get; } = new(account.Tables.GetTableClient(prefix + "TrainingBases"), t => t.Id);

    /// <summary>Every move of every person, kept for ever (the move history).</summary>
    public DirectoryTable<StaffMove> Moves { get; } = new(account.Tables.GetTableClient(prefix + "Moves"), m => m.Id);

    /// <summary>A person's moves, oldest first.</summary>
    public async Task<IReadOnlyList<StaffMove>> MovesOfAsync(string staffId, CancellationToken cancellationToken) =>
        [.. (await Moves.WhereAsync(new Dictionary<string, object> { ["staffId"] = staffId }, cancellationToken).ConfigureAwait(false)).OrderBy(m => m.On).ThenBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Moves a person: keeps the move (from where they are now) and updates their unit and post (post since the day of
    /// the move). Safe to run twice: a move already kept is not kept again, and the person ends where it says.
    /// </summary>
    /// <returns>The move as kept, or null when the person is not in the directory.</returns>
    public async Task<StaffMove?> MoveAsync(StaffMoveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The person's row is written only over the version read: an office edit (or another move) landing between the
        // read and the write is re-read and kept, not overwritten with what this move read before it.
        for (int attempt = 1; ; attempt++)
        {
            if (await Staff.GetVersionedAsync(request.StaffId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return null;
            }

            var (person, version) = read;

            // The move is kept first, from where the person was; a rerun after a crash finds it and only finishes the update.
            var move = await Moves.GetAsync(request.MoveId, cancellationToken).ConfigureAwait(false);
            if (move is null)
            {
                move = new StaffMove(request.MoveId, request.StaffId, request.On, person.SchoolId, person.DepartmentId, person.Post, request.SchoolId, request.DepartmentId, request.Post, request.Reason, request.Process);
                await Moves.UpsertAsync(move, cancellationToken).ConfigureAwait(false);
            }

            var moved = person with { SchoolId = move.ToSchoolId, DepartmentId = move.ToDepartmentId, Post = move.ToPost, PostSince = person.Post == move.ToPost ? person.PostSince : move.On };
            if (moved == person || await Staff.TryReplaceAsync(moved, version, cancellationToken).ConfigureAwait(false))
            {
                return move;
            }

            if (attempt == MaxMoveAttempts)
            {
                throw new InvalidOperationException($"The staff row {request.StaffId} changed under move {request.MoveId} {MaxMoveAttempts} times running; the move is kept and the retry will finish it.");
            }
        }
    }

    /// <summary>How many times a move re-reads a person whose row keeps changing under it before it gives up (the activity's retry then runs it again).</summary>
    private const int MaxMoveAttempts = 5;
}
