using System.Globalization;
using System.Text.Json;
using EduFlows.Bench;
using EduFlows.Bench.Scenarios;
using EduFlows.DurableTask.Providers;

// dotnet run -c Release --project bench -- [--scenario NAME[,NAME...]] [--provider EduFlows|AzureStorage] [--rounds N] [--with-fan-out-10000] [--give-up-after MINUTES] [--stall-after SECONDS] [--storage CONNECTION_STRING] [--out DIR]
//   A round with no progress for --stall-after seconds (default 120) is dumped (stall-*.md in the output folder), stopped,
//   and the run goes on; the run then exits 1. A round that does not stop when asked ends the run at once (exit 3).
// dotnet run -c Release --project bench -- --reallocation [--out DIR]   (pure rules only: no Azurite, no provider)
// dotnet run -c Release --project bench -- --reallocation-mails [--mails 1000] [--out DIR]   (a batch of mails: one activity per mail vs per batch)
// dotnet run -c Release --project bench -- --reallocation-azurite [--budget-minutes 90] [--out DIR]   (the real app on Azurite, the demo county)
// dotnet run -c Release --project bench -- --apply-round-parts [--repeats 3] [--out DIR]   (one ApplyRound over the county on Azurite: queries vs writes)
// dotnet run -c Release --project bench -- --reallocation-window-tables [--people 2000] [--earlier 4000] [--out DIR]   (a window's task and mail rows on Azurite, old row key vs new)
bool withWideFanOut = args.Contains("--with-fan-out-10000");
Scenario[] scenarios =
[
    new HelloSequenceScenario(),
    new FanOutScenario(1000),
    .. withWideFanOut ? [new FanOutScenario(10_000)] : Array.Empty<Scenario>(),
    new TimerLatenessScenario(),
    new ReplayScenario(),
];
string? scenarioName = Option("--scenario");
int rounds = int.Parse(Option("--rounds") ?? "1", CultureInfo.InvariantCulture);
if (Option("--give-up-after") is { } giveUp)
{
    Scenario.GiveUpAfter = TimeSpan.FromMinutes(double.Parse(giveUp, CultureInfo.InvariantCulture));
}

var stallAfter = TimeSpan.FromSeconds(double.Parse(Option("--stall-after") ?? "120", CultureInfo.InvariantCulture));

// A hard limit on a whole round besides the limit on each wait: a round has at most a few waits, and startup and stop.
TimeSpan? roundLimit = Scenario.GiveUpAfter is { } perWait ? (perWait * 3) + TimeSpan.FromMinutes(1) : null;
string outDir = Option("--out") ?? Path.Combine(FindRepoRoot(), "bench", "results");
if (args.Contains("--reallocation-azurite"))
{
    double budget = double.Parse(Option("--budget-minutes") ?? "90", CultureInfo.InvariantCulture);
    return await EduFlows.Bench.Reallocation.ReallocationAzuriteBench.RunAsync(outDir, TimeSpan.FromMinutes(budget));
}

if (args.Contains("--apply-round-parts"))
{
    return await EduFlows.Bench.Reallocation.ApplyRoundPartsBench.RunAsync(outDir, int.Parse(Option("--repeats") ?? "3", CultureInfo.InvariantCulture));
}

if (args.Contains("--reallocation-window-tables"))
{
    return await EduFlows.Bench.Reallocation.ReallocationWindowTablesBench.RunAsync(
        outDir, int.Parse(Option("--people") ?? "2000", CultureInfo.InvariantCulture), int.Parse(Option("--earlier") ?? "4000", CultureInfo.InvariantCulture));
}

if (args.Contains("--reallocation-mails"))
{
    return await EduFlows.Bench.Reallocation.MailBatchBench.RunAsync(outDir, int.Parse(Option("--mails") ?? "1000", CultureInfo.InvariantCulture));
}

if (args.Contains("--reallocation"))
{
    return await EduFlows.Bench.Reallocation.ReallocationBench.RunAsync(outDir);
}

string[]? scenarioNames = scenarioName?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var selected = scenarios.Where(s => scenarioNames is null || scenarioNames.Contains(s.Name)).ToList();
if (selected.Count == 0 || rounds < 1)
{
    await Console.Error.WriteLineAsync($"Unknown scenario or bad --rounds. Scenarios: {string.Join(", ", scenarios.Select(s => s.Name))} (fan-out-10000 with --with-fan-out-10000).");
    return 2;
}

