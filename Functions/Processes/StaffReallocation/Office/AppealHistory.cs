using System.Text.Json;
using System.Text.Json.Serialization;
using DurableTask.Core.History;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>
/// The appeals and points objections of a reallocation started before they were put on record as they came
/// (<see cref="ReallocationStart.AppealsOnRecord"/> false), read from its instance's history, as the office page read
/// its lodged appeals before: each window's appeals (or objections) as the orchestration took them in, numbered in that
/// order, and the bureau's decision on each once the activity applying it has run. Nothing is written.
/// </summary>
/// <remarks>
/// A history keeps the events raised with their payloads, the bureau's answers among them (<see cref="TaskDesk.EventName"/>),
/// but an activity's name without its input; the windows are told by the orchestration's steps, which an instance keeps
/// as long as it runs: a window's stage is set and its closing timer started next (no other stage is followed by a
/// timer); the first window before any round is applied takes objections, and the n-th after is the n-th round's appeal
/// window. It takes what is raised until that timer fires (at most <see cref="PointsObjectionWindow.MaxObjections"/> or
/// <see cref="StaffReallocation.MaxAppealsPerRound"/>); what comes after is not taken, and not listed. The bureau decides
/// each in the order taken, one activity each: the n-th to complete applies the n-th taken, answered by its review
/// task's event, or, with none, not decided in time at the orchestration's time the activity was called with.
/// </remarks>
public static class AppealHistory
{
    // Payloads as the worker wrote them: camelCase or not, enums by name or by number.
    private static readonly JsonSerializerOptions Payload = CreateOptions();

    /// <summary>The appeals and objections the instance's <paramref name="history"/> took in, pending or decided.</summary>
    public static List<AppealRecord> Read(string reallocationId, IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var events = history.ToList();
        var answers = new Dictionary<string, TaskReceipt>(StringComparer.Ordinal);
        foreach (var raised in events.OfType<EventRaisedEvent>())
        {
            if (raised.Name?.StartsWith(TaskDesk.EventName(string.Empty), StringComparison.Ordinal) == true && Read<TaskReceipt>(raised.Input) is { SubmittedBy: not null } receipt)
            {
                answers.TryAdd(raised.Name, receipt);
            }
        }

        var windows = new List<Window>();
        var stageSet = new HashSet<int>();
        var applying = new Dictionary<int, Window>();
        bool stageJustSet = false, roundApplied = false;
        Window? open = null;
        int closingTimer = -1;
        DateTimeOffset now = default;
        foreach (var e in events)
        {
            switch (e)
            {
                case OrchestratorStartedEvent started:
                    now = new DateTimeOffset(DateTime.SpecifyKind(started.Timestamp, DateTimeKind.Utc));
                    break;
                case TaskCompletedEvent completed when stageSet.Remove(completed.TaskScheduledId):
                    stageJustSet = true;
                    break;
                case TaskCompletedEvent completed when applying.Remove(completed.TaskScheduledId, out var decided):
                    decided.DecidedAt.Add(decided.CalledAt ?? now);
                    decided.CalledAt = null;
                    break;
                case TimerCreatedEvent timer when stageJustSet:
                    stageJustSet = false;
                    int appealWindows = windows.Count(w => w.Round is not null);
                    if (!roundApplied || appealWindows < StaffReallocation.Rounds.Count)
                    {
                        open = new Window(roundApplied ? StaffReallocation.Rounds[appealWindows] : null);
                        windows.Add(open);
                        closingTimer = timer.EventId;
                    }

                    break;
                case TimerFiredEvent fired when fired.TimerId == closingTimer:
                    open = null;
                    closingTimer = -1;
                    break;
                case TaskScheduledEvent scheduled:
                    stageJustSet = false;
                    var deciding = scheduled.Name switch
                    {
                        StaffPointsActivities.ApplyObjection => windows.LastOrDefault(w => w.Round is null),
                        StaffReallocationActivities.ApplyAppeal => windows.LastOrDefault(w => w.Round is not null),
                        _ => null,
                    };
                    if (deciding is not null)
                    {
                        // A retried call keeps the input it was first called with, and its time.
                        deciding.CalledAt ??= now;
                        applying[scheduled.EventId] = deciding;
                    }
                    else if (scheduled.Name == StaffReallocationActivities.SetStage)
                    {
                        stageSet.Add(scheduled.EventId);
                    }
                    else if (scheduled.Name == StaffReallocationActivities.ApplyRound)
                    {
                        roundApplied = true;
                    }

                    break;
                case SubOrchestrationInstanceCreatedEvent:
                    stageJustSet = false;
                    break;
                case EventRaisedEvent raised when open is not null
                    && string.Equals(raised.Name, open.Round is null ? PointsObjectionWindow.ObjectionEvent : StaffReallocation.AppealEvent, StringComparison.OrdinalIgnoreCase)
                    && open.Taken.Count < (open.Round is null ? PointsObjectionWindow.MaxObjections : StaffReallocation.MaxAppealsPerRound)
                    && Read<ReallocationAppeal>(raised.Input) is { StaffId: { Length: > 0 } staffId, Reason: { } reason } appeal:
                    open.Taken.Add(Lodged(reallocationId, open.Round, open.Taken.Count, staffId, reason, appeal.LodgedBy) with { LodgedAt = now });
                    break;
            }
        }

        return [.. windows.SelectMany(w => w.Taken.Select((lodged, n) => n < w.DecidedAt.Count ? Decided(lodged, w.DecidedAt[n], answers) : lodged))];
    }

