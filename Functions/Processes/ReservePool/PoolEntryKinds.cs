namespace EduFlows.Processes.ReservePool;

/// <summary>The kinds of entry in a person's file (<see cref="ShadowTraining.ReservePoolEntry.Kind"/>) and their Chinese names.</summary>
public static class PoolEntryKinds
{
    /// <summary>Entry into the pool.</summary>
    public const string Entry = "entry";

    /// <summary>A shadow-training certificate (written by shadow training).</summary>
    public const string ShadowTraining = "shadow-training";

    /// <summary>A secondment (挂职锻炼), written by the secondment process.</summary>
    public const string Secondment = "secondment";

    /// <summary>Training hours credited by a course or lecture.</summary>
    public const string Training = "training";

    /// <summary>An assessment result.</summary>
    public const string Assessment = "assessment";

    /// <summary>A yearly review's decision.</summary>
    public const string Review = "review";

    /// <summary>Leaving the pool.</summary>
    public const string Exit = "exit";

    /// <summary>The kinds another process may append through the API.</summary>
    public static readonly IReadOnlyList<string> Appendable = [ShadowTraining, Secondment, Training, Assessment];

    /// <summary>A kind in Chinese.</summary>
    public static string Zh(string kind) => kind switch
    {
        Entry => "入库",
        ShadowTraining => "影子培训",
        Secondment => "挂职锻炼",
        Training => "培训学时",
        Assessment => "考核结果",
        Review => "年度考察",
        Exit => "出库",
        _ => kind,
    };

    /// <summary>A kind in English.</summary>
    public static string En(string kind) => kind switch
    {
        Entry => "entry",
        ShadowTraining => "shadow training",
        Secondment => "secondment",
        Training => "training hours",
        Assessment => "assessment result",
        Review => "annual review",
        Exit => "exit",
        _ => kind,
    };
}
