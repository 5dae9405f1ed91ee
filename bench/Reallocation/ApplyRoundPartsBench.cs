using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Bench.Reallocation;

/// <summary>
/// Where an <c>ApplyRound</c> over the county's 8,950 people spends Azurite's time (issue 17: 143 s at 100 % CPU in the
/// county run): the state queries the activity makes versus its writes, alternated in one run on one Azurite, each
/// timed on the wall clock and by Azurite's own CPU time (its node process, from /proc). The machine is shared, so the
/// ratios matter more than the seconds. Also the same rows written under other row layouts, to see what the
/// emulator's cost depends on. Writes <c>reallocation-apply-round.md</c>.
/// </summary>
internal static class ApplyRoundPartsBench
{
    private const string Id = "bench-apply";
    private const int Concurrency = 16;

    private sealed record Part(string What, int Rows, int Requests, double Seconds, double AzuriteCpu, double BenchCpu);

    public static async Task<int> RunAsync(string outDir, int repeats)
    {
        string loadBefore = MachineFacts.LoadAverage();
        await using var azurite = await AzuriteProcess.StartAsync();
        int pid = AzuriteCpu.NodePidOf(azurite.TablePort);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var store = new StaffReallocationStore(account, "Bench");
        var activities = new StaffReallocationActivities(store, null!, null!, null!, null!, null!);
        var parts = new List<Part>();

        var (people, posts) = CountyRows();
        await Console.Error.WriteLineAsync($"{people.Count} people, {posts.Count} schools; Azurite pid {pid}");
        parts.Add(await TimeAsync(pid, "load: people stored (store.People.PutAllAsync)", people.Count, people.Count, () => store.People.PutAllAsync(people, Concurrency, CancellationToken.None)));
        await store.Posts.PutAllAsync(posts, Concurrency, CancellationToken.None);

        // The activity itself once, as the process runs it after the in-school window: nearly every row changes.
        IReadOnlyList<string> changed = [];
        parts.Add(await TimeAsync(pid, "ApplyRound(InSchoolCompetition) whole, as run", people.Count, 0, async () =>
            changed = await activities.ApplyRoundAsync(new(Id, Round.InSchoolCompetition, false, DateTimeOffset.UtcNow), CancellationToken.None)));
        await Console.Error.WriteLineAsync($"ApplyRound changed {changed.Count}");

        // Its parts, alternated: the state query (people and posts), the rankings query, and the people's read-modify-write
        // as ApplyRound does it (store.People.ChangeAllAsync: everyone read with their versions, each changed row written
        // only over the version read, in transactions of up to 100). Each time the rows go back and forth between the
        // county as stored before the round and as the round left it, so every row the round changed is written.
        var (_, placedPeople) = await store.StateAsync(Id, CancellationToken.None);
        var states = new[] { people, placedPeople }.Select(s => s.ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal)).ToArray();
        int writes = 0;
        for (int n = 0; n < repeats; n++)
        {
            Func<Task<Part>>[] order =
            [
                () => TimeAsync(pid, "query: state (people + posts, as StateAsync)", people.Count, 0, () => store.StateAsync(Id, CancellationToken.None)),
                () => TimeAsync(pid, "query: the round's rankings", 0, 1, () => store.RankingsOfAsync(Id, Round.InSchoolCompetition, CancellationToken.None)),
                () => ChangeAllAsync(pid, store, states[writes++ % 2]),
            ];
            foreach (var part in n % 2 == 0 ? order : order.Reverse())
            {
                parts.Add(await part());
            }
        }

        // The same rows under other layouts, in tables of their own: what the emulator's cost per write depends on.
        var layouts = new (string Name, Func<PersonRecord, (string Partition, string Row)> Key, bool Batched)[]
        {
            ("one partition per person, row 'r' (as stored before)", p => (p.Id, "r"), false),
            ("partition = reallocation, row = staff id, one upsert each", p => (p.ReallocationId, p.Participant.StaffId), false),
            ("partition = reallocation, row = staff id, transactions of 100", p => (p.ReallocationId, p.Participant.StaffId), true),
        };
        for (int n = 0; n < repeats; n++)
        {
            foreach (var (name, key, batched) in n % 2 == 0 ? layouts : layouts.Reverse())
            {
                var table = account.Tables.GetTableClient("BenchLayout" + Array.FindIndex(layouts, l => l.Name == name));
                await table.CreateIfNotExistsAsync();
                var entities = placedPeople.Select(p => Entity(p, key(p))).ToList();
                int requests = batched ? (entities.Count + 99) / 100 : entities.Count;
                parts.Add(await TimeAsync(pid, "layout: " + name, entities.Count, requests, () => WriteAsync(table, entities, batched)));
            }
        }

