namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>Waits for what a worker does in the background to be seen, by looking again every 50 ms.</summary>
internal static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; the token (each test's overall bound) ends a wait that never does.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
