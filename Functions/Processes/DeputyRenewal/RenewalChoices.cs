namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The proposals, reviews and results of a renewal round, as codes and as staff read them.</summary>
public static class RenewalChoices
{
    /// <summary>Proposal: renew a deputy (续聘).</summary>
    public const string Renew = "renew";

    /// <summary>Proposal: promote a mid-level leader to deputy (提拔).</summary>
    public const string Promote = "promote";

    /// <summary>Proposal: do not renew a deputy (不再续聘).</summary>
    public const string NotRenew = "notRenew";

    /// <summary>Proposal: no promotion proposed for a mid-level leader (暂不提名).</summary>
    public const string None = "none";

    /// <summary>Result: renewed, post kept.</summary>
    public const string Renewed = "renewed";

    /// <summary>Result: promoted to deputy after the notice.</summary>
    public const string Promoted = "promoted";

    /// <summary>Result: not renewed, back to <see cref="DeputyRenewalOptions.NotRenewedPost"/>.</summary>
    public const string NotRenewed = "notRenewed";

    /// <summary>Result: nothing changes.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>A code's name in Chinese.</summary>
    public static string Zh(string? code) => code switch
    {
        Renew => "续聘",
        Promote => "提拔为副校长",
        NotRenew => "不再续聘",
        None => "暂不提名",
        Renewed => "续聘",
        Promoted => "已提拔",
        NotRenewed => "不再续聘",
        Unchanged => "维持现职",
        "approve" => "同意",
        "reject" => "不同意",
        "uphold" => "异议属实",
        "dismiss" => "异议不成立",
        null => "—",
        _ => code,
    };

    /// <summary>A result's name in English, for staff who read their own results in English.</summary>
    public static string En(string? code) => code switch
    {
        Renewed => "renewed",
        Promoted => "promoted to deputy principal",
        NotRenewed => "not renewed",
        Unchanged => "post unchanged",
        null => "—",
        _ => code,
    };
}
