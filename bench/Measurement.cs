using System.Text.Json.Serialization;

namespace EduFlows.Bench;

/// <summary>One figure from one scenario on one provider, in one round.</summary>
internal sealed record Measurement(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit)
{
    [JsonPropertyName("round")]
    public int Round { get; init; }
}
