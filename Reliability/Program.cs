using EduFlows.Bench;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

// The reliability suite (issue 16): fuzz, tokens, privacy, chaos and load probes against the app run by the local
// host in a process of its own. Usage: dotnet run -c Release --project Reliability -- [--fast] [--only fuzz,tokens]
//   [--seed N] [--results <folder>]. Exit code 0 when nothing was found, 1 otherwise.
var profile = args.Contains("--fast") ? SuiteProfile.Fast : SuiteProfile.Full;
int seed = Option("--seed") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount & 0xFFFF;
string results = Option("--results") ?? Path.Combine(RepositoryRoot(), "Reliability", "results");
var probes = ProbeCatalog.Select(Option("--only"));

string loadBefore = MachineFacts.LoadAverage();
var ranAt = DateTimeOffset.UtcNow;
var outcomes = new List<ProbeResult>();
await using (var app = await AppUnderTest.StartAsync(profile.AppOptions()))
{
    foreach (var probe in probes)
    {
        outcomes.Add(await SuiteRunner.RunAsync(probe, app, profile, seed, Console.Out));
    }
}

var report = new ReliabilityReport(ranAt, profile, seed, outcomes);
// Only a full run of every probe is "latest": the committed report the README quotes. A fast or partial run beside it.
string stem = Option("--only") is not null ? "latest-partial" : profile == SuiteProfile.Fast ? "latest-fast" : "latest";
report.Write(results, loadBefore, stem);
Console.WriteLine($"report: {Path.Combine(results, stem + ".md")}");
Console.WriteLine(report.Passed ? "passed" : $"{outcomes.Sum(o => o.Findings.Count)} finding(s)");
return report.Passed ? 0 : 1;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EduFlows.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
