namespace EduFlows.Processes.ReservePool;

/// <summary>The office's judgement of a pool member (the values stored and queried).</summary>
public static class PoolReadiness
{
    /// <summary>可提任: ready to be appointed.</summary>
    public const string Ready = "ready";

    /// <summary>培养中: still being developed (every new member).</summary>
    public const string Developing = "developing";

    /// <summary>Whether <paramref name="value"/> is one of the values.</summary>
    public static bool IsKnown(string? value) => value is Ready or Developing;

    /// <summary>The value in Chinese.</summary>
    public static string Zh(string value) => value == Ready ? "可提任" : "培养中";
}
