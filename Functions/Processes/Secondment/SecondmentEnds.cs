using System.Globalization;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.Durable;
using EduFlows.Notifications;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// Learns how an assignment's instance really ended. A terminated or failed instance writes nothing more, so its record
/// would say "consent" or "running" for ever and keep the person from a new assignment; read through the durable client,
/// such a record is marked terminated or failed with a Chinese line (when, why, where the person is), in the record and
/// in the assignment's audit stream, and the person and both heads are told by mail. Whoever reads the assignment first
/// settles it (the office's list, its status or report, a new assignment for the person), and the retention purge at the
/// latest (<see cref="IInstancePurgeHook"/>): once the instance is purged, nothing could learn how it ended. One purged
/// before that hook existed is settled by its first reader as <see cref="SecondmentStages.Purged"/>, its outcome unknown.
/// </summary>
public sealed class SecondmentEnds(SecondmentStore store, AuditLogStore audit, BureauClock clock, TimeProvider time, StaffNotices notices, MailSender sender) : IInstancePurgeHook
{
    /// <summary>The record as it stands once its instance's end is known (the same record when it is not over, or over by its course).</summary>
    /// <param name="client">The durable client the caller was bound to (a function's [DurableClient]).</param>
    /// <param name="record">The assignment as read.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<SecondmentRecord> SettleAsync(DurableTaskClient client, SecondmentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(record);
        if (SecondmentStages.IsEnded(record.State.Stage))
        {
            return record;
        }

        // Status only first: the list asks this of every running assignment on each view; the output (a termination's
        // reason) is read only for the rare one that stopped.
        var status = await client.GetInstanceAsync(record.Plan.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            return await SettlePurgedAsync(client, record, cancellationToken).ConfigureAwait(false);
        }

        if (status is not { RuntimeStatus: OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Failed })
        {
            return record;
        }

        var instance = await client.GetInstanceAsync(record.Plan.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) ?? status;

        // Read again with its version: the record written last by the instance, which nothing else writes now.
        var read = await store.Assignments.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (read is null || SecondmentStages.IsEnded(read.Record.State.Stage))
        {
            return read?.Record ?? record;
        }

        var (plan, state) = (read.Record.Plan, read.Record.State);
        bool terminated = instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated;
        string? reason = terminated ? ReasonOf(instance.SerializedOutput) : null;
        string line = Line(plan, state, terminated, reason, clock.DateOf(instance.LastUpdatedAt));
        string stage = terminated ? SecondmentStages.Terminated : SecondmentStages.Failed;
        string stamp = instance.LastUpdatedAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        // The audit first, under an id of this end: written again by a retry, it is kept once.
        await audit.AppendAsync(
            new AuditAppend(
                plan.InstanceId,
                $"{plan.InstanceId}-{stage}-{stamp}",
                "end",
                "system",
                plan.PersonId,
                JsonSerializer.Serialize(new { line, stage, previousStage = state.Stage, reason, failure = instance.FailureDetails?.ErrorMessage, at = instance.LastUpdatedAt })),
            cancellationToken).ConfigureAwait(false);

        // The mails next, under ids of this end too: written by whoever settles it, each is in the outbox once and, its
        // send claimed, sent once; one left unsent here goes out with the outbox sweeper.
        var mails = await notices.WriteEachAsync(SecondmentMails.Recipients(plan), staffId => SecondmentMails.StoppedId(plan, $"{stage}-{stamp}", staffId), "secondment-stopped", to => SecondmentMails.Stopped(plan, state, terminated, reason, line, to.Name), cancellationToken).ConfigureAwait(false);

