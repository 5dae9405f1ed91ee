using System.Diagnostics;
using System.Globalization;
using System.Text;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;

namespace EduFlows.Bench.Reallocation;

/// <summary>
/// The county-scale reallocation (issue 17) without storage: the demo county's 8,950 staff through the four rounds,
/// timing the cross-school matching (deferred acceptance and swaps; target ≤ 1 s) and every round together.
/// </summary>
/// <remarks>Pure code, so no Azurite and no provider: run with <c>--reallocation</c>. Writes <c>reallocation.md</c>.</remarks>
internal static class ReallocationBench
{
    private const int Runs = 5;
    private const double MatchingTargetSeconds = 1.0;

    public static async Task<int> RunAsync(string outDir)
    {
        string loadBefore = MachineFacts.LoadAverage();
        var clock = Stopwatch.StartNew();
        var county = DemoCounty.Generate();
        var draft = DemoReallocation.Generate(county);
        double generateSeconds = clock.Elapsed.TotalSeconds;

        var beforeMatching = InSchoolCompetitionRound.Run(
            SupportTeachingRound.Run(DirectAppointmentRound.Run(CountyState.Start(draft.Posts, draft.Participants), draft.Criteria, draft.PrincipalConfirmations)),
            draft.SchoolRankings);

        // The worst case for the matching: nobody placed before it, and all 8,950 apply with 20 choices each.
        var nobodyPlaced = CountyState.Start(draft.Posts, draft.Participants);
        var everyoneApplies = EveryoneApplies(draft);

        // One untimed run for the JIT, then the median of the timed ones.
        _ = CrossSchoolCompetitionRound.Run(beforeMatching, draft.RankedLists, draft.SchoolRankings);
        _ = CrossSchoolCompetitionRound.Run(nobodyPlaced, everyoneApplies, draft.SchoolRankings);
        var matching = new List<double>();
        var fullMatching = new List<double>();
        var allRounds = new List<double>();
        SimulationResult? result = null;
        CountyState? full = null;
        for (int run = 0; run < Runs; run++)
        {
            clock.Restart();
            _ = CrossSchoolCompetitionRound.Run(beforeMatching, draft.RankedLists, draft.SchoolRankings);
            matching.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            full = CrossSchoolCompetitionRound.Run(nobodyPlaced, everyoneApplies, draft.SchoolRankings);
            fullMatching.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            result = ReallocationSimulator.Run(draft);
            allRounds.Add(clock.Elapsed.TotalSeconds);
        }

        var machine = MachineFacts.Read() with { LoadBefore = loadBefore, LoadAfter = MachineFacts.LoadAverage() };
        string md = Markdown(machine, draft, result!, Median(matching), (Median(fullMatching), full!), Median(allRounds), generateSeconds);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "reallocation.md"), md);
        Console.WriteLine(md);
        return Math.Max(Median(matching), Median(fullMatching)) <= MatchingTargetSeconds ? 0 : 1;
    }

    // Each person lists 20 posts of their subject, their own among them when published, in a seeded random order.
    private static Dictionary<string, IReadOnlyList<string>> EveryoneApplies(ReallocationDraft draft)
    {
        var random = new Random(17);
        var bySubject = draft.Posts.GroupBy(p => p.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray(), StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var who in draft.Participants)
        {
            var choices = bySubject[who.Subject].Where(id => id != who.OwnPostId).OrderBy(_ => random.Next()).Take(RankedListValidation.MaxChoices - 1).ToList();
            if (bySubject[who.Subject].Contains(who.OwnPostId))
            {
                choices.Insert(random.Next(choices.Count + 1), who.OwnPostId);
            }

            lists[who.StaffId] = choices;
        }

        return lists;
    }

    private static string Markdown(
        MachineFacts machine, ReallocationDraft draft, SimulationResult result, double matching, (double Seconds, CountyState Result) full, double allRounds, double generate)
    {
        var county = result.Report.County;
        int applicants = result.Final.Placements.Count(p => p.Round == Round.CrossSchoolCompetition) + result.UnplacedCount;
        var md = new StringBuilder();
        md.AppendLine("# Staff reallocation (县管校聘) at county scale");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB, {machine.Os}, {machine.Runtime}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) {machine.LoadBefore} at the start, {machine.LoadAfter} at the end: other builds may have shared the machine.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Pure rules, no storage: `dotnet run -c Release --project bench -- --reallocation`. Median of {Runs} runs after one warm-up.");
        md.AppendLine();
        md.AppendLine("| metric | value | target | met |");
        md.AppendLine("|---|---:|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cross-school matching, {applicants} applicants of {draft.Participants.Count} staff (deferred acceptance + swaps) | {matching * 1000:F1} ms | ≤ 1 s | {(matching <= MatchingTargetSeconds ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cross-school matching, all {draft.Participants.Count} staff applying with up to 20 choices, nobody placed before ({full.Result.Unplaced.Count} left unplaced) | {full.Seconds * 1000:F1} ms | ≤ 1 s | {(full.Seconds <= MatchingTargetSeconds ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| all four rounds and the reports (what-if) | {allRounds * 1000:F1} ms | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| generating the county and its draft | {generate * 1000:F0} ms | | |");
        md.AppendLine();
        md.AppendLine("| outcome | demo | seed (2017) |");
        md.AppendLine("|---|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| staff | {county.Participants} | 8,950 |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| moved | {county.Moved} ({county.MovedPercent}%) | 535 (5.97%) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| unplaced | {county.Unplaced} | 1 |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| senior high to a lower section | {result.CrossSectionMoves.Count(m => m.FromSection == "senior")} | 12 |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| rural and weak schools: vacancies before → after, moved in / out | {result.Rural.VacanciesBefore} → {result.Rural.VacanciesAfter}, {result.Rural.MovedIn} / {result.Rural.MovedOut} | |");
        md.AppendLine();
        md.AppendLine("| round | participants | moved | left without a post | moved % | cross-section |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in result.Report.ByRound)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Key} | {row.Participants} | {row.Moved} | {row.Unplaced} | {row.MovedPercent} | {row.CrossSection} |");
        }

        md.AppendLine();
        md.AppendLine("| rule | placements |");
        md.AppendLine("|---|---:|");
        foreach (var rule in result.Final.Placements.GroupBy(p => p.Rule).OrderBy(g => g.Key))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {rule.Key} | {rule.Count()} |");
        }

        return md.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
