using System.Text.Json.Serialization;

namespace EduFlows.Bench;

/// <summary>One figure from one scenario on one backend.</summary>
internal sealed record Measurement(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit);
