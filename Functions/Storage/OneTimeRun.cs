namespace EduFlows.Storage;

/// <summary>What a run of one-time work (<see cref="OneTimeWork{TMark, TPoint}.RunAsync"/>) came to.</summary>
/// <param name="Outcome">Done now, done before, or claimed by another host.</param>
/// <param name="Mark">The mark this run wrote (only when <see cref="OneTimeOutcome.Done"/>).</param>
/// <param name="ClaimedUntil">Until when another host's claim holds (only when <see cref="OneTimeOutcome.ClaimedElsewhere"/>).</param>
/// <typeparam name="TMark">What the work's mark records.</typeparam>
public sealed record OneTimeRun<TMark>(OneTimeOutcome Outcome, TMark? Mark, DateTimeOffset? ClaimedUntil)
    where TMark : class;
