namespace EduFlows.Triggers.Timers;

/// <summary>A backfilled run's services: the function's scope, with <see cref="TimeProvider"/> set to the occurrence's clock.</summary>
public sealed class BackfillServices(IServiceProvider scope, BackfillClock clock) : IServiceProvider
{
    /// <inheritdoc/>
    public object? GetService(Type serviceType) => serviceType == typeof(TimeProvider) ? clock : scope.GetService(serviceType);
}
