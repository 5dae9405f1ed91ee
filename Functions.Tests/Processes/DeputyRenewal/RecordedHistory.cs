using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// One instance's history as a fixture holds it: DurableTask.Core's events, as JSON; and, as the code of the recording
/// made them, the inputs of each step's calls, which the history leaves out.
/// </summary>
internal sealed record RecordedInstance(string Name, string InstanceId, JArray History, JArray? Inputs = null)
{
    /// <summary>The events, read afresh (the executor marks the objects it replays).</summary>
    public List<HistoryEvent> Events() => RecordedHistory.Parse(History);

    /// <summary>The version the instance was started on.</summary>
    public string Version => Events().OfType<ExecutionStartedEvent>().Single().Version ?? string.Empty;
}

/// <summary>Where a replay first decided otherwise than its recording: the step (counted from 1) and both lists of decisions.</summary>
internal sealed record StepMismatch(int Step, IReadOnlyList<string> Recorded, IReadOnlyList<string> Replayed)
{
    public override string ToString() =>
        $"step {Step}:{Environment.NewLine}recorded: {string.Join(Environment.NewLine + "          ", Recorded)}{Environment.NewLine}replayed: {string.Join(Environment.NewLine + "          ", Replayed)}";
}

/// <summary>
/// A replay's end: how many steps, the first that differed (none when all matched), the output it ended with, and the
/// inputs of each step's calls as this code made them.
/// </summary>
internal sealed record ReplayOutcome(int Steps, StepMismatch? FirstMismatch, string? Result, JArray Inputs);