        var ended = new SecondmentRecord(plan, state with { Stage = stage, Stopped = line }, instance.LastUpdatedAt.UtcDateTime);
        var settled = await store.Assignments.TryReplaceAsync(ended, read.ETag, cancellationToken).ConfigureAwait(false) is null
            ? (await store.Assignments.GetAsync(record.Id, cancellationToken).ConfigureAwait(false))?.Record ?? ended
            : ended;
        await sender.SendAllAsync(mails, throwWhilePending: false, cancellationToken).ConfigureAwait(false);
        return settled;
    }

    // The record says consent or running and its instance is gone: purged before purges settled assignments first (the
    // instance writes its record only once it exists, so a record never precedes its instance). How it ended cannot be
    // learned any more; ended with the outcome unknown, it holds the person no longer, and the line says to check the
    // directory. No mail: there is nothing to tell but that nothing is known.
    private async Task<SecondmentRecord> SettlePurgedAsync(DurableTaskClient client, SecondmentRecord record, CancellationToken cancellationToken)
    {
        var read = await store.Assignments.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (read is null || SecondmentStages.IsEnded(read.Record.State.Stage))
        {
            return read?.Record ?? record;
        }

        // Still gone after the read: a new instance of the same id started in between owns the record it writes.
        if (await client.GetInstanceAsync(record.Plan.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return read.Record;
        }

        var (plan, state) = (read.Record.Plan, read.Record.State);
        var now = time.GetUtcNow();
        string line = PurgedLine(plan, state, clock.DateOf(now));

        // Under an id of the record's last write: whoever settles it (or a retry) writes the same entry, kept once.
        string stamp = read.Record.UpdatedAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await audit.AppendAsync(
            new AuditAppend(
                plan.InstanceId,
                $"{plan.InstanceId}-{SecondmentStages.Purged}-{stamp}",
                "end",
                "system",
                plan.PersonId,
                JsonSerializer.Serialize(new { line, stage = SecondmentStages.Purged, previousStage = state.Stage, month = state.Month, moves = state.Moves, foundAt = now })),
            cancellationToken).ConfigureAwait(false);

        var ended = new SecondmentRecord(plan, state with { Stage = SecondmentStages.Purged, Stopped = line }, now);
        return await store.Assignments.TryReplaceAsync(ended, read.ETag, cancellationToken).ConfigureAwait(false) is null
            ? (await store.Assignments.GetAsync(record.Id, cancellationToken).ConfigureAwait(false))?.Record ?? ended
            : ended;
    }

    /// <summary>
    /// "2026-12-06 发现流程实例已清除（最后记录：交流/挂职中），结果不明：挂职锻炼按已结束处理，钱科员目前所在单位和岗位请在名录中核对。" —
    /// when it was found gone, what the record said last, and that the directory is where to check the person's place.
    /// </summary>
    public static string PurgedLine(SecondmentPlan plan, SecondmentState state, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        return $"{on:yyyy-MM-dd} 发现流程实例已清除（最后记录：{SecondmentStages.Zh(state.Stage)}），结果不明：{SecondmentKinds.Zh(plan.Kind)}按已结束处理，{plan.PersonName}目前所在单位和岗位请在名录中核对。";
    }

    /// <summary>
    /// Before the retention purge removes a secondment's finished instance, settles its assignment (the purge is the last
    /// moment its end can be read); an assignment still not ended afterwards keeps its instance for the next night.
    /// Instances of other processes pass.
    /// </summary>
    public async Task<bool> BeforePurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        string prefix = SecondmentPlan.InstanceIdOf(string.Empty);
        if (!instanceId.StartsWith(prefix, StringComparison.Ordinal) || SecondmentDesk.IdProblem(instanceId[prefix.Length..]) is not null
            || (await store.Assignments.GetAsync(instanceId[prefix.Length..], cancellationToken).ConfigureAwait(false))?.Record is not { } record)
        {
            return true;
        }

        return SecondmentStages.IsEnded((await SettleAsync(client, record, cancellationToken).ConfigureAwait(false)).State.Stage);
    }

    /// <summary>Each record as it stands once its instance's end is known.</summary>
    public async Task<IReadOnlyList<SecondmentRecord>> SettleAllAsync(DurableTaskClient client, IEnumerable<SecondmentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var settled = new List<SecondmentRecord>();
        foreach (var record in records)
        {
            settled.Add(await SettleAsync(client, record, cancellationToken).ConfigureAwait(false));
        }

        return settled;
    }

    /// <summary>"2026-09-01 流程被终止（原因：安排有变）：挂职锻炼中止，钱科员未调动。" — when, why, and where the person is now.</summary>
    public static string Line(SecondmentPlan plan, SecondmentState state, bool terminated, string? reason, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        string what = terminated
            ? "流程被终止" + (string.IsNullOrWhiteSpace(reason) ? "（未说明原因）" : $"（原因：{reason.Trim()}）")
            : "流程运行出错，无法继续";

        // Moved out and not back: the directory keeps the person at the host until the office moves them.
        string where = state.Moves.Count > 0
            ? $"{plan.PersonName}仍在{plan.Host.Name}，名录未自动调回{plan.Home.Name}，如需调回请在名录中办理"
            : $"{plan.PersonName}未调动";
        return $"{on:yyyy-MM-dd} {what}：{SecondmentKinds.Zh(plan.Kind)}中止，{where}。";
    }

    // The reason given to terminate is the instance's output, a JSON string (null or empty when none was given).
    private static string? ReasonOf(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(output);
            return json.RootElement.ValueKind == JsonValueKind.String ? json.RootElement.GetString() : null;
        }
        catch (JsonException)
        {
            return output;
        }
    }
}