// Both providers share one Azurite (the given account, or one started here), so neither has a quieter emulator.
EduFlows.Tests.Infrastructure.AzuriteProcess? ownAzurite = null;
string? storage = Option("--storage");
if (storage is null)
{
    ownAzurite = await EduFlows.Tests.Infrastructure.AzuriteProcess.StartAsync();
    storage = ownAzurite.ConnectionString;
}

BenchProvider[] providers = [new(DurableStorageProvider.EduFlows, storage), new(DurableStorageProvider.AzureStorage, storage)];
if (Option("--provider") is { } only)
{
    // One provider alone, for iterating on it; the ratios then stay empty.
    providers = [.. providers.Where(p => string.Equals(p.Name, only, StringComparison.OrdinalIgnoreCase))];
}

string loadBefore = MachineFacts.LoadAverage();
var results = new List<Measurement>();
var notes = new List<string>();
int stalls = 0;
for (int round = 1; round <= rounds; round++)
{
    foreach (var scenario in selected)
    {
        // Alternate which provider goes first, so a warmer emulator or JIT does not always favour the same one.
        foreach (var provider in round % 2 == 1 ? providers : providers.Reverse())
        {
            await Console.Error.WriteLineAsync($"round {round}: {scenario.Name} on {provider.Name}");
            IReadOnlyList<Measurement> measured;
            using var watch = RoundWatch.Begin(stallAfter, roundLimit);
            string dumpPath = Path.Combine(outDir, $"stall-round{round}-{scenario.Name}-{provider.Name}.md");
            try
            {
                measured = await watch.SuperviseAsync(scenario.RunAsync(provider), dumpPath);
            }
            catch (Exception e) when (e is InvalidOperationException or AggregateException or OperationCanceledException or TimeoutException)
            {
                // A provider that cannot finish a scenario is a result too; the run goes on with the others.
                string why = e is RoundStalledException ? $"stalled: {e.Message}"
                    : e is OperationCanceledException && Scenario.GiveUpAfter is { } cap
                    ? $"a wait ran past its limit (at most {cap.TotalMinutes:0.#} min with --give-up-after)"
                    : $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
                string note = $"round {round}: {scenario.Name} on {provider.Name} did not finish: {why}";
                notes.Add(note);
                await Console.Error.WriteLineAsync(note);
                if (e is RoundStalledException stalled)
                {
                    stalls++;
                    if (stalled.Abandoned)
                    {
                        // Whatever still runs of that round would disturb every later figure: record and end here.
                        await WriteResultsAsync();
                        Environment.Exit(3);
                    }
                }

                continue;
            }

            foreach (var measurement in measured)
            {
                var withRound = measurement with { Round = round };
                results.Add(withRound);
                Console.WriteLine(JsonSerializer.Serialize(withRound));
            }
        }

        // Written after every scenario, so a long run stopped part-way still leaves what it measured.
        await WriteResultsAsync();
    }
}

if (ownAzurite is not null)
{
    await ownAzurite.DisposeAsync();
}

await WriteResultsAsync();
Console.WriteLine(await File.ReadAllTextAsync(Path.Combine(outDir, "latest.md")));

// A stalled round is a fault to look into, not a figure: the run says so in its exit code.
return stalls > 0 ? 1 : 0;

async Task WriteResultsAsync()
{
    var machine = MachineFacts.Read() with { LoadBefore = loadBefore, LoadAfter = MachineFacts.LoadAverage() };
    var comparisons = Comparison.Build(selected, results);
    Directory.CreateDirectory(outDir);
    var options = new JsonSerializerOptions { WriteIndented = true };
    await File.WriteAllTextAsync(Path.Combine(outDir, "latest.json"), JsonSerializer.Serialize(new { machine, measuredAt = DateTimeOffset.UtcNow, rounds, comparisons, notes, results }, options));
    await File.WriteAllTextAsync(Path.Combine(outDir, "latest.md"), Report.Markdown(machine, rounds, comparisons, notes, results));
}

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EduFlows.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
