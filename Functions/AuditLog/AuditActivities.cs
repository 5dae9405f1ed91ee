using Microsoft.DurableTask;

namespace EduFlows.AuditLog;

/// <summary>The audit log's activity: orchestrations append through it (safe to run twice: the entry id makes it idempotent).</summary>
public sealed class AuditActivities(AuditLogStore store)
{
    /// <summary>The activity's name (its function name).</summary>
    public const string Append = "AuditAppend";

    /// <summary>Appends an entry (or returns the one already stored under its entry id).</summary>
    [Function(Append)]
    public Task<AuditEntry> AppendAsync([ActivityTrigger] AuditAppend append, CancellationToken cancellationToken) =>
        store.AppendAsync(append, cancellationToken);
}
