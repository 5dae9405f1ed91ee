namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// Sends activity responses for one instance together: the first goes out at once, and those that complete while it is
/// being sent follow in one queue message. A fan-out's thousand responses then cost tens of control-queue messages to
/// send, receive and delete, not thousands, and a lone response waits for nothing.
/// </summary>
/// <remarks>
/// Each caller's task completes only when the queue message carrying its response is stored, so an activity call is
/// still removed only after its response is durable. A group that fails fails every caller in it (each call runs
/// again, and a response that did arrive twice is dropped as already answered).
/// </remarks>
internal sealed class ResponseCoalescer(Func<string, IReadOnlyList<(OrchestrationMessage Message, string Json)>, Task> send, int maxBytes, int maxCount)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="message"/> (serialized as <paramref name="json"/>) and completes once it is stored.</summary>
    public Task SendAsync(OrchestrationMessage message, string json)
    {
        Group group;
        Lane lane;
        bool start = false;
        lock (_gate)
        {
            if (!_lanes.TryGetValue(message.InstanceId, out lane!))
            {
                _lanes[message.InstanceId] = lane = new Lane(message.InstanceId);
            }

            int bytes = System.Text.Encoding.UTF8.GetByteCount(json);
            if (lane.Open is not { } open || open.Items.Count >= maxCount || open.Bytes + bytes > maxBytes)
            {
                lane.Open = open = new Group();
                lane.Waiting.Enqueue(open);
            }

            open.Items.Add((message, json));
            open.Bytes += bytes;
            group = open;
            if (!lane.Sending)
            {
                lane.Sending = true;
                start = true;
            }
        }

        if (start)
        {
            _ = PumpAsync(lane);
        }

        return group.Stored.Task;
    }

    private async Task PumpAsync(Lane lane)
    {
        while (true)
        {
            Group group;
            lock (_gate)
            {
                if (!lane.Waiting.TryDequeue(out group!))
                {
                    lane.Sending = false;
                    _lanes.Remove(lane.InstanceId);
                    return;
                }

                if (ReferenceEquals(lane.Open, group))
                {
                    // Closed from here: what completes meanwhile gathers in the next group.
                    lane.Open = null;
                }
            }

            try
            {
                await send(lane.InstanceId, group.Items).ConfigureAwait(false);
                group.Stored.TrySetResult();
            }
#pragma warning disable CA1031 // The callers get the failure; the lane goes on with the next group.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                group.Stored.TrySetException(ex);
            }
        }
    }

    private sealed class Lane(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public Queue<Group> Waiting { get; } = new();

        public Group? Open { get; set; }

        public bool Sending { get; set; }
    }

    private sealed class Group
    {
        public List<(OrchestrationMessage Message, string Json)> Items { get; } = [];

        public int Bytes { get; set; }

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
