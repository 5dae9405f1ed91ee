namespace EduFlows.Processes.ShadowTraining;

/// <summary>The API's words for the office in Chinese: a trainee's stage as its refusals name it.</summary>
public static class ShadowTrainingApiText
{
    /// <summary>
    /// A trainee's stage (<see cref="TraineeProgress.Stage"/>) in Chinese; a week no longer running (null) "已结束".
    /// A stage this does not know is said as "在其他阶段" rather than as its code.
    /// </summary>
    public static string StageZh(string? stage) => stage switch
    {
        null => "培训周已结束",
        "awaiting-confirmation" => "等待本人确认参训",
        "deferral-requested" => "已申请延期",
        "deferred" => "已延期到以后的批次",
        "confirmed" => "已确认参训",
        "awaiting-evaluation" => "等待导师评价",
        "completed" => "已结业",
        "not-completed" => "未结业",
        _ when stage.StartsWith("day-", StringComparison.Ordinal) && int.TryParse(stage.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int day) => $"在培训周第 {day} 天",
        _ => "在其他阶段",
    };
}
