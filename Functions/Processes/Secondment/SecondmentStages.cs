namespace EduFlows.Processes.Secondment;

/// <summary>The stages of an assignment, as its status and record name them.</summary>
public static class SecondmentStages
{
    /// <summary>Waiting for the person's and both heads' consent.</summary>
    public const string Consent = "consent";

    /// <summary>Someone declined (or did not answer): nothing moved.</summary>
    public const string Declined = "declined";

    /// <summary>At the host: monthly check-ins running.</summary>
    public const string Running = "running";

    /// <summary>Ended: the person is back at home in their post.</summary>
    public const string Returned = "returned";

    /// <summary>Ended: the person stays at the host (双向交流 made permanent).</summary>
    public const string Stayed = "stayed";

    /// <summary>Stopped before its course: the instance was terminated (by the office on the instances page, or an operator).</summary>
    public const string Terminated = "terminated";

    /// <summary>Stopped before its course: the instance failed (an error it could not get past).</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Over with its outcome unknown: the record still said consent or running when its instance was found purged (by a
    /// purge from before assignments were settled first), so nothing could learn how it ended.
    /// </summary>
    public const string Purged = "purged";

    /// <summary>Whether an assignment is over, by its course or stopped: the person may be assigned again.</summary>
    public static bool IsEnded(string stage) => stage is Declined or Returned or Stayed or Terminated or Failed or Purged;

    /// <summary>The stage's name in Chinese.</summary>
    public static string Zh(string stage) => stage switch
    {
        Consent => "征求意见",
        Declined => "未获同意",
        Running => "交流/挂职中",
        Returned => "期满返回",
        Stayed => "期满留任",
        Terminated => "已终止",
        Failed => "出错中止",
        Purged => "已清除（结果不明）",
        _ => stage,
    };

    /// <summary>The stage's name in English, for a person who reads in English.</summary>
    public static string En(string stage) => stage switch
    {
        Consent => "asking for consent",
        Declined => "not agreed",
        Running => "at the host",
        Returned => "ended, back in the home post",
        Stayed => "ended, staying at the host",
        Terminated => "stopped",
        Failed => "stopped by an error",
        Purged => "cleared (outcome unknown)",
        _ => stage,
    };
}
