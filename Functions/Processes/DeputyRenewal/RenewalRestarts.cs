using EduFlows.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// How a school's round is started and started again: at <see cref="DeputyRenewal.CurrentVersion"/> (a restart at the
/// version <see cref="InstanceRestarts"/> gives, the same), under its own id only, once the earlier run failed or was
/// terminated. The office's 重新启动 and the management API's <c>restart</c> of a round come here
/// (<see cref="IInstanceRestartHook"/>) rather than run its recorded input on its recorded version again: a round from before <see cref="DeputyRenewal.OwnsItsRunSince"/> would then share the earlier run's task ids,
/// objection rows and closed notice. The round itself makes its run apart and withdraws the earlier run's open tasks.
/// </summary>
public sealed class RenewalRestarts : IInstanceRestartHook
{
    /// <summary>Starts the school's round of <paramref name="run"/> at <see cref="DeputyRenewal.CurrentVersion"/>; false when it is already there and not failed or terminated (or another start won).</summary>
    /// <param name="client">The durable client.</param>
    /// <param name="run">The round, reviewer, time zone and timetable (any execution in it is replaced by a new value the round makes its own from).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public static async Task<bool> StartAsync(DurableTaskClient client, RenewalRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        var earlier = await client.GetInstanceAsync(run.InstanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (earlier is { RuntimeStatus: not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated) })
        {
            return false;
        }

        return await StartRunAsync(client, run, DeputyRenewal.CurrentVersion, cancellationToken).ConfigureAwait(false);
    }

    // Starts a new run of the round at the given version; false when another start won.
    private static async Task<bool> StartRunAsync(DurableTaskClient client, RenewalRun run, string version, CancellationToken cancellationToken)
    {
        try
        {
            // A value new at each start: the round makes its execution from it (two starts at one instant stay apart).
            run = run with { Execution = Guid.NewGuid().ToString("N"), StartedAgain = false };
            await client.ScheduleNewOrchestrationInstanceAsync(DeputyRenewal.Name, run, new StartOrchestrationOptions(run.InstanceId) { Version = version }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (InstanceStarts.AlreadyExists(ex))
        {
            return false;
        }
    }

    /// <inheritdoc/>
    /// <remarks>A completed round is not restarted (its results are in the directory); a failed or terminated one is.</remarks>
    public InstanceRestart? RefusalOf(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Name != DeputyRenewal.Name || instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            return null;
        }

        string round = (instance.SerializedInput is { Length: > 0 } ? instance.ReadInputAs<RenewalRun>() : null) is { } run
            ? $"该校{run.RoundId}年副职续聘提拔（{run.InstanceId}）"
            : $"该校副职续聘提拔（{instance.InstanceId}）";
        return InstanceRestart.Refused($"{round}已经完成，不能重新启动；只有失败或已终止的轮次可以重新启动。", "The round has completed; only a failed or terminated round can be restarted.");
    }

    /// <inheritdoc/>
    /// <remarks>Started from <paramref name="instance"/> as read (failed or terminated), not read again; a start that won meanwhile is found by the start itself.</remarks>
    /// <exception cref="InvalidOperationException">When no version is given for a round: its <see cref="OrchestrationVersion"/> is not registered.</exception>
    public async Task<InstanceRestart?> RestartAsync(DurableTaskClient client, OrchestrationMetadata instance, string? version, bool newInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Name != DeputyRenewal.Name || (instance.SerializedInput is { Length: > 0 } ? instance.ReadInputAs<RenewalRun>() : null) is not { } run)
        {
            return null;
        }

        // The round registers its OrchestrationVersion beside this hook (DeputyRenewalServices): no version means that
        // registration is missing, which a fallback to CurrentVersion here would hide from the other readers of it.
        string runAt = version ?? throw new InvalidOperationException(
            $"{DeputyRenewal.Name} has no {nameof(OrchestrationVersion)} registered; register it with {nameof(RenewalRestarts)} (AddDeputyRenewalServices).");
        string round = $"该校{run.RoundId}年副职续聘提拔（{run.InstanceId}）";
        if (!instance.IsCompleted)
        {
            return InstanceRestart.Refused($"{round}尚未结束，不能重新启动。", "The round has not ended; it cannot be restarted.");
        }

        if (RefusalOf(instance) is { } completed)
        {
            return completed;
        }

        if (newInstanceId || instance.InstanceId != run.InstanceId)
        {
            return InstanceRestart.Refused(
                $"每所学校每年度的副职续聘提拔只有一个实例，不能以新实例编号重新启动；请以原编号（{run.InstanceId}）重新启动。",
                $"A school's round has one instance; restart it under its own id ({run.InstanceId}), not a new one.");
        }

        // The round's own start, with the reviewer and timetable it had: a run of the version given, apart from the earlier one.
        return await StartRunAsync(client, run, runAt, cancellationToken).ConfigureAwait(false)
            ? InstanceRestart.Started(run.InstanceId)
            : InstanceRestart.Refused($"{round}刚刚已重新启动，未再次启动。", "The round was started again just now; nothing more was started.");
    }
}
