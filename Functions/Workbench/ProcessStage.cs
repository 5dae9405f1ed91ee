using System.Globalization;
using System.Text.Json;

namespace EduFlows.Workbench;

/// <summary>
/// An instance's stage read from its custom status, in the page's language. The processes publish small JSON objects
/// (a stage or step, counts, dates) in their own words; the known keys and stage words are named here, anything else
/// is left to the raw JSON the page shows beside it.
/// </summary>
public static class ProcessStage
{
    private static readonly Dictionary<string, (string Zh, string En)> Stages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["starting"] = ("启动中", "starting"),
        ["snapshot"] = ("采集过程记录", "taking the records"),
        ["self-assessment-and-survey"] = ("自评与满意度调查", "self-assessment and survey"),
        ["scoring"] = ("评委打分", "panel scoring"),
        ["bonus-decisions"] = ("加分审定", "bonus decisions"),
        ["publishing"] = ("发布结果", "publishing"),
        ["published"] = ("已发布", "published"),
        ["deciding"] = ("轮岗人选决定中", "deciding"),
        ["decided"] = ("已决定", "decided"),
        ["reports"] = ("提交述职报告", "reports"),
        ["judging"] = ("评议打分", "judging"),
        ["closed"] = ("已结束", "closed"),
        ["presentations"] = ("提交汇报材料", "presentations"),
        ["innovation"] = ("创新项目评定", "innovation"),
        ["waiting for the session"] = ("等待现场评分", "waiting for the session"),
        ["session"] = ("现场评分", "session"),
        ["running"] = ("进行中", "running"),
        ["finished"] = ("已完成", "finished"),
        ["awaiting-confirmation"] = ("等待确认", "awaiting confirmation"),
        ["deferral-requested"] = ("申请延期", "deferral requested"),
        ["deferred"] = ("已延期", "deferred"),
        ["confirmed"] = ("已确认", "confirmed"),
        ["results"] = ("汇总结果", "results"),
        ["MonthlyDispatch"] = ("每月一调度", "monthly dispatch"),
        ["DutyReview"] = ("半年述职评议", "half-year duty review"),
        ["YearEnd"] = ("年终总考核", "year-end"),
        ["OnTime"] = ("按时", "on time"),
        ["Late"] = ("迟交", "late"),
        ["Missing"] = ("缺交", "missing"),

        // Shadow training, one trainee's week (the days are "day-N", read below).
        ["awaiting-evaluation"] = ("等待结业评价", "awaiting evaluation"),
        ["completed"] = ("已结业", "completed"),
        ["not-completed"] = ("未结业", "not completed"),

        // Exchange / secondment (SecondmentStages; "running" is above).
        ["consent"] = ("征求意见", "seeking consent"),
        ["declined"] = ("未获同意", "declined"),
        ["returned"] = ("期满返回", "returned"),
        ["stayed"] = ("期满留任", "stayed"),
        ["terminated"] = ("已终止", "terminated"),
        ["failed"] = ("出错中止", "failed"),
        ["purged"] = ("已清除（结果不明）", "purged (outcome unknown)"),

        // Deputy renewal, one school (the record's stage).
        ["proposal"] = ("待学校建议", "school proposing"),
        ["review"] = ("待教育局审核", "bureau review"),
        ["notice"] = ("公示中", "on notice"),
        ["done"] = ("已完成", "done"),

