namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The mail that calls a drawn judge to the interview: sent only on the interview day (so nobody can be approached
/// beforehand), with a scoring link valid from the mail until the end of that day in the bureau's time zone.
/// </summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="SendAt">When the mail goes out: 07:00 on the interview day.</param>
/// <param name="LinkValidUntil">When the scoring link stops working: 24:00 that day.</param>
/// <param name="SubjectZh">The mail's subject.</param>
/// <param name="BodyZh">The mail's text.</param>
public sealed record JudgeSummons(string JudgeId, DateTimeOffset SendAt, DateTimeOffset LinkValidUntil, string SubjectZh, string BodyZh)
{
    /// <summary>The hour of the interview day the mails go out.</summary>
    public const int SendHour = 7;

    /// <summary>The summons of one drawn judge.</summary>
    public static JudgeSummons For(DrawnJudge judge, string judgeName, string selectionTitle, DateOnly interviewOn, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(zone);
        var sendLocal = interviewOn.ToDateTime(new TimeOnly(SendHour, 0));
        var endLocal = interviewOn.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var sendAt = new DateTimeOffset(sendLocal, zone.GetUtcOffset(sendLocal));
        var until = new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
        return new JudgeSummons(
            judge.JudgeId,
            sendAt,
            until,
            $"面试评委通知：{selectionTitle}",
            $"{judgeName}您好：您经随机抽取担任今天（{interviewOn:yyyy年M月d日}）{selectionTitle}面试的评委（{PanelDraw.GroupName(judge.Group)}）。请用手机打开下面的评分链接，链接仅今天有效；您提交某位考生的评分后，才能看到其他评委对该考生的评分。如与考生有亲属等需回避的关系，请在评分前申报。");
    }
}
