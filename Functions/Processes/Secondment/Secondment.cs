using System.Globalization;
using System.Text.Json;
using EduFlows.AuditLog;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// An exchange or secondment (双向交流 / 挂职锻炼): one instance (<c>secondment-{id}</c>) for its whole duration. It asks
/// the person and both heads to consent, moves the person to the host on the first day, then runs one month per
/// execution (continue-as-new, so its history stays a month long): the person's check-in with a reminder, the host
/// mentor's mid-term evaluation, the owner's return-or-extend decision a month before the end (bounded by
/// <see cref="SecondmentRules.Extension"/>) and the mentor's final evaluation; on the end day the person returns home
/// (or stays at the host) and the directory keeps every move.
/// </summary>
public static class Secondment
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "Secondment";

    /// <summary>Activities that read or write tables are retried.</summary>
    public static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>The orchestrator; its input is a <see cref="SecondmentRun"/>, its output the final <see cref="SecondmentState"/>.</summary>
    [Function(Name)]
    public static async Task<SecondmentState> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<SecondmentRun>() ?? throw new InvalidOperationException($"{Name} starts with a {nameof(SecondmentRun)}.");
        var state = run.State.Stage == SecondmentStages.Consent
            ? await ConsentAndStartAsync(context, run)
            : await MonthAsync(context, run);
        if (state.Stage == SecondmentStages.Running)
        {
            context.ContinueAsNew(run with { State = state });
        }

        return state;
    }

    private static async Task<SecondmentState> ConsentAndStartAsync(TaskOrchestrationContext context, SecondmentRun run)
    {
        var (plan, state, options) = (run.Plan, run.State, run.Options);
        context.SetStatus(state);
        await SaveAsync(context, plan, state);
        var due = context.CurrentUtcDateTime.AddDays(options.ConsentDays);
        var asked = new[] { ("person", plan.PersonId, "本人"), ("home", plan.Home.HeadId, "派出单位"), ("host", plan.Host.HeadId, "接收单位") };
        var names = new[] { plan.PersonName, plan.Home.HeadName, plan.Host.HeadName };
        var units = new[] { plan.Home.Name, plan.Home.Name, plan.Host.Name };
        var answers = await Task.WhenAll(asked.Select(a => context.AssignStaffTaskAsync(Request(plan, SecondmentTasks.Consent, a.Item2, a.Item1, due) with
        {
            RemindBefore = [TimeSpan.FromDays(1)],
        })));
        var consents = new List<string>();
        var answered = new List<KeyValuePair<string, string>>();
        bool agreed = true;
        for (int i = 0; i < asked.Length; i++)
        {
            var receipt = answers[i].Receipt;
            string? answer = receipt?.Values.GetValueOrDefault("answer");
            agreed &= answer == "agree";
            string? note = receipt?.Values.GetValueOrDefault("note");
            consents.Add(SecondmentLines.Consent(asked[i].Item3, names[i], units[i], answer, note));
            answered.Add(new(asked[i].Item3, SecondmentLines.Answer(names[i], units[i], answer, note)));
        }

        await AuditAsync(context, plan, "consent", "consent", "system", new { consents, agreed });
        if (!agreed)
        {
            state = state with { Stage = SecondmentStages.Declined, Consents = consents };
            await SaveAsync(context, plan, state);

            // Everyone asked, and the owner, learn that nothing happens and why; the person stays where they are.
            await context.SendMailsAsync(await context.CallActivityAsync<IReadOnlyList<string>>(SecondmentActivities.Declined, new SecondmentDeclined(plan, answered), Retried));
            context.SetStatus(state);
            return state;
        }

        state = state with { Stage = SecondmentStages.Running, Consents = consents, TotalMonths = plan.Months, Month = 1 };
        context.SetStatus(state);
        await UntilAsync(context, Local(plan, plan.Start, options.OpensAt), ("到岗开始", "The secondment starts"));
        string verb = plan.Kind == SecondmentKinds.Exchange ? "双向交流" : "挂职锻炼";
        string? moved = await context.CallActivityAsync<string?>(SecondmentActivities.Move, new StaffMoveRequest(
            plan.SecondmentId + "-out", plan.PersonId, plan.Start, plan.Host.IsSchool ? plan.Host.Id : null, plan.Host.IsSchool ? null : plan.Host.Id, plan.HostPost, $"{verb}：到{plan.Host.Name}任{plan.Role}", plan.InstanceId), Retried);
        state = state with { Moves = moved is null ? state.Moves : [.. state.Moves, moved] };
        await SaveAsync(context, plan, state);
        return state;
    }

    private static async Task<SecondmentState> MonthAsync(TaskOrchestrationContext context, SecondmentRun run)
    {
        var (plan, state, options) = (run.Plan, run.State, run.Options);
        int month = state.Month;
        context.SetStatus(state);
        var opensDay = SecondmentRules.CheckInOpensDay(plan.Start, month, options);
        await UntilAsync(context, Local(plan, opensDay, options.OpensAt), ($"第{month}个月月度报到开放", $"Month {month} check-in opens"));
        var checkInDue = Local(plan, SecondmentRules.CheckInDueDay(plan.Start, month), options.DueAt);
        string part = $"m{month:D2}";
        var checkIn = context.AssignStaffTaskAsync(Request(plan, SecondmentTasks.CheckIn, plan.PersonId, part, checkInDue, month) with { RemindBefore = [TimeSpan.FromDays(1)] });
        Task<StaffTaskOutcome>? midTerm = month == SecondmentRules.MidTermMonth(plan.Months) && state.MidTermGrade is null
            ? context.AssignStaffTaskAsync(Request(plan, SecondmentTasks.MidTerm, plan.MentorId, "mid-term", Local(plan, opensDay.AddDays(options.MidTermDays), options.DueAt), month) with { RemindBefore = [TimeSpan.FromDays(1)] })
            : null;
        Task<StaffTaskOutcome>? decision = null;
        if (month == SecondmentRules.DecisionMonth(state.TotalMonths) && state.Outcome is null)
        {
            bool extensionAllowed = state.Extensions < options.MaxExtensions;
            var request = Request(plan, SecondmentTasks.Decision, plan.OwnerId, $"decision-{state.Extensions + 1}", Local(plan, opensDay.AddDays(options.DecisionDays), options.DueAt), month);
            decision = context.AssignStaffTaskAsync(request with
            {
                RemindBefore = [TimeSpan.FromDays(2)],
                Fields = SecondmentTasks.DecisionFields(extensionAllowed, options),
                Context =
                [
                    .. request.Context,
                    new("中期评价", SecondmentTasks.GradeZh(state.MidTermGrade)),
                    new("月度报告", $"已交{state.CheckInsDone}次，缺{state.CheckInsMissed.Count}次"),
                    new("延期规则", SecondmentRules.RuleZh(options) + (extensionAllowed ? string.Empty : "（本次已不能延期）")),
                ],
            });
        }

        Task<StaffTaskOutcome>? final = month == state.TotalMonths && state.FinalGrade is null
            ? context.AssignStaffTaskAsync(Request(plan, SecondmentTasks.Final, plan.MentorId, "final", checkInDue, month) with { RemindBefore = [TimeSpan.FromDays(1)] })
            : null;

        await Task.WhenAll(new[] { checkIn, midTerm, decision, final }.OfType<Task<StaffTaskOutcome>>());
        state = (await checkIn).Receipt is null
            ? state with { CheckInsMissed = [.. state.CheckInsMissed, month] }
            : state with { CheckInsDone = state.CheckInsDone + 1 };
        if (midTerm is not null)
        {
            state = state with { MidTermGrade = (await midTerm).Receipt?.Values.GetValueOrDefault("grade") ?? "none" };
        }

        if (final is not null)
        {
            state = state with { FinalGrade = (await final).Receipt?.Values.GetValueOrDefault("grade") ?? "none" };
        }

        SecondmentExtended? extended = null;
        if (decision is not null)
        {
            (state, extended) = await DecideAsync(context, run, state, await decision);
        }

        if (month < state.TotalMonths)
        {
            state = state with { Month = month + 1 };
            await SaveAsync(context, plan, state);

            // Told after the save, the month's last step: an instance already running when this came replays its history
            // unchanged and appends this (no version gate needed). Fixed outbox ids: a step run again sends nothing twice.
            if (extended is not null)
            {
                await context.SendMailsAsync(await context.CallActivityAsync<IReadOnlyList<string>>(SecondmentActivities.Extended, extended with { State = state }, Retried));
            }

            return state;
        }

        return await EndAsync(context, run, state);
    }

    // The owner's answer through the extension rule: an extension the rule does not allow ends the assignment on time.
    // Also answers the extension granted, if any, for its mail; a refused one is none.
    private static async Task<(SecondmentState State, SecondmentExtended? Extended)> DecideAsync(TaskOrchestrationContext context, SecondmentRun run, SecondmentState state, StaffTaskOutcome decision)
    {
        var plan = run.Plan;
        SecondmentExtended? extended = null;
        string line;
        if (decision.Receipt is not { } receipt)
        {
            line = "期满决定逾期未作出：按期返回";
            state = state with { Outcome = "return" };
        }
        else
        {
            string choice = receipt.Values.GetValueOrDefault("decision") ?? "return";
            string reason = receipt.Values.GetValueOrDefault("reason") ?? string.Empty;
            if (choice == "extend")
            {
                int? asked = receipt.Values.GetValueOrDefault("extendMonths") is { Length: > 0 } text ? (int)decimal.Parse(text, CultureInfo.InvariantCulture) : null;
                var (months, refused) = SecondmentRules.Extension(state.Extensions, asked, run.Options);
                if (refused is null)
                {
                    line = $"{SecondmentLines.Decider(plan)}决定延期{months}个月：{reason}";
                    state = state with { TotalMonths = state.TotalMonths + months, Extensions = state.Extensions + 1 };
                    extended = new SecondmentExtended(plan, state, months, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
                }
                else
                {
                    line = $"{SecondmentLines.Decider(plan)}申请延期未获准（{refused}）：按期返回。理由：{reason}";
                    state = state with { Outcome = "return" };
                }
            }
            else
            {
                line = $"{SecondmentLines.Decider(plan)}决定{(choice == "stay" ? "留任接收单位" : "按期返回原单位")}：{reason}";
                state = state with { Outcome = choice == "stay" ? "stay" : "return" };
            }
        }

        state = state with { Decisions = [.. state.Decisions, line] };
        await AuditAsync(context, plan, $"decision-{state.Decisions.Count}", "decision", decision.Receipt?.SubmittedBy ?? "system", new { line, state.TotalMonths, state.Extensions, state.Outcome });
        return (state, extended);
    }

    private static async Task<SecondmentState> EndAsync(TaskOrchestrationContext context, SecondmentRun run, SecondmentState state)
    {
        var (plan, options) = (run.Plan, run.Options);
        var endDay = SecondmentRules.EndDay(plan.Start, state.TotalMonths);
        await UntilAsync(context, Local(plan, endDay, options.OpensAt), ("期满结束", "The secondment ends"));
        bool stay = state.Outcome == "stay";
        string verb = plan.Kind == SecondmentKinds.Exchange ? "双向交流" : "挂职锻炼";
        var request = stay
            ? new StaffMoveRequest(EndMoveId(plan, stay), plan.PersonId, endDay, plan.Host.IsSchool ? plan.Host.Id : null, plan.Host.IsSchool ? null : plan.Host.Id, plan.HostPost, $"{verb}期满留任{plan.Host.Name}{plan.Role}", plan.InstanceId)
            : new StaffMoveRequest(EndMoveId(plan, stay), plan.PersonId, endDay, plan.Home.IsSchool ? plan.Home.Id : null, plan.Home.IsSchool ? null : plan.Home.Id, plan.HomePost, $"{verb}期满返回{plan.Home.Name}", plan.InstanceId);
        string? moved = await context.CallActivityAsync<string?>(SecondmentActivities.Move, request, Retried);
        state = state with
        {
            Stage = stay ? SecondmentStages.Stayed : SecondmentStages.Returned,
            Outcome = stay ? "stay" : "return",
            Moves = moved is null ? state.Moves : [.. state.Moves, moved],
        };
        await AuditAsync(context, plan, "end", "move", "system", new { request.MoveId, request.Reason, state.TotalMonths });
        await SaveAsync(context, plan, state);
        context.SetStatus(state);

        // The person and both heads are told last, after every earlier step: an instance already running when this came
        // replays its history unchanged and sends them too. Fixed outbox ids: a step run again sends nothing twice.
        await context.SendMailsAsync(await context.CallActivityAsync<IReadOnlyList<string>>(SecondmentActivities.Ended, new SecondmentRecord(plan, state, context.CurrentUtcDateTime), Retried));
        return state;
    }

    /// <summary>The id of the move on the end day: <c>{id}-stay</c> when the person stays at the host, <c>{id}-back</c> when they return.</summary>
    public static string EndMoveId(SecondmentPlan plan, bool stay) =>
        (plan ?? throw new ArgumentNullException(nameof(plan))).SecondmentId + (stay ? "-stay" : "-back");

    private static Task<bool> SaveAsync(TaskOrchestrationContext context, SecondmentPlan plan, SecondmentState state) =>
        context.CallActivityAsync<bool>(SecondmentActivities.Save, new SecondmentRecord(plan, state, context.CurrentUtcDateTime), Retried);

    private static Task<AuditEntry> AuditAsync(TaskOrchestrationContext context, SecondmentPlan plan, string step, string kind, string actor, object payload) =>
        context.AppendAuditAsync(new AuditAppend(plan.InstanceId, $"{plan.InstanceId}-{step}", kind, actor, plan.PersonId, JsonSerializer.Serialize(payload)), Retried);

    private static async Task UntilAsync(TaskOrchestrationContext context, DateTime at, (string Zh, string En) purpose)
    {
        if (at > context.CurrentUtcDateTime)
        {
            await context.CreatePublishedTimer(at, purpose.Zh, purpose.En, CancellationToken.None);
        }
    }

    private static DateTime Local(SecondmentPlan plan, DateOnly day, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), TimeZoneInfo.FindSystemTimeZoneById(plan.TimeZone));

    private static StaffTaskRequest Request(SecondmentPlan plan, TaskKind kind, string assigneeId, string part, DateTime due, int? month = null)
    {
        string end = SecondmentRules.EndDay(plan.Start, plan.Months).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var facts = new List<KeyValuePair<string, string>>
        {
            new("类别", SecondmentKinds.Zh(plan.Kind)),
            new("人员", plan.PersonName),
            new("派出单位", plan.Home.Name),
            new("接收单位", plan.Host.Name),
            new("岗位", plan.Role),
            new("期限", $"{plan.Start:yyyy-MM-dd} 至 {end}（{plan.Months}个月）"),
            new("指导人", plan.MentorName),
        };
        if (month is { } m)
        {
            facts.Add(new("月份", $"第{m}个月"));
        }

        return new StaffTaskRequest(kind.Name, assigneeId, $"{SecondmentKinds.Zh(plan.Kind)} · {plan.PersonName} · {plan.Host.Name}", due)
        {
            TaskId = $"{kind.Name}-{plan.SecondmentId}-{part}",
            OwnerId = plan.OwnerId,
            Context = facts,
        };
    }
}
