using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace EduFlows.Durable;

/// <summary>
/// An orchestration's custom status with its next durable timer in it: the status it sets, plus
/// <c>"nextTimer": {"at": …, "purpose": …, "purposeEn": …}</c> (null while it waits on none). The office home reads when
/// each instance wakes next, and what for, from the instance list (one query) instead of reading every history.
/// </summary>
/// <remarks>
/// <para>
/// An orchestration opts in by setting its status with <see cref="SetStatus"/> (not <c>SetCustomStatus</c>) from its
/// first step on; the timers it creates with <see cref="CreatePublishedTimer"/>, and those of the staff tasks it gives,
/// are then published. Timers created under an orchestration that sets its status the plain way are tracked and never
/// published: its own status is left exactly as it sets it.
/// </para>
/// <para>
/// Replay: the custom status is no history event. The SDK keeps the last value set during an episode and serializes it
/// when the episode ends (the backend writes it on the instance row), so publishing changes no action a replay checks;
/// the timers themselves are created exactly as before. Because the status object is serialized at the end of the
/// episode, the timer it names is the earliest of those still pending then.
/// </para>
/// </remarks>
public static class TimerStatus
{
    /// <summary>The property of the custom status that holds the next timer (null when none is pending).</summary>
    public const string Property = "nextTimer";

    private static readonly ConditionalWeakTable<TaskOrchestrationContext, Published> Ledgers = new();

    /// <summary>Sets the orchestration's custom status, with its next durable timer added when the episode ends.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="status">Its own status: an object (the timer is added as one more property), or null.</param>
    public static void SetStatus(this TaskOrchestrationContext context, object? status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ledger = Ledgers.GetValue(context, _ => new Published());
        ledger.Status = status;
        context.SetCustomStatus(ledger);
    }

    /// <summary>Creates a durable timer and, under an orchestration that sets its status with <see cref="SetStatus"/>, publishes it while it is pending.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="fireAt">When it fires (UTC).</param>
    /// <param name="purpose">What it is for, in Chinese ("报名截止").</param>
    /// <param name="purposeEn">The same in English.</param>
    /// <param name="cancellationToken">Cancels the timer, as for <c>CreateTimer</c>.</param>
    /// <returns>The timer, cancelled as <c>CreateTimer</c>'s is.</returns>
    public static async Task CreatePublishedTimer(this TaskOrchestrationContext context, DateTime fireAt, string purpose, string purposeEn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ledger = Ledgers.GetValue(context, _ => new Published());
        var pending = ledger.Add(new PublishedTimer(new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc)), purpose, purposeEn));
        try
        {
            await context.CreateTimer(fireAt, cancellationToken);
        }
        finally
        {
            ledger.Remove(pending);
        }
    }

    /// <summary>The next timer an instance published, read from its serialized custom status.</summary>
    /// <param name="customStatus">The instance's custom status as stored.</param>
    /// <param name="timer">The timer; null when the instance waits on none.</param>
    /// <returns>False when the status publishes no timer at all (none set, or written before timers were published): only then does a reader need the history.</returns>
    public static bool TryRead(string? customStatus, out PublishedTimer? timer) => TryRead(CustomStatusJson.Parse(customStatus), out timer);

    /// <summary>The same from the status already parsed (<see cref="CustomStatusJson.Parse"/>), for a page that reads its stage from it too.</summary>
    /// <param name="parsed">The instance's custom status, parsed; null when it has none.</param>
    /// <param name="timer">The timer; null when the instance waits on none.</param>
    /// <returns>False when the status publishes no timer at all.</returns>
    public static bool TryRead(JsonElement? parsed, out PublishedTimer? timer)
    {
        timer = null;
        if (parsed is not { ValueKind: JsonValueKind.Object } status || CustomStatusJson.Get(status, Property) is not { } next)
        {
            return false;
        }

        if (next.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        timer = Read(next);
        return timer is not null;
    }

    private static PublishedTimer? Read(JsonElement value) =>
        CustomStatusJson.Get(value, "at") is { ValueKind: JsonValueKind.String } at && at.TryGetDateTimeOffset(out var fires)
            ? new PublishedTimer(fires, Text(value, "purpose"), Text(value, "purposeEn"))
            : null;

    private static string Text(JsonElement value, string key) =>
        CustomStatusJson.Get(value, key) is { ValueKind: JsonValueKind.String } text ? text.GetString()! : string.Empty;

    // The status object the SDK holds for the episode: serialized when the episode ends, with the earliest pending timer.
    [JsonConverter(typeof(PublishedConverter))]
    private sealed class Published
    {
        private readonly List<PublishedTimer> _pending = [];

        public object? Status { get; set; }

        public PublishedTimer? Next => _pending.Count == 0 ? null : _pending.MinBy(t => t.At);

        public PublishedTimer Add(PublishedTimer timer)
        {
            _pending.Add(timer);
            return timer;
        }

        // By reference: two timers may be alike (the same time and purpose) and each ends on its own.
        public void Remove(PublishedTimer timer) => _pending.RemoveAt(_pending.FindIndex(t => ReferenceEquals(t, timer)));
    }

    // Writes the orchestration's own status with the serializer's own options (camelCase locally, the worker's in Azure),
    // then the timer beside its properties; a status that is not an object is written as it is, without the timer.
    private sealed class PublishedConverter : JsonConverter<Published>
    {
        public override Published Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A published status is read as the orchestration's own status type, or with TimerStatus.TryRead.");

        public override void Write(Utf8JsonWriter writer, Published value, JsonSerializerOptions options)
        {
            var node = value.Status is null ? new JsonObject() : JsonSerializer.SerializeToNode(value.Status, value.Status.GetType(), options);
            if (node is JsonObject status)
            {
                status[Property] = value.Next is { } next ? JsonSerializer.SerializeToNode(next, options) : null;
            }

            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer, options);
            }
        }
    }
}
