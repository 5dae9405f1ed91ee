using Microsoft.DurableTask;

namespace EduFlows.AuditLog;

/// <summary>How an orchestrator appends to the audit log.</summary>
public static class AuditOrchestration
{
    /// <summary>
    /// Appends through the <see cref="AuditActivities.Append"/> activity. Give a deterministic
    /// <see cref="AuditAppend.EntryId"/> (e.g. <c>$"{context.InstanceId}-score-{judge}-{candidate}"</c> or
    /// <c>context.NewGuid()</c>), so a retried activity does not append twice.
    /// </summary>
    public static Task<AuditEntry> AppendAuditAsync(this TaskOrchestrationContext context, AuditAppend append, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<AuditEntry>(AuditActivities.Append, append, options);
    }
}
