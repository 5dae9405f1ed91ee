using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EduFlows.Durable;

/// <summary>
/// What each orchestrator's events carry, declared by the processes, so an event raised by hand (the Durable management
/// API, the office's 发送事件) with a payload the orchestrator cannot read is refused with 400 instead of failing the
/// instance when the SDK reads it. Events not declared here go through as Durable Functions lets them.
/// </summary>
public sealed class EventPayloads
{
    // Payloads are read as the worker reads them (web defaults, enums by name), and as the record says: a member not
    // declared nullable must be there and not null (the orchestrator would otherwise meet a null it never expects).
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireWhatIsNotNullable } },
    };

    private readonly Dictionary<(string Orchestrator, string Event), EventPayload> _byName = new(new NameComparer());
    private readonly List<(string Prefix, EventPayload Payload)> _byPrefix = [];

    /// <summary>Declares that <paramref name="orchestrator"/> reads event <paramref name="eventName"/> as a <typeparamref name="T"/>.</summary>
    /// <param name="orchestrator">The orchestrator's function name.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="described">What the payload is, in Chinese, for the refusal (for example 一个 JSON 字符串).</param>
    /// <param name="check">A further check of a payload that reads: a Chinese reason to refuse it, or null.</param>
    public EventPayloads Declare<T>(string orchestrator, string eventName, string described, Func<T, string?>? check = null)
    {
        _byName[(orchestrator, eventName)] = EventPayload.Of(described, check);
        return this;
    }

    /// <summary>Declares that every orchestrator reads events whose names start with <paramref name="prefix"/> as a <typeparamref name="T"/>.</summary>
    public EventPayloads DeclarePrefix<T>(string prefix, string described)
    {
        _byPrefix.Add((prefix, EventPayload.Of<T>(described, null)));
        return this;
    }

    /// <summary>
    /// Why <paramref name="payload"/> cannot be raised as <paramref name="eventName"/> to an instance of
    /// <paramref name="orchestrator"/> (Chinese, for a problem's detail or a form's error), or null when it can.
    /// </summary>
    public string? Refusal(string orchestrator, string eventName, JsonNode? payload)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentNullException.ThrowIfNull(eventName);
        EventPayload? declared = _byName.TryGetValue((orchestrator, eventName), out var named) ? named
            : _byPrefix.FirstOrDefault(p => eventName.StartsWith(p.Prefix, StringComparison.Ordinal)).Payload;
        return declared?.Refusal(eventName, payload);
    }

    private static void RequireWhatIsNotNullable(JsonTypeInfo type)
    {
        foreach (var member in type.Properties)
        {
            if (!member.PropertyType.IsValueType && !member.IsSetNullable)
            {
                member.IsRequired = true;
            }
        }
    }

    private sealed record EventPayload(Func<string, JsonNode?, string?> Refusal)
    {
        public static EventPayload Of<T>(string described, Func<T, string?>? check) => new((eventName, payload) =>
        {
            string wanted = $"事件“{eventName}”的内容应为{described}。";
            if (payload is null)
            {
                return $"{wanted}请求没有内容。";
            }

            T? value;
            try
            {
                value = payload.Deserialize<T>(Strict);
            }
            catch (JsonException)
            {
                return $"{wanted}所给内容无法按此读取，实例会因此出错，未发送。";
            }

            if (value is null)
            {
                return $"{wanted}所给内容为 null。";
            }

            return check?.Invoke(value) is { } reason ? $"{wanted}{reason}" : null;
        });
    }

    // Orchestrator names are looked up as the SDK looks them up (case-insensitive); event names as it matches them.
    private sealed class NameComparer : IEqualityComparer<(string Orchestrator, string Event)>
    {
        public bool Equals((string Orchestrator, string Event) x, (string Orchestrator, string Event) y) =>
            string.Equals(x.Orchestrator, y.Orchestrator, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Event, y.Event, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Orchestrator, string Event) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Orchestrator), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Event));
    }
}
