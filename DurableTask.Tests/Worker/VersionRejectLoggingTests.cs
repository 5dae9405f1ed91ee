using EduFlows.DurableTask.Storage.InMemory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>An instance refused for its version (Reject) is said once, as a warning, however often it comes back.</summary>
public sealed class VersionRejectLoggingTests
{
    [Fact]
    public async Task Reject_LogsOneWarningNamingTheInstance_AndNoErrorsWhileItWaits()
    {
        var sink = new LevelSink();
        await using var host = await DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            r => r.AddOrchestratorFunc<object?, string>("Echo", (ctx, _) => Task.FromResult(ctx.Version)),
            null,
            services => services
                .AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace))
                .ConfigureAll<DurableTaskWorkerOptions>(o => o.Versioning = new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.CurrentOrOlder, FailureStrategy = VersionFailureStrategy.Reject }));

        string newer = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "3.0" });
        // Long enough for the dispatcher to take the refused work item back several times.
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(newer))!.RuntimeStatus);
        var entries = sink.Entries;
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        var warning = Assert.Single(entries, e => e.Message.Contains(newer, StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("3.0", warning.Message, StringComparison.Ordinal);
    }

    private sealed class LevelSink : ILoggerProvider, ILogger
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
            }
        }

        public void Dispose()
        {
        }
    }
}