        await WriteReportAsync(outDir, parts, loadBefore);
        return 0;
    }

    // One ChangeAllAsync pass writing every person as `target` has them; its requests as the table counted them.
    private static async Task<Part> ChangeAllAsync(int pid, StaffReallocationStore store, Dictionary<string, PersonRecord> target)
    {
        long before = store.People.Requests;
        int written = 0;
        var part = await TimeAsync(pid, "read-modify-write: every changed row (store.People.ChangeAllAsync, as ApplyRound writes)", target.Count, 0, async () =>
            written = (await store.People.ChangeAllAsync(
                Id,
                "the bench's writes",
                (read, _) => Task.FromResult(new PeopleTable.ChangePass([.. read.Select(r => r with { Record = target[r.Record.Participant.StaffId] })])),
                null,
                CancellationToken.None)).Count);
        // A person the round left as they were is the same in both states, and ChangeAllAsync does not write them.
        return part with { Rows = written, Requests = (int)(store.People.Requests - before) };
    }

    private static async Task WriteAsync(TableClient table, List<TableEntity> entities, bool batched)
    {
        if (!batched)
        {
            await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (e, token) => await table.UpsertEntityAsync(e, TableUpdateMode.Replace, token));
            return;
        }

        await Parallel.ForEachAsync(entities.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, token) =>
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));
    }

    private static TableEntity Entity(PersonRecord person, (string Partition, string Row) key) => new(key.Partition, key.Row)
    {
        ["Json"] = JsonSerializer.Serialize(person, RecordSize.Json),
        ["ReallocationId"] = person.ReallocationId,
        ["SchoolId"] = person.Participant.SchoolId,
        ["Round"] = person.Placement?.Round.ToString() ?? string.Empty,
    };

    // The county as Prepare stores it and as the posts stand when no principal answers (each school's current staffing).
    private static (List<PersonRecord> People, List<SchoolPostsRecord> Posts) CountyRows()
    {
        var county = DemoCounty.Generate();
        var asOf = new DateOnly(2027, 7, 1);
        var schools = county.Schools.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var staff = county.Staff.Where(s => s.SchoolId is { } school && schools.ContainsKey(school) && s.Section is not null && s.Subject is not null).ToList();
        var points = StaffPoints.Rank(PointsFormula.Default, staff.Select(s => StaffPointsActivities.InputOf(s, null)), asOf).ToDictionary(p => p.StaffId, StringComparer.Ordinal);
        var people = staff.Select(s => new PersonRecord
        {
            ReallocationId = Id,
            Participant = Participant.From(s, points[s.Id], asOf),
            PrincipalId = schools[s.SchoolId!].PrincipalId,
            Breakdown = points[s.Id],
        }).ToList();
        var posts = staff.GroupBy(s => s.SchoolId!, StringComparer.Ordinal).Select(g => new SchoolPostsRecord(
            Id, g.Key, [.. g.GroupBy(s => (s.Section!, s.Subject!)).OrderBy(x => x.Key.Item1, StringComparer.Ordinal).ThenBy(x => x.Key.Item2, StringComparer.Ordinal)
                .Select(x => SchoolPost.For(schools[g.Key], x.Key.Item1, x.Key.Item2, x.Count()))], "nobody", DateTimeOffset.UtcNow)).ToList();
        return (people, posts);
    }

    private static async Task<Part> TimeAsync(int pid, string what, int rows, int requests, Func<Task> run)
    {
        double cpu0 = AzuriteCpu.Seconds(pid), bench0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var watch = Stopwatch.StartNew();
        await run();
        var part = new Part(what, rows, requests, watch.Elapsed.TotalSeconds, AzuriteCpu.Seconds(pid) - cpu0, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - bench0);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{part.What}: {part.Seconds:F1} s, Azurite CPU {part.AzuriteCpu:F1} s"));
        return part;
    }

    private static async Task WriteReportAsync(string outDir, List<Part> parts, string loadBefore)
    {
        var report = new StringBuilder()
            .AppendLine("# ApplyRound over the county on Azurite: queries vs writes (issue 17)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineFacts.Read().Cpu}, {Environment.ProcessorCount} cores, shared with other sessions; load average before {loadBefore}, after {MachineFacts.LoadAverage()}.")
            .AppendLine("`dotnet run -c Release --project bench -- --apply-round-parts [--repeats 3]`: the demo county's people as Prepare stores them, the posts as")
            .AppendLine("they stand when no principal answers, on an in-memory Azurite of its own; the activity once, then its parts alternated.")
            .AppendLine("Azurite CPU is its node process's own CPU time over the part: the emulator's work, whatever else the machine does.")
            .AppendLine()
            .AppendLine("| part | rows | requests | seconds | Azurite CPU s | bench CPU s | Azurite CPU ms per row |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in parts)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {p.What} | {p.Rows} | {p.Requests} | {p.Seconds:F1} | {p.AzuriteCpu:F1} | {p.BenchCpu:F1} | {(p.Rows > 0 ? p.AzuriteCpu * 1000 / p.Rows : 0):F2} |");
        }

        report.AppendLine().AppendLine("Means over the alternated repeats:").AppendLine();
        foreach (var g in parts.GroupBy(p => p.What).Where(g => g.Count() > 1))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {g.Key}: {g.Average(p => p.Seconds):F1} s, Azurite CPU {g.Average(p => p.AzuriteCpu):F1} s");
        }

        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "reallocation-apply-round.md"), report.ToString());
        Console.WriteLine(report);
    }
}
