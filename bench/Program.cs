using System.Globalization;
using System.Text;
using System.Text.Json;
using EduFlows.Bench;
using EduFlows.Bench.Scenarios;

// dotnet run -c Release --project bench -- [--scenario NAME] [--backend memory|azurite] [--storage CONNECTION_STRING] [--out DIR]
Scenario[] scenarios = [new HelloSequenceScenario(), new FanOutScenario(1000), new FanOutScenario(10_000), new ReplayScenario(), new TimerLatenessScenario()];
string? scenarioName = Option("--scenario");
string? backendName = Option("--backend");
string outDir = Option("--out") ?? Path.Combine(FindRepoRoot(), "bench", "results");

var selectedScenarios = scenarios.Where(s => scenarioName is null || s.Name == scenarioName).ToList();
var backendNames = BenchBackend.Names.Where(b => backendName is null || b == backendName).ToList();
if (selectedScenarios.Count == 0 || backendNames.Count == 0)
{
    await Console.Error.WriteLineAsync(
        $"Unknown scenario or backend. Scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}. Backends: {string.Join(", ", BenchBackend.Names)}.");
    return 2;
}

// --backend azurite uses --storage CONNECTION_STRING when given, else starts its own in-memory Azurite.
EduFlows.Tests.Infrastructure.AzuriteProcess? ownAzurite = null;
var selectedBackends = new List<BenchBackend>();
foreach (string name in backendNames)
{
    if (name == "memory")
    {
        selectedBackends.Add(BenchBackend.Memory);
        continue;
    }

    string? storage = Option("--storage");
    if (storage is null)
    {
        ownAzurite = await EduFlows.Tests.Infrastructure.AzuriteProcess.StartAsync();
        storage = ownAzurite.ConnectionString;
    }

    selectedBackends.Add(BenchBackend.Azurite(storage));
}

var results = new List<Measurement>();
foreach (var backend in selectedBackends)
{
    foreach (var scenario in selectedScenarios)
    {
        if (scenarioName is null && backend.Name == "azurite" && scenario.Name == "fan-out-10000")
        {
            // Azurite is one Node process whose queue operations slow down with thousands of waiting messages:
            // this run takes a quarter of an hour there and measures the emulator, so it runs only when asked for.
            await Console.Error.WriteLineAsync("skipped fan-out-10000 on azurite (run it with --scenario fan-out-10000 --backend azurite)");
            continue;
        }

        foreach (var measurement in await scenario.RunAsync(backend))
        {
            results.Add(measurement);
            Console.WriteLine(JsonSerializer.Serialize(measurement));
        }
    }
}

if (ownAzurite is not null)
{
    await ownAzurite.DisposeAsync();
}

var machine = MachineFacts.Read();
Directory.CreateDirectory(outDir);
var options = new JsonSerializerOptions { WriteIndented = true };
await File.WriteAllTextAsync(Path.Combine(outDir, "latest.json"), JsonSerializer.Serialize(new { machine, measuredAt = DateTimeOffset.UtcNow, results }, options));
await File.WriteAllTextAsync(Path.Combine(outDir, "latest.md"), Markdown(machine, results));
return 0;

static string Markdown(MachineFacts machine, List<Measurement> results)
{
    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd} on {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Os}, {machine.Runtime}.");
    md.AppendLine();
    md.AppendLine("| scenario | backend | metric | value | unit |");
    md.AppendLine("|---|---|---|---:|---|");
    foreach (var r in results)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Backend} | {r.Metric} | {r.Value} | {r.Unit} |");
    }

    return md.ToString();
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
