namespace EduFlows.Reliability.App;

/// <summary>How the app under test is started.</summary>
public sealed record AppUnderTestOptions
{
    /// <summary>Load the demo county (8,950 staff) on first start; the fast subset seeds a few people itself.</summary>
    public bool DemoData { get; init; }

    /// <summary>host.json's storage provider (<c>EduFlows</c> or <c>AzureStorage</c>).</summary>
    public string StorageProvider { get; init; } = "EduFlows";

    /// <summary>
    /// host.json's <c>controlQueueVisibilityTimeout</c> and <c>workItemQueueVisibilityTimeout</c>: how long the messages
    /// and activity calls a killed host held stay out of reach of the restarted one. Null keeps the provider's default
    /// (30 s). The fast profile shortens it, so its kills cost a third of the wait; the full run keeps the default.
    /// </summary>
    public TimeSpan? QueueVisibility { get; init; }

    /// <summary>How long the host may take to answer its health check after a (re)start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