internal static class RecordedHistory
{
    private static readonly JsonSerializerSettings Json = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Converters = [new StringEnumConverter()],
    };

    private static readonly System.Reflection.Assembly Core = typeof(HistoryEvent).Assembly;

    /// <summary>A fixture file in the source tree (the committed one, not a copy in the build output).</summary>
    public static string FixturePath(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EduFlows.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("EduFlows.sln not found above " + AppContext.BaseDirectory), "Functions.Tests", "Processes", "DeputyRenewal", "Fixtures", file);
    }

    /// <summary>An instance's history as a fixture keeps it (no inputs yet: <see cref="Replay"/> gives them).</summary>
    public static RecordedInstance Of(string name, string instanceId, IEnumerable<HistoryEvent> history)
    {
        var serializer = JsonSerializer.Create(Json);
        return new RecordedInstance(name, instanceId, new JArray(history.Select(e => JObject.FromObject(e, serializer))));
    }

    /// <summary>Writes instances to <paramref name="path"/>, one event (and one step's inputs) a line, so a diff shows which changed.</summary>
    public static void Write(string path, string about, IEnumerable<RecordedInstance> instances)
    {
        var text = new StringBuilder();
        text.Append("{\"about\": ").Append(JsonConvert.ToString(about)).Append(",\n\"instances\": [\n");
        text.AppendJoin(",\n", instances.Select(i =>
            $"{{\"name\": {JsonConvert.ToString(i.Name)}, \"instanceId\": {JsonConvert.ToString(i.InstanceId)}, \"history\": [\n" +
            string.Join(",\n", i.History.Select(e => e.ToString(Formatting.None))) + "\n],\n\"inputs\": [\n" +
            string.Join(",\n", (i.Inputs ?? new JArray()).Select(e => e.ToString(Formatting.None))) + "\n]}"));
        text.Append("\n]}\n");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Reads a fixture's instances.</summary>
    public static IReadOnlyList<RecordedInstance> Read(string path)
    {
        using var reader = new JsonTextReader(new StreamReader(path)) { DateParseHandling = DateParseHandling.None };
        var file = JObject.Load(reader);
        return [.. file["instances"]!.Select(i => new RecordedInstance((string)i["name"]!, (string)i["instanceId"]!, (JArray)i["history"]!, i["inputs"] as JArray))];
    }

    /// <summary>The typed events of a fixture's history; the class is named after each event's EventType.</summary>
    public static List<HistoryEvent> Parse(JArray events)
    {
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.None, Converters = [new StringEnumConverter()] });
        return [.. events.OfType<JObject>().Select(item =>
        {
            var kind = Enum.Parse<EventType>((string)item["EventType"]!);
            var type = Core.GetType($"DurableTask.Core.History.{kind}Event") ?? throw new FormatException($"Unknown history event type {kind}.");
            return (HistoryEvent)item.ToObject(type, serializer)!;
        })];
    }

    /// <summary>Replays <paramref name="instance"/> step by step through <paramref name="orchestrator"/> (see the class remarks).</summary>
    public static ReplayOutcome Replay(RecordedInstance instance, ITaskOrchestrator orchestrator, ParentOrchestrationInstance? parent = null)
    {
        var shims = new DurableTaskShimFactory(WorkerOptions.Value, NullLoggerFactory.Instance);
        var starts = instance.Events().Select((e, i) => (e, i)).Where(x => x.e is OrchestratorStartedEvent).Select(x => x.i).ToList();
        var inputs = new JArray();
        string? result = null;
        for (int step = 0; step < starts.Count; step++)
        {
            var events = instance.Events();
            int from = starts[step], to = step + 1 < starts.Count ? starts[step + 1] : events.Count;
            var runtime = new OrchestrationRuntimeState([.. events.Take(from)]);
            var episode = events.Skip(from).Take(to - from).ToList();
            foreach (var incoming in episode.Where(e => !IsDecision(e) && e is not OrchestratorCompletedEvent))
            {
                runtime.AddEvent(incoming);
            }

            var actions = new TaskOrchestrationExecutor(
                runtime, shims.CreateOrchestration(new TaskName(instance.Name), orchestrator, parent), BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute().Actions.ToList();
            List<string> recorded = [.. episode.Where(IsDecision).Select(Describe)], replayed = [.. actions.Select(Describe)];
            if (!recorded.SequenceEqual(replayed, StringComparer.Ordinal))
            {
                return new ReplayOutcome(step + 1, new StepMismatch(step + 1, recorded, replayed), null, inputs);
            }

            var stepInputs = new JArray(actions.Select(InputOf));
            if (instance.Inputs is { } kept && (step >= kept.Count || !JToken.DeepEquals(kept[step], stepInputs)))
            {
                var before = step < kept.Count ? kept[step].Select(t => (string?)t) : Enumerable.Empty<string?>();
                return new ReplayOutcome(step + 1, new StepMismatch(step + 1, [.. recorded.Zip(before, Called)], [.. replayed.Zip(stepInputs.Select(t => (string?)t), Called)]), null, inputs);
            }

            inputs.Add(stepInputs);
            result = actions.OfType<OrchestrationCompleteOrchestratorAction>().SingleOrDefault()?.Result ?? result;
        }

        return new ReplayOutcome(starts.Count, null, result, inputs);
    }

    private static string Called(string decision, string? input) => $"{decision} ({input})";

    // The worker options the app's worker runs with (payload JSON, timers unsplit), from the same registration.
    private static readonly Lazy<DurableTaskWorkerOptions> WorkerOptions = new(() =>
    {
        using var services = new ServiceCollection().AddLogging().AddDurableTask(_ => { }).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName);
    });

    private static bool IsDecision(HistoryEvent e) =>
        e is TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent or ExecutionCompletedEvent or ContinueAsNewEvent;

    private static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduledEvent t => $"activity {t.Name}",
        TimerCreatedEvent t => $"timer {Time(t.FireAt)}",
        SubOrchestrationInstanceCreatedEvent s => $"sub-orchestration {s.Name} {s.InstanceId}",
        EventSentEvent s => $"event {s.Name} {s.InstanceId}",
        ExecutionCompletedEvent c => $"end {c.OrchestrationStatus} {c.Result}",
        _ => e.EventType.ToString(),
    };

    private static string Describe(OrchestratorAction a) => a switch
    {
        ScheduleTaskOrchestratorAction t => $"activity {t.Name}",
        CreateTimerOrchestratorAction t => $"timer {Time(t.FireAt)}",
        CreateSubOrchestrationAction s => $"sub-orchestration {s.Name} {s.InstanceId}",
        SendEventOrchestratorAction s => $"event {s.EventName} {s.Instance?.InstanceId}",
        OrchestrationCompleteOrchestratorAction { FailureDetails: { } failure } c => $"end {c.OrchestrationStatus} {failure.ErrorType}: {failure.ErrorMessage}",
        OrchestrationCompleteOrchestratorAction c => $"end {c.OrchestrationStatus} {c.Result}",
        _ => a.OrchestratorActionType.ToString(),
    };

    private static string? InputOf(OrchestratorAction a) => a switch
    {
        ScheduleTaskOrchestratorAction t => t.Input,
        CreateSubOrchestrationAction s => s.Input,
        SendEventOrchestratorAction s => s.EventData,
        _ => null,
    };

    // The kind of a DateTime read back from JSON need not be the one the code made; the instant is what must match.
    private static string Time(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
}
