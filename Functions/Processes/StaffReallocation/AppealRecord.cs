using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// An appeal against a round's result, or an objection to one's points, on record from when the orchestration took it
/// in to the bureau's decision: who, which round, what they asked, the outcome, who decided and when. The office page
/// lists these as they are; nothing is read back from the people's trace lines.
/// </summary>
public sealed record AppealRecord
{
    /// <summary>The reallocation.</summary>
    public required string ReallocationId { get; init; }

    /// <summary>The round appealed against; null for a points objection.</summary>
    public Round? Round { get; init; }

    /// <summary>Its place among those its window took in, from 0 (the bureau's task carries the same number).</summary>
    public required int Number { get; init; }

    /// <summary>Who it is about: the appellant or the person objecting.</summary>
    public required string StaffId { get; init; }

    /// <summary>What they asked, in their words.</summary>
    public required string Reason { get; init; }

    /// <summary>Who brought it: the person, or an administrator (<see cref="StaffReallocationApi.ByMasterKey"/>).</summary>
    public string? LodgedBy { get; init; }

    /// <summary>When the orchestration took it in; null for one put on record only when decided (an instance started before appeals were recorded as they came).</summary>
    public DateTimeOffset? LodgedAt { get; init; }

    /// <summary>The bureau's review task for it, once the window has closed (its id is known from the start).</summary>
    public string? ReviewTaskId { get; init; }

    /// <summary>The bureau's decision; null while pending.</summary>
    public AppealOutcome? Outcome { get; init; }

    /// <summary>Who decided; null when nobody did in time (or while pending).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When it was decided (the task's answer, or the orchestration's time when it ran out); null while pending.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The bureau's note to the person, if any.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// How an appeal or points objection the API kept before raising it stands (appeals from
    /// <see cref="StaffReallocation.AppealReviewVersion"/>, objections of a reallocation started with
    /// <see cref="ReallocationStart.ObjectionsKept"/>): its row is then keyed by round (none for an objection), person and
    /// reason (<see cref="KeptIdOf"/>), and <see cref="Number"/> and <see cref="ReviewTaskId"/> hold only once the
    /// orchestration has taken it in. Null for a record the orchestration put on record itself at its number.
    /// </summary>
    public AppealIntake? Intake { get; init; }

    /// <summary>The row id.</summary>
    public string Id => Intake is not null ? KeptIdOf(ReallocationId, Round, StaffId, Reason) : IdOf(ReallocationId, Round, Number);

    /// <summary>
    /// The row id of an appeal (or, round null, a points objection) kept by the API: the same for the same person, round
    /// and reason, so a retried post finds the row it kept; the reason is in the id by its SHA-256 (its first 16 hex digits).
    /// </summary>
    public static string KeptIdOf(string reallocationId, Round? round, string staffId, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reason)))[..16];
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reallocationId}:{round?.ToString() ?? PointsObjectionWindow.Stage}:{staffId}:{hash}");
    }

    /// <summary>The row id of the <paramref name="number"/>-th appeal of a round's window, or objection (round null).</summary>
    public static string IdOf(string reallocationId, Round? round, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reallocationId}:{round?.ToString() ?? PointsObjectionWindow.Stage}:{number:D3}");

    /// <summary>The bureau's review task of the <paramref name="number"/>-th appeal of a round's window.</summary>
    public static string AppealTaskId(string reallocationId, Round round, string staffId, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{StaffReallocationTasks.AppealReview.Name}-{reallocationId}-{round}-{staffId}-{number}");

    /// <summary>The bureau's review task of the <paramref name="number"/>-th appeal of a round's window, or (round null) points objection.</summary>
    public static string ReviewTaskIdOf(string reallocationId, Round? round, string staffId, int number) =>
        round is { } r ? AppealTaskId(reallocationId, r, staffId, number) : ObjectionTaskId(reallocationId, staffId, number);

    /// <summary>The bureau's review task of the <paramref name="number"/>-th points objection.</summary>
    public static string ObjectionTaskId(string reallocationId, string staffId, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PointsObjectionTasks.Review.Name}-{reallocationId}-{staffId}-{number}");

    /// <summary>
    /// The number of the appeal (round given) or objection (round null) whose review task <paramref name="taskId"/> is:
    /// the number its id ends with (<see cref="AppealTaskId"/>, <see cref="ObjectionTaskId"/>); null for the id of
    /// another task. A decision queued before its payload carried the number is numbered so.
    /// </summary>
    public static int? NumberOfReviewTask(string reallocationId, Round? round, string staffId, string? taskId)
    {
        string prefix = round is { } r ? AppealTaskId(reallocationId, r, staffId, 0)[..^1] : ObjectionTaskId(reallocationId, staffId, 0)[..^1];
        if (taskId is null || !taskId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string number = taskId[prefix.Length..];
        return number.Length is > 0 and <= 9 && number.All(char.IsAsciiDigit) && (number.Length == 1 || number[0] != '0')
            ? int.Parse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Whether <paramref name="other"/> is the same appeal or objection: the same round (or none), person and reason.</summary>
    public bool IsSameAppeal(AppealRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Round == other.Round && string.Equals(StaffId, other.StaffId, StringComparison.Ordinal) && string.Equals(Reason, other.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The record of an appeal or objection as the bureau's review task decided it: upheld when the answer says so,
    /// rejected otherwise, and not decided in time when the task ran out unanswered; the note as given, trimmed.
    /// </summary>
    /// <param name="lodged">The appeal or objection, numbered, with who brought it.</param>
    /// <param name="review">The review task's outcome.</param>
    /// <param name="at">The orchestration's time, when the task ran out.</param>
    public static AppealRecord Decided(AppealRecord lodged, StaffTaskOutcome review, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lodged);
        ArgumentNullException.ThrowIfNull(review);
        var receipt = review.Receipt;
        bool upheld = receipt?.Values.GetValueOrDefault("decision") == "uphold";
        return lodged with
        {
            Outcome = upheld ? AppealOutcome.Upheld : receipt is null ? AppealOutcome.NotDecidedInTime : AppealOutcome.Rejected,
            DecidedBy = receipt?.SubmittedBy,
            DecidedAt = receipt?.SubmittedAt ?? at,
            Note = receipt?.Values.GetValueOrDefault("note")?.Trim() is { Length: > 0 } note ? note : null,
        };
    }
}
