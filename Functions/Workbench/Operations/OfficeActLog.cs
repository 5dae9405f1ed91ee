using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduFlows.AuditLog;
using EduFlows.Hosting;
using EduFlows.Tasks;
using Microsoft.Extensions.Logging;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// The office's acts in the tamper-evident audit log, each under the person the office guard let in
/// (<see cref="OfficeVisitor.Actor"/>: the staff id, the App Service user, or the master key). One stream a month,
/// Beijing time (<c>office-acts-2026-12</c>, read and verified at <c>/api/audit/{stream}</c>), so no stream grows
/// without end. An entry's kind is the office function (its name in functions.metadata), its subject the address acted
/// on under <c>office/</c>, its payload the act's title and fields as the form showed them. Only a done act is recorded:
/// a refused one changed nothing.
/// </summary>
public sealed partial class OfficeActLog(AuditLogStore store, BureauClock clock, TimeProvider time, ILogger<OfficeActLog> logger)
{
    /// <summary>The streams' common start.</summary>
    public const string StreamPrefix = "office-acts-";

    /// <summary>The longest field value kept (characters); a longer one is cut, marked with "…".</summary>
    public const int MaxValueChars = 2_000;

    // A form field by one of these names would be a credential: it is left out of the record (none is one today).
    private static readonly string[] SecretNames = ["token", "secret", "password", "key", "code", "signature"];

    /// <summary>The stream of the month (Beijing time) of <paramref name="at"/>.</summary>
    public string StreamOf(DateTimeOffset at) => StreamPrefix + TimeZoneInfo.ConvertTime(at, clock.Zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Records a done act of the request's visitor.</summary>
    /// <param name="context">The office request the act was done on.</param>
    /// <param name="title">The act as its page named it, e.g. "调整名额".</param>
    /// <param name="subject">The address acted on under <c>office/</c>, e.g. "training/lectures/L1/capacity".</param>
    /// <param name="fields">The form's fields as typed.</param>
    /// <param name="outcome">What the page said was done, when it said more than the fields (a new id).</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The entry, or null when storage refused it: the act stands, and the failure is logged.</returns>
    /// <exception cref="InvalidOperationException">The request did not come through the office guard, so nobody would be named.</exception>
    public async Task<AuditEntry?> RecordAsync(
        HttpContext context, string title, string subject, IEnumerable<OfficeActField> fields, string? outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fields);
        var visitor = OfficeVisitor.Of(context)
            ?? throw new InvalidOperationException("An office act on a request the office guard did not admit: it would be recorded under nobody.");
        string kind = OfficeGuard.FunctionOf(context)
            ?? throw new InvalidOperationException("An office act on a request the office guard did not admit: its function is unknown.");
        var payload = new OfficeActPayload(
            title,
            visitor.By,
            visitor.Name,
            [.. fields.Where(f => !IsSecret(f.Name)).Select(f => f with { Value = Cut(f.Value) })],
            outcome is null ? null : Cut(outcome));
        var now = time.GetUtcNow();
        var append = new AuditAppend(
            StreamOf(now), Guid.NewGuid().ToString("N"), kind, Cut(visitor.Actor, AuditLogStore.MaxTextChars), Cut(subject.Length == 0 ? "office" : subject, AuditLogStore.MaxTextChars), JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));
        try
        {
            return await store.AppendAsync(append, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or HttpRequestException or TimeoutException or AggregateException)
        {
            // The act is done by now: an error page would send the person to do it again (a second resend, a second
            // restart). The failure goes to the log, with what was not recorded, for the operator to add by hand.
            LogNotRecorded(logger, ex, append.Stream, append.Actor, append.Kind, append.Subject);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An office act was done but not recorded in {Stream}: {Actor} {Kind} {Subject}")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string stream, string actor, string kind, string subject);

    /// <summary>The latest acts, newest first: this month's and, when they are fewer than <paramref name="max"/>, last month's.</summary>
    public async Task<IReadOnlyList<OfficeAct>> RecentAsync(int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = new List<AuditEntry>();
        foreach (var month in new[] { now, TimeZoneInfo.ConvertTime(now, clock.Zone).AddMonths(-1) })
        {
            var entries = await store.LatestAsync(StreamOf(month), max - found.Count, cancellationToken).ConfigureAwait(false);
            found.AddRange(entries.Reverse());
            if (found.Count >= max)
            {
                break;
            }
        }

        return [.. found.Select(Read)];
    }

    private static OfficeAct Read(AuditEntry entry)
    {
        OfficeActPayload? payload = null;
        try
        {
            payload = entry.Payload is { } json ? JsonSerializer.Deserialize<OfficeActPayload>(json, JsonSerializerOptions.Web) : null;
        }
        catch (JsonException)
        {
            // An entry not written by this class (appended to the stream by hand): shown by its kind alone.
        }

        return new OfficeAct(entry, payload);
    }

    private static bool IsSecret(string name) => SecretNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    private static string Cut(string text, int max = MaxValueChars) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>A field of an office act as recorded: its name, its label and the value as the form showed it.</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">Its label, in the page's language.</param>
/// <param name="Value">The value (a choice's label rather than its code).</param>
public sealed record OfficeActField(string Name, string Label, string Value);

/// <summary>The payload of an office act's audit entry.</summary>
/// <param name="Title">The act as its page named it.</param>
/// <param name="By">How the actor was let in.</param>
/// <param name="Name">The actor's name (empty for the master key).</param>
/// <param name="Fields">The form's fields, credentials left out.</param>
/// <param name="Outcome">What the page said was done, if it said more.</param>
public sealed record OfficeActPayload(string Title, [property: JsonConverter(typeof(JsonStringEnumConverter<OfficeAdmission>))] OfficeAdmission By, string Name, IReadOnlyList<OfficeActField> Fields, string? Outcome);

/// <summary>An office act read back from the audit log.</summary>
/// <param name="Entry">The entry as stored.</param>
/// <param name="Payload">Its payload, or null when it does not read as one.</param>
public sealed record OfficeAct(AuditEntry Entry, OfficeActPayload? Payload);
