using Microsoft.Extensions.Logging;

namespace EduFlows.Tests.Infrastructure;

/// <summary>Collects log entries so a test can assert that something was logged (by event id or category).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(string Category, EventId EventId, string Message)> _entries = [];

    public int Count(int eventId)
    {
        lock (_entries)
        {
            return _entries.Count(e => e.EventId.Id == eventId);
        }
    }

    public IReadOnlyList<string> MessagesOf(int eventId)
    {
        lock (_entries)
        {
            return [.. _entries.Where(e => e.EventId.Id == eventId).Select(e => e.Message)];
        }
    }

    public IReadOnlyList<string> Messages(string category)
    {
        lock (_entries)
        {
            return [.. _entries.Where(e => e.Category == category).Select(e => e.Message)];
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add((category, eventId, formatter(state, exception)));
            }
        }
    }
}
