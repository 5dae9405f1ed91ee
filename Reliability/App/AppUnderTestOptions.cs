namespace EduFlows.Reliability.App;

/// <summary>How the app under test is started.</summary>
public sealed record AppUnderTestOptions
{
    /// <summary>Load the demo county (8,950 staff) on first start; the fast subset seeds a few people itself.</summary>
    public bool DemoData { get; init; }

    /// <summary>host.json's storage provider (<c>EduFlows</c> or <c>AzureStorage</c>).</summary>
    public string StorageProvider { get; init; } = "EduFlows";

    /// <summary>How long the host may take to answer its health check after a (re)start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
