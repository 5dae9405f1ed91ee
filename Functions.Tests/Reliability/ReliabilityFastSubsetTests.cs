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
        var figures = result.Figures.ToDictionary(f => f.Name, f => f.Value);
        foreach (string figure in ExpectedFigures(probe))
        {
            Assert.True(figures.ContainsKey(figure), $"the {probe} report has no figure '{figure}'");
        }

        if (probe == "chaos")
        {
            // The host was really killed: a chaos run with no kill proves nothing about crashes.
            Assert.True(figures["kills"] > 0 && figures["review self-assessment: kills"] > 0, "the chaos probe killed nothing");
        }
    }

    /// <summary>Figures the issue asks each report to give: the kills in every part of the chaos, the roster import's time.</summary>
    private static string[] ExpectedFigures(string probe) => probe switch
    {
        "chaos" => ["distribution: kills", "review self-assessment: kills", "reallocation: kills", "kills"],
        "load" => ["roster import, one unclosed quoted line of 277 KB: took", "roster import, 277 KB of rows full of escaped quotes: took", "roster import, 277 KB of quoted empty cells on one line: took"],
        _ => [],
    };

    /// <summary>One app (host process, Azurite, mail catcher) for every probe of the class, as the suite runs them.</summary>
    public sealed class RunningApp : IAsyncLifetime
    {
        private AppUnderTest? _app;

        public AppUnderTest App => _app ?? throw new InvalidOperationException("The app did not start.");

        public async Task InitializeAsync() => _app = await AppUnderTest.StartAsync(SuiteProfile.Fast.AppOptions());

        // When the start failed there is nothing to stop, and the start's own error is the one to report.
        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
