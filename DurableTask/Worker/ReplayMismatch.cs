using System.Globalization;
using System.Text.RegularExpressions;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// DurableTask.Core already fails an instance whose replay schedules differently from its history; its message names
/// the tasks but not the orchestration's version nor which step it was. This puts both in front, so an operator sees at
/// once that the code changed under a running version (the fix: a version bump with the old branch kept).
/// </summary>
internal static partial class ReplayMismatch
{
    private static readonly string ErrorType = typeof(NonDeterministicOrchestrationException).FullName!;

    /// <summary>Rewrites a non-determinism failure in <paramref name="result"/>, if any, to name version and step.</summary>
    public static void Explain(OrchestratorExecutionResult? result, OrchestrationRuntimeState runtime, string name)
    {
        if (result?.Actions is null)
        {
            return;
        }

        foreach (var complete in result.Actions.OfType<OrchestrationCompleteOrchestratorAction>())
        {
            if (complete.FailureDetails is not { } failure || failure.ErrorType != ErrorType || failure.ErrorMessage.StartsWith(Lead, StringComparison.Ordinal))
            {
                continue;
            }

            string message = Describe(runtime, name, failure.ErrorMessage);
            complete.FailureDetails = new FailureDetails(failure.ErrorType, message, failure.StackTrace, failure.InnerFailure, isNonRetriable: true);
            complete.Result = message;
        }
    }

    private const string Lead = "重放与历史不一致";

    private static string Describe(OrchestrationRuntimeState runtime, string name, string original)
    {
        string version = string.IsNullOrEmpty(runtime.Version) ? "（无版本）" : runtime.Version;
        string step = "（未知步骤）";
        if (SequenceId().Match(original) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out int id))
        {
            // Steps are the orchestrator's own scheduling decisions, counted from 1 in history order.
            var decisions = runtime.PastEvents.Where(IsDecision).ToList();
            int index = decisions.FindIndex(e => e.EventId == id);
            step = index < 0
                ? string.Create(CultureInfo.InvariantCulture, $"序号 {id}")
                : string.Create(CultureInfo.InvariantCulture, $"第 {index + 1} 步（序号 {id}，历史中为 {What(decisions[index])}）");
        }

        return $"{Lead}：编排 {name} 版本 {version} 的代码已改变，{step}与历史不同；请升级版本并保留旧分支。" +
            $" Replay of orchestration '{name}' version '{runtime.Version}' differs from its history at {step}: {original}";
    }

    private static bool IsDecision(HistoryEvent e) =>
        e is TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent or TimerCreatedEvent or EventSentEvent;

    private static string What(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"activity '{t.Name}'",
        SubOrchestrationInstanceCreatedEvent s => $"sub-orchestration '{s.Name}'",
        TimerCreatedEvent t => string.Create(CultureInfo.InvariantCulture, $"timer {t.FireAt:O}"),
        EventSentEvent s => $"event '{s.Name}'",
        _ => e.EventType.ToString(),
    };

    [GeneratedRegex(@"sequence (?:ID|number|id) (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex SequenceId();
}
