using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;
using Xunit.Abstractions;

namespace EduFlows.Tests.Reliability;

/// <summary>
/// The reliability suite's fast subset (issue 16), in CI: every probe of <see cref="ProbeCatalog"/> against the app run
/// by the local host in a process of its own, as <c>scripts/reliability.sh</c> runs them in full. A probe passes
/// when it found nothing; its findings (request and answer) are the failure message.
/// </summary>
public sealed class ReliabilityFastSubsetTests(ReliabilityFastSubsetTests.RunningApp running, ITestOutputHelper output) : IClassFixture<ReliabilityFastSubsetTests.RunningApp>
{
    public static TheoryData<string> Probes() => [.. ProbeCatalog.All().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Probe_FastProfile_FindsNothing(string probe)
    {
        var log = new StringWriter();
        var result = await SuiteRunner.RunAsync(ProbeCatalog.Select(probe)[0], running.App, SuiteProfile.Fast, seed: 20261205, log);
        output.WriteLine(log.ToString());
        foreach (var figure in result.Figures)
        {
            output.WriteLine($"{figure.Name}: {figure.Value} {figure.Unit}");
        }

        Assert.True(result.Passed, string.Join("\n", result.Findings.Select(f => $"{f.Check}: {f.Detail}")));
    }

    /// <summary>One app (host process, Azurite, mail catcher) for every probe of the class, as the suite runs them.</summary>
    public sealed class RunningApp : IAsyncLifetime
    {
        public AppUnderTest App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await AppUnderTest.StartAsync();

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
