namespace EduFlows.Processes.ResearcherReview;

/// <summary>The levels of an honour or achievement as staff read them: the scheme stores codes (county, city, provincial, national).</summary>
public static class BonusLevels
{
    /// <summary>"县级", "市级", "省级", "国家级"; an unknown code as given (the office's own scheme may add levels).</summary>
    public static string Zh(string level) => level switch
    {
        "county" => "县级",
        "city" => "市级",
        "provincial" => "省级",
        "national" => "国家级",
        _ => level,
    };

    /// <summary>"county", "city", "provincial", "national" level, for English pages.</summary>
    public static string En(string level) => level + " level";
}
