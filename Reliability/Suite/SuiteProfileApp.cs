using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Suite;

/// <summary>The app under test as each profile runs it.</summary>
public static class SuiteProfileApp
{
    /// <summary>
    /// The full run loads the demo county and keeps the provider's timings; the fast subset seeds its own few people
    /// and has what a killed host held return after 10 s instead of 30 s.
    /// </summary>
    public static AppUnderTestOptions AppOptions(this SuiteProfile profile) => profile == SuiteProfile.Full
        ? new AppUnderTestOptions { DemoData = true }
        : new AppUnderTestOptions { QueueVisibility = TimeSpan.FromSeconds(10) };
}
