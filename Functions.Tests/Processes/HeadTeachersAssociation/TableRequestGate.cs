using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// Holds one table request of a named flow (a vote, a submit) until the test lets it go, so a race runs in the order
/// the test sets and not by timing. A flow is named with <see cref="Enter"/> inside the task that runs it; requests of
/// other flows (the orchestration's activities, the test's own reads) pass untouched.
/// </summary>
internal sealed class TableRequestGate : HttpPipelinePolicy
{
    private static readonly AsyncLocal<string?> Flow = new();
    private readonly List<Hold> _holds = [];

    /// <summary>Names the flow of the calling task (set inside <c>Task.Run</c>, so it ends with the task).</summary>
    public static void Enter(string flow) => Flow.Value = flow;

    /// <summary>Holds the first request of <paramref name="flow"/> for which <paramref name="when"/> is true (it sees each of the flow's requests in order).</summary>
    public Hold HoldFirst(string flow, Func<Request, bool> when)
    {
        var hold = new Hold(flow, when);
        lock (_holds)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    /// <summary>True for a request that adds a row to the table whose name ends with <paramref name="table"/>.</summary>
    public static bool Adds(Request request, string table) =>
        request.Method == RequestMethod.Post && request.Uri.Path.EndsWith(table, StringComparison.Ordinal);

    /// <summary>True for a request that writes to the table whose name ends with <paramref name="table"/> (adds, replaces, upserts, deletes).</summary>
    public static bool Writes(Request request, string table) =>
        request.Method != RequestMethod.Get && (request.Uri.Path.EndsWith(table, StringComparison.Ordinal) || request.Uri.Path.Contains(table + "(", StringComparison.Ordinal));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Match(message.Request)?.WaitAsync().GetAwaiter().GetResult();
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Match(message.Request) is { } hold)
        {
            await hold.WaitAsync();
        }

        await ProcessNextAsync(message, pipeline);
    }

    private Hold? Match(Request request)
    {
        if (Flow.Value is not { } flow)
        {
            return null;
        }

        lock (_holds)
        {
            // Every open hold of the flow sees the request, so a hold may note what came before the one it waits for.
            Hold? chosen = null;
            foreach (var hold in _holds.Where(h => h.Flow == flow && !h.Fired))
            {
                if (hold.Sees(request) && chosen is null)
                {
                    chosen = hold;
                }
            }

            chosen?.Fire();
            return chosen;
        }
    }

    /// <summary>One held request: <see cref="Reached"/> when it is waiting, sent on <see cref="Release"/>.</summary>
    internal sealed class Hold(string flow, Func<Request, bool> when)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Flow { get; } = flow;

        public bool Fired { get; private set; }

        /// <summary>Completes when the request is held (fails the test's wait after a minute if it never comes).</summary>
        public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

        public void Release() => _released.TrySetResult();

        /// <summary>Lets the request fail as a store failing at that moment would, without reaching the store.</summary>
        public void Fail() => _released.TrySetException(new RequestFailedException(503, "injected: the store did not answer"));

        internal bool Sees(Request request) => when(request);

        internal void Fire() => Fired = true;

        // A request the test never lets go (it failed first) fails after a while instead of keeping the host from stopping.
        internal async Task WaitAsync()
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
    }
}
