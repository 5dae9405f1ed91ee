namespace EduFlows.Durable;

/// <summary>An instance's next durable timer as it publishes it in its custom status (<see cref="TimerStatus"/>).</summary>
/// <param name="At">When it fires (UTC).</param>
/// <param name="Purpose">What it is for, in Chinese ("任务到期：关于期末考试安排的通知（王芳）").</param>
/// <param name="PurposeEn">The same in English.</param>
public sealed record PublishedTimer(DateTimeOffset At, string Purpose, string PurposeEn);
