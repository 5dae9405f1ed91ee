using DurableTask.Core.History;
using Newtonsoft.Json.Linq;

namespace EduFlows.DurableTask.Client;

/// <summary>Reads the JSON history a DurableTask.Core provider returns, with or without type names, into typed events.</summary>
internal static class HistoryJson
{
    private static readonly System.Reflection.Assembly Core = typeof(HistoryEvent).Assembly;

    public static List<HistoryEvent> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var events = new List<HistoryEvent>();
        foreach (var item in JArray.Parse(json).OfType<JObject>())
        {
            // Providers write the kind as EventType (a number or a name); the class is named after it.
            var kind = item.GetValue("EventType", StringComparison.OrdinalIgnoreCase) is { } token
                ? token.Type == JTokenType.Integer ? (EventType)token.Value<int>() : Enum.Parse<EventType>(token.Value<string>()!, ignoreCase: true)
                : throw new FormatException("A history event has no EventType.");
            var type = Core.GetType($"DurableTask.Core.History.{kind}Event") ?? Core.GetType($"DurableTask.Core.History.{kind}")
                ?? throw new FormatException($"Unknown history event type {kind}.");
            item.Remove("$type");
            events.Add((HistoryEvent)item.ToObject(type)!);
        }

        return events;
    }
}
