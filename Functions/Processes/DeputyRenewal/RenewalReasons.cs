using System.Globalization;
using System.Text.RegularExpressions;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// Why a person's round ended as it did (<see cref="RenewalCandidate.Why"/>): the rule's words in Chinese, as the round
/// records them and the results mail prints them, and the same reason in English for staff who read /api/me in English.
/// </summary>
/// <remarks>
/// The round records the Chinese text itself (histories replay it), so the English is found from that text: a reason
/// written before a wording changed, or one the bureau typed, stays in Chinese rather than showing a wrong translation.
/// </remarks>
public static partial class RenewalReasons
{
    /// <summary>A deputy with no proposal from the school keeps the post.</summary>
    public const string NoProposal = "学校未提出建议：维持现职";

    /// <summary>A mid-level leader the school did not nominate.</summary>
    public const string NotNominated = "学校未提名";

    /// <summary>The bureau did not review the proposal within its time.</summary>
    public const string NotReviewed = "教育局未在期限内审核：维持现职";

    /// <summary>Renewal proposed and approved.</summary>
    public const string RenewApproved = "学校建议续聘，教育局同意";

    /// <summary>Renewal proposed and rejected.</summary>
    public const string RenewRejected = "学校建议续聘，教育局不同意";

    /// <summary>Not renewing proposed and approved.</summary>
    public const string NotRenewApproved = "学校建议不再续聘，教育局同意";

    /// <summary>Not renewing proposed and rejected.</summary>
    public const string NotRenewRejected = "学校建议不再续聘，教育局不同意";

    /// <summary>Promotion proposed and rejected.</summary>
    public const string PromoteRejected = "学校建议提拔，教育局不同意";

    /// <summary>Promotion dropped because an objection during the notice was upheld.</summary>
    public const string ObjectionUpheld = "公示期间异议经核查属实，不予提拔";

    private static readonly Dictionary<string, string> English = new(StringComparer.Ordinal)
    {
        [NoProposal] = "no proposal from the school: post kept",
        [NotNominated] = "not nominated by the school",
        [NotReviewed] = "not reviewed by the bureau in time: post kept",
        [RenewApproved] = "renewal proposed by the school and approved by the bureau",
        [RenewRejected] = "renewal proposed by the school, not approved by the bureau",
        [NotRenewApproved] = "the school proposed not to renew and the bureau approved",
        [NotRenewRejected] = "the school proposed not to renew, the bureau did not approve",
        [PromoteRejected] = "promotion proposed by the school, not approved by the bureau",
        [ObjectionUpheld] = "an objection during the notice was found true: not promoted",
    };

    /// <summary>Promotion proposed, approved and through its notice of <paramref name="noticeWorkingDays"/> working days.</summary>
    public static string Promoted(int noticeWorkingDays) => string.Create(CultureInfo.InvariantCulture, $"学校建议提拔，教育局同意，公示{noticeWorkingDays}个工作日无异议或异议不成立");

    /// <summary>The reason in English, or the recorded text itself when it is not one of the rule's.</summary>
    public static string InEnglish(string? why)
    {
        if (why is null)
        {
            return "—";
        }

        if (English.TryGetValue(why, out string? english))
        {
            return english;
        }

        return PromotedPattern().Match(why) is { Success: true } promoted
            ? $"promotion proposed by the school and approved by the bureau; no objection upheld during the {promoted.Groups[1].Value}-working-day notice"
            : why;
    }

    [GeneratedRegex(@"^学校建议提拔，教育局同意，公示(\d+)个工作日无异议或异议不成立$", RegexOptions.CultureInvariant)]
    private static partial Regex PromotedPattern();
}
