using System.Text.Json.Serialization;
using EduFlows.Bench.Scenarios;
using EduFlows.DurableTask.Providers;

namespace EduFlows.Bench;

/// <summary>One scenario's headline figure on both providers (median over rounds), their ratio, and the target if the issue sets one.</summary>
internal sealed record Comparison(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("eduFlows")] double EduFlows,
    [property: JsonPropertyName("azureStorage")] double AzureStorage,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("met")] bool? Met)
{
    public static IReadOnlyList<Comparison> Build(IEnumerable<Scenario> scenarios, IReadOnlyList<Measurement> results)
    {
        var comparisons = new List<Comparison>();
        foreach (var scenario in scenarios)
        {
            var (metric, _) = scenario.Headline;
            var ours = Median(results, scenario.Name, DurableStorageProvider.EduFlows, metric);
            var theirs = Median(results, scenario.Name, DurableStorageProvider.AzureStorage, metric);
            if (ours is null || theirs is null)
            {
                continue;
            }

            double? ratio = theirs.Value.Value == 0 ? null : Math.Round(ours.Value.Value / theirs.Value.Value, 2);
            (string? target, bool? met) = scenario.Name switch
            {
                "hello-sequence" => ("EduFlows >= 2x AzureStorage", ratio >= 2),
                "fan-out-1000" => ("EduFlows <= 1/3 of AzureStorage's time", ratio <= 1.0 / 3),
                "timer-lateness" => ("EduFlows: no timer early", ours.Value.Value == 0),
                _ => ((string?)null, (bool?)null),
            };
            comparisons.Add(new(scenario.Name, metric, ours.Value.Unit, ours.Value.Value, theirs.Value.Value, ratio, target, met));
        }

        return comparisons;
    }

    private static (double Value, string Unit)? Median(IReadOnlyList<Measurement> results, string scenario, DurableStorageProvider provider, string metric)
    {
        var values = results.Where(r => r.Scenario == scenario && r.Provider == provider.ToString() && r.Metric == metric).OrderBy(r => r.Value).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        // With an even number of rounds the median is the mean of the middle two, not the upper one.
        int middle = values.Count / 2;
        double median = values.Count % 2 == 1 ? values[middle].Value : (values[middle - 1].Value + values[middle].Value) / 2;
        return (Math.Round(median, 2), values[0].Unit);
    }
}