    /// <summary>
    /// The records and what the history says, one row per appeal: a record as it is (with when it was taken in from the
    /// history, which an old instance's records lack), unless the history has it decided and the record not yet, or the
    /// record at that number holds another appeal (numbered wrongly once): then as the history has it.
    /// </summary>
    public static List<AppealRecord> Merge(IReadOnlyList<AppealRecord> stored, IReadOnlyList<AppealRecord> fromHistory)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(fromHistory);
        var read = fromHistory.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var merged = new List<AppealRecord>(stored.Count + read.Count);
        foreach (var record in stored)
        {
            if (!read.Remove(record.Id, out var history))
            {
                merged.Add(record);
            }
            else if (!record.IsSameAppeal(history) || (record.Outcome is null && history.Outcome is not null))
            {
                merged.Add(history);
            }
            else
            {
                merged.Add(record with { LodgedAt = record.LodgedAt ?? history.LodgedAt, ReviewTaskId = record.ReviewTaskId ?? history.ReviewTaskId });
            }
        }

        merged.AddRange(read.Values);
        return merged;
    }

    // Decided by the review task's answer, or not decided in time when it has none.
    private static AppealRecord Decided(AppealRecord lodged, DateTimeOffset calledAt, Dictionary<string, TaskReceipt> answers)
    {
        string taskId = lodged.ReviewTaskId!;
        var receipt = answers.GetValueOrDefault(TaskDesk.EventName(taskId));
        return AppealRecord.Decided(lodged, new StaffTaskOutcome(receipt is null ? StaffTaskResult.Expired : StaffTaskResult.Submitted, taskId, receipt), calledAt);
    }

    private static AppealRecord Lodged(string reallocationId, Round? round, int number, string staffId, string reason, string? lodgedBy) => new()
    {
        ReallocationId = reallocationId,
        Round = round,
        Number = number,
        StaffId = staffId,
        Reason = reason,
        LodgedBy = lodgedBy,
        ReviewTaskId = round is { } r ? AppealRecord.AppealTaskId(reallocationId, r, staffId, number) : AppealRecord.ObjectionTaskId(reallocationId, staffId, number),
    };

    // A window as the history shows it: what it took in, when each decision's activity was first called, and the call
    // under way (retried or not yet done).
    private sealed class Window(Round? round)
    {
        public Round? Round { get; } = round;

        public List<AppealRecord> Taken { get; } = [];

        public List<DateTimeOffset> DecidedAt { get; } = [];

        public DateTimeOffset? CalledAt { get; set; }
    }

    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
