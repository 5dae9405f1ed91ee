namespace EduFlows.Processes.ShadowTraining;

/// <summary>One batch of shadow training (table <c>{hub}ShadowBatches</c>): its week, candidates, bases and placements.</summary>
public sealed record ShadowBatch
{
    /// <summary>"yyyy-MM", the month of the week (one batch per month); the instance is <c>shadow-training-{Id}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The Monday the week starts.</summary>
    public required DateOnly WeekStart { get; init; }

    /// <summary>The trainees, with their school and section as the directory had them when the batch was defined.</summary>
    public required IReadOnlyList<PlacementCandidate> Candidates { get; init; }

    /// <summary>The bases, places and mentors.</summary>
    public required IReadOnlyList<BatchBase> Bases { get; init; }

    /// <summary>Where each trainee goes and why.</summary>
    public required IReadOnlyList<Placement> Placements { get; init; }

    /// <summary>Trainees brought in from earlier batches (deferred, or offered a make-up place).</summary>
    public IReadOnlyList<Carryover> CarriedOver { get; init; } = [];

    /// <summary>Trainees waiting from earlier batches whom the administrator left out of this one on purpose.</summary>
    public IReadOnlyList<string> LeftWaiting { get; init; } = [];

    /// <summary>The bureau staff member who runs the batch: decides deferrals and hears of undeliverable mail.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Where it stands.</summary>
    public BatchStatus Status { get; init; }

    /// <summary>When it was (last) defined.</summary>
    public DateTimeOffset DefinedAt { get; init; }

    /// <summary>When it was confirmed.</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>When every trainee's week was decided.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The orchestration instance of a batch.</summary>
    public static string InstanceIdOf(string batchId) => "shadow-training-" + batchId;
}