        // Head-teachers' association: membership, term election, case contest ("reviewing" is also the reserve pool's yearly review).
        ["with-office"] = ("办公室审核中", "with the office"),
        ["nominating"] = ("提名中", "nominating"),
        ["voting"] = ("投票中", "voting"),
        ["submitting"] = ("征集案例", "taking cases"),
        ["reviewing"] = ("评审中", "reviewing"),
        ["awarded"] = ("已评奖", "awarded"),
    };

    // Keys shown as "label: value"; the order is the order on the page.
    private static readonly (string Key, string Zh, string En)[] Facts =
    [
        ("year", "年度", "year"), ("month", "月份", "month"), ("next", "下一节点", "next"), ("number", "第几次", "number"), ("at", "时间", "at"),
        ("openTasks", "进行中任务", "open tasks"), ("tasksDone", "已完成任务", "tasks done"), ("candidates", "候选人", "candidates"),
        ("departments", "科室", "departments"), ("reported", "已提交", "reported"), ("judges", "评委", "judges"),
        ("principals", "校长", "principals"), ("scored", "已评分", "scored"), ("opens", "开始", "opens"), ("closes", "结束", "closes"),
        ("onTime", "按时", "on time"), ("late", "迟交", "late"), ("missing", "缺交", "missing"),
        ("reassignments", "岗位调整", "reassignments"), ("schools", "学校", "schools"), ("weekStart", "跟岗周", "week of"),
        ("completed", "结业", "completed"), ("notCompleted", "未结业", "not completed"), ("deferred", "延期", "deferred"), ("failed", "出错", "failed"),
    ];

    /// <summary>The stage and facts of a custom status in <paramref name="culture"/>; empty when there is none or it is not an object.</summary>
    public static string Describe(string? customStatus, string culture, Tasks.BureauClock clock) =>
        Describe(Durable.CustomStatusJson.Parse(customStatus), culture, clock);

    /// <summary>The same from the status already parsed (<see cref="Durable.CustomStatusJson.Parse"/>), for a page that reads it for its timer too.</summary>
    public static string Describe(JsonElement? status, string culture, Tasks.BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        bool en = culture == "en";
        if (status is not { } root)
        {
            return string.Empty;
        }

        // A status serialized twice (a JSON string holding JSON) is read through.
        if (root.ValueKind == JsonValueKind.String && root.GetString() is { } inner && inner.TrimStart().StartsWith('{'))
        {
            return Describe(inner, culture, clock);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        string? stage = Text(root, "stage") ?? Text(root, "step");
        if (stage is not null)
        {
            parts.Add(Word(stage, en));
        }

        if (Durable.CustomStatusJson.Get(root, "published") is { ValueKind: JsonValueKind.True })
        {
            parts.Add(en ? "results published" : "结果已公布");
        }

        if (Text(root, "waitingFor") is { } waiting)
        {
            parts.Add((en ? "waiting for " : "等待：") + waiting);
        }

        foreach (var (key, zh, enLabel) in Facts)
        {
            if (Durable.CustomStatusJson.Get(root, key) is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
            {
                continue;
            }

            string text = value.ValueKind == JsonValueKind.String ? Value(value.GetString()!, en, clock) : value.GetRawText();
            parts.Add(en ? $"{enLabel}: {text}" : $"{zh}：{text}");
        }

        if (Durable.CustomStatusJson.Get(root, "bases") is { ValueKind: JsonValueKind.Array } bases)
        {
            int trainees = bases.EnumerateArray().Sum(b => Durable.CustomStatusJson.Get(b, "trainees") is { ValueKind: JsonValueKind.Array } t ? t.GetArrayLength() : 0);
            parts.Add(en ? $"{bases.GetArrayLength()} bases, {trainees} trainees" : $"{bases.GetArrayLength()} 个基地，{trainees} 名学员");
        }

        return string.Join(en ? "; " : "；", parts);
    }

    private static string Word(string stage, bool en)
    {
        if (stage.StartsWith("day-", StringComparison.Ordinal) && int.TryParse(stage.AsSpan("day-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int day))
        {
            return en ? $"day {day}" : $"第{day}天";
        }

        // The reallocation's stages and rounds are named where its office page and report take them from.
        return Stages.TryGetValue(stage, out var word) ? (en ? word.En : word.Zh)
            : Processes.StaffReallocation.ReallocationNames.Stage(stage) is { } named ? (en ? named.En : named.Zh)
            : stage;
    }

    private static string Value(string text, bool en, Tasks.BureauClock clock) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && text.Contains('T', StringComparison.Ordinal)
            ? clock.Format(at)
            : Word(text, en);

    private static string? Text(JsonElement root, string key) => Durable.CustomStatusJson.Get(root, key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
