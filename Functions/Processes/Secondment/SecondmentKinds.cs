namespace EduFlows.Processes.Secondment;

/// <summary>The two kinds of assignment the bureau makes, as codes in the API and their names as staff read them.</summary>
public static class SecondmentKinds
{
    /// <summary>双向交流: a cadre or researcher moves between the bureau and a school, or between schools.</summary>
    public const string Exchange = "exchange";

    /// <summary>挂职锻炼: a cadre or reserve principal is seconded to a host unit for training.</summary>
    public const string Secondment = "secondment";

    /// <summary>The kind's name in Chinese; an unknown code as given.</summary>
    public static string Zh(string kind) => kind switch
    {
        Exchange => "双向交流",
        Secondment => "挂职锻炼",
        _ => kind,
    };

    /// <summary>The kind's name in English; an unknown code as given.</summary>
    public static string En(string kind) => kind switch
    {
        Exchange => "Two-way exchange",
        Secondment => "Secondment",
        _ => kind,
    };
}
