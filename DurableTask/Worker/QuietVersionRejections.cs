using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// A work item refused by <see cref="VersionGate"/> (Reject) comes back to the dispatcher again and again until a worker
/// of its version takes it; DurableTask.Core would log each return as an unhandled error. The refusal is expected while
/// two versions of the app run side by side, so it is logged once per instance and version, as a warning, and the
/// dispatcher's own error lines for it are left out.
/// </summary>
internal sealed class QuietVersionRejections(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly Action<ILogger, string, string, Exception?> LogRejected = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(3301, "VersionRejected"), "Instance {InstanceId} waits for a worker of its version: {Refusal}");

    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);
    private readonly ILogger _logger = inner.CreateLogger("EduFlows.DurableTask.Versioning");

    /// <summary>Logs the refusal of <paramref name="instanceId"/> the first time it is refused for <paramref name="version"/>.</summary>
    public void Refused(string instanceId, string? version, string refusal)
    {
        if (_warned.TryAdd(instanceId + "\n" + version, true))
        {
            LogRejected(_logger, instanceId, refusal, null);
        }
    }

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Filtered(inner.CreateLogger(categoryName));

    /// <inheritdoc/>
    public void Dispose()
    {
        // The inner factory belongs to the host's container.
    }

    private sealed class Filtered(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // DurableTask.Core passes the exception as text in its message, not as the exception argument.
            if (exception is VersionRejectedException
                || (logLevel >= LogLevel.Warning && formatter(state, exception).Contains(nameof(VersionRejectedException), StringComparison.Ordinal)))
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
