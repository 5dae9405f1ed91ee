using System.Text.Json.Serialization;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>One person of a school's round and what became of them.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Post">Their post when the round started: vice-principal (a deputy) or mid-level-leader (a promotion candidate).</param>
public sealed record RenewalCandidate(string StaffId, string Name, string Post)
{
    /// <summary>The principal's proposal (<see cref="RenewalChoices"/>).</summary>
    public string? Proposal { get; init; }

    /// <summary>The principal's reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The bureau's review: approve, reject, or null when not reviewed.</summary>
    public string? Review { get; init; }

    /// <summary>The bureau's note.</summary>
    public string? ReviewNote { get; init; }

    /// <summary>
    /// How many objections were raised against the person during the notice: their lines, as <see cref="DeputyRenewalStore"/>
    /// reads them. Not written anywhere (a row, history or status would hold 0, its lines being rows of their own); records
    /// written with a count still read, the member skipped.
    /// </summary>
    [JsonIgnore]
    public int ObjectionCount => Objections.Count;

    /// <summary>
    /// The objections, one line each with their finding, as <see cref="DeputyRenewalStore"/> reads them from their rows;
    /// empty as stored. (Records of rounds stored before objections had rows kept the lines here.)
    /// </summary>
    public IReadOnlyList<string> Objections { get; init; } = [];

    /// <summary>The result (<see cref="RenewalChoices"/>), once decided.</summary>
    public string? Result { get; init; }

    /// <summary>Which rule gave the result, zh-CN.</summary>
    public string? Why { get; init; }

    /// <summary>True for a deputy, false for a promotion candidate.</summary>
    public bool IsDeputy => Post == "vice-principal";
}
