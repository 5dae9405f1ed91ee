namespace EduFlows.Processes.ShadowTraining;

/// <summary>A trainee's result in one batch (table <c>{hub}ShadowTrainees</c>), read by the reports and the certificate page.</summary>
public sealed record TraineeRecord
{
    /// <summary>The batch.</summary>
    public required string BatchId { get; init; }

    /// <summary>The trainee.</summary>
    public required string TraineeId { get; init; }

    /// <summary>Their name.</summary>
    public required string TraineeName { get; init; }

    /// <summary>The base.</summary>
    public required string BaseId { get; init; }

    /// <summary>The base's name.</summary>
    public required string BaseName { get; init; }

    /// <summary>The Monday of the week.</summary>
    public required DateOnly WeekStart { get; init; }

    /// <summary>How it ended.</summary>
    public required TraineeStatus Status { get; init; }

    /// <summary>Training days (0 for a deferral).</summary>
    public int Days { get; init; }

    /// <summary>Days attended.</summary>
    public int AttendedDays { get; init; }

    /// <summary>Journals handed in.</summary>
    public int Journals { get; init; }

    /// <summary>The mentor's scores by area, if evaluated.</summary>
    public IReadOnlyDictionary<string, decimal>? Evaluation { get; init; }

    /// <summary>The evaluation's average.</summary>
    public decimal? EvaluationAverage { get; init; }

    /// <summary>The mentor's comment.</summary>
    public string? MentorComment { get; init; }

    /// <summary>True when the summary was handed in.</summary>
    public bool Summary { get; init; }

    /// <summary>What was missing for completion.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>The same in Chinese, for the office and the trainee (empty in records written before it).</summary>
    public IReadOnlyList<string> MissingZh { get; init; } = [];

    /// <summary>The certificate number, for completed trainees.</summary>
    public string? CertificateNo { get; init; }

    /// <summary>The trainee's request to defer and its decision (who, when, note), if they asked.</summary>
    public DeferralRuling? Deferral { get; init; }

    /// <summary>When the result was recorded.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The record's id.</summary>
    public string Id => IdOf(BatchId, TraineeId);

    /// <summary>The id of a trainee's record in a batch.</summary>
    public static string IdOf(string batchId, string traineeId) => batchId + "." + traineeId;
}
