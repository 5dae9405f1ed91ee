namespace EduFlows.Durable;

/// <summary>What a restart did (<see cref="InstanceRestarts"/>): the instance started, or why it was refused.</summary>
/// <param name="InstanceId">The instance started; null when refused.</param>
/// <param name="RefusalZh">Why it was refused, in Chinese, for the office and the problem's detail; null when started.</param>
/// <param name="RefusalEn">The same in English.</param>
public sealed record InstanceRestart(string? InstanceId, string? RefusalZh, string? RefusalEn)
{
    /// <summary>Started as <paramref name="instanceId"/>.</summary>
    public static InstanceRestart Started(string instanceId) => new(instanceId, null, null);

    /// <summary>Refused (a conflict with how the instance's process starts), nothing started.</summary>
    public static InstanceRestart Refused(string zh, string en) => new(null, zh, en);
}
