using System.Globalization;
using System.Text.RegularExpressions;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// One reason an unplaced case records, as the rule found it: its kind and figures, which staff and the office read in
/// their words (<see cref="PlacementWords.UnplacedReason(UnplacedReason, Func{string, string})"/>). <see cref="Line"/> is
/// the rule's stable English line that the trace, audits and tests compare (<see cref="UnplacedCase.Reasons"/>).
/// </summary>
/// <param name="Kind">Which reason.</param>
/// <param name="PostId">Their own post, for the in-school reasons.</param>
/// <param name="Count">The own post's seats (<see cref="UnplacedReasonKind.OwnPostFull"/>), the posts listed (<see cref="UnplacedReasonKind.NoneOpen"/>), or those listed that were open to them (<see cref="UnplacedReasonKind.AllFilled"/>); 0 otherwise.</param>
/// <param name="Subject">Their subject's code, for <see cref="UnplacedReasonKind.NoneOpen"/>.</param>
public sealed partial record UnplacedReason(UnplacedReasonKind Kind, string? PostId = null, int Count = 0, string? Subject = null)
{
    /// <summary>The rule's English line for this reason.</summary>
    public string Line => Kind switch
    {
        UnplacedReasonKind.OwnPostClosed => Invariant($"in-school competition: own post {PostId} not published or closed"),
        UnplacedReasonKind.OwnPostFull => Invariant($"in-school competition: the {Count} seats of own post {PostId} went to colleagues ranked higher or were taken in earlier rounds"),
        UnplacedReasonKind.NoRankedList => "cross-school competition: no ranked list submitted",
        UnplacedReasonKind.NoneOpen => Invariant($"cross-school competition: none of the {Count} listed posts is open to a {Subject} teacher"),
        _ => Invariant($"cross-school competition: all {Count} listed posts open to them were filled by applicants ranked higher"),
    };

    /// <summary>
    /// The reason a line of the rule's says (<see cref="Line"/>'s forms), for a case recorded before the reasons were kept
    /// whole (<see cref="UnplacedCase.Why"/> null); null for a line of another form.
    /// </summary>
    public static UnplacedReason? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (OwnPostClosed().Match(line) is { Success: true } closed)
        {
            return new(UnplacedReasonKind.OwnPostClosed, closed.Groups["post"].Value);
        }

        if (OwnPostFull().Match(line) is { Success: true } full && int.TryParse(full.Groups["seats"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seats))
        {
            return new(UnplacedReasonKind.OwnPostFull, full.Groups["post"].Value, seats);
        }

        if (line == "cross-school competition: no ranked list submitted")
        {
            return new(UnplacedReasonKind.NoRankedList);
        }

        if (NoneOpen().Match(line) is { Success: true } none && int.TryParse(none.Groups["listed"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int listed))
        {
            return new(UnplacedReasonKind.NoneOpen, Count: listed, Subject: none.Groups["subject"].Value);
        }

        return AllFilled().Match(line) is { Success: true } filled && int.TryParse(filled.Groups["usable"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int usable)
            ? new(UnplacedReasonKind.AllFilled, Count: usable)
            : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^in-school competition: own post (?<post>\S+) not published or closed$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnPostClosed();

    [GeneratedRegex(@"^in-school competition: the (?<seats>\d+) seats of own post (?<post>\S+) went to colleagues ranked higher or were taken in earlier rounds$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnPostFull();

    [GeneratedRegex(@"^cross-school competition: none of the (?<listed>\d+) listed posts is open to a (?<subject>\S+) teacher$", RegexOptions.CultureInvariant)]
    private static partial Regex NoneOpen();

    [GeneratedRegex(@"^cross-school competition: all (?<usable>\d+) listed posts open to them were filled by applicants ranked higher$", RegexOptions.CultureInvariant)]
    private static partial Regex AllFilled();
}
