using System.Text.Json.Serialization;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// One objection raised during a school's public notice and what the bureau found, stored as its own row
/// (<see cref="RenewalObjectionTable"/>) so the school's <see cref="RenewalRecord"/> stays one small row at any count.
/// </summary>
/// <param name="RoundId">The round.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="Number">The objection's number in the school's round, from 1, in the order received.</param>
/// <param name="AgainstStaffId">The person on notice objected to.</param>
public sealed record RenewalObjectionFinding(string RoundId, string SchoolId, int Number, string AgainstStaffId)
{
    /// <summary>Who objects (name and contact, at most 100 characters).</summary>
    public string? Objector { get; init; }

    /// <summary>What is objected (at most 500 characters).</summary>
    public string? Reason { get; init; }

    /// <summary>True once the review is over (answered or not); until then the objection is being looked into.</summary>
    public bool Concluded { get; init; }

    /// <summary>The finding: uphold or dismiss; null when not looked into (or not yet).</summary>
    public string? Finding { get; init; }

    /// <summary>The bureau's note on the finding (at most 1,000 characters).</summary>
    public string? Note { get; init; }

    /// <summary>Who answered the review.</summary>
    public string? FoundBy { get; init; }

    /// <summary>Why the review could not be done (zh-CN), when it failed; the objection then counts as not looked into.</summary>
    public string? Failure { get; init; }

    /// <summary>The line as kept in records of rounds that ran before objections had rows of their own; null for others.</summary>
    public string? EarlierLine { get; init; }

    /// <summary>The run that took the objection in, when it was started again under the round's id (<see cref="RenewalRun.Key"/>); null for a first run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Run { get; init; }

    /// <summary>The school's round this objection belongs to.</summary>
    public string RecordId => RenewalRecord.IdOf(RoundId, SchoolId);

    /// <summary>True when the finding stops the promotion.</summary>
    public bool Upheld => Finding == "uphold";

    /// <summary>The objection as the office reads it: who, what, and the finding with its note.</summary>
    public string Line() => EarlierLine
        ?? $"{Objector}：{Reason} → {(!Concluded ? "核查中" : Failure is not null ? $"核查失败（{Failure}）" : Finding is null ? "未核查" : RenewalChoices.Zh(Finding))}{(Note is { Length: > 0 } note ? "（" + note + "）" : string.Empty)}";
}
