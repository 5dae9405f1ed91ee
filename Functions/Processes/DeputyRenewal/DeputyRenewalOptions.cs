namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The timetable of a school's renewal round. The seed gives no numbers; these defaults are stated in the README.</summary>
public sealed record DeputyRenewalOptions
{
    /// <summary>The defaults.</summary>
    public static readonly DeputyRenewalOptions Default = new();

    /// <summary>Days the principal has to propose (default 7); unanswered, the task passes to the bureau owner for 3 more days.</summary>
    public int ProposalDays { get; init; } = 7;

    /// <summary>Days the bureau has to review each proposal (default 5).</summary>
    public int ReviewDays { get; init; } = 5;

    /// <summary>The shortened public notice of promotions, in working days of the shared calendar (default 3; a full notice is 5).</summary>
    public int NoticeWorkingDays { get; init; } = 3;

    /// <summary>Working days the bureau has to look into an objection (default 3).</summary>
    public int ObjectionWorkingDays { get; init; } = 3;

    /// <summary>The post a deputy not renewed goes back to (default "teacher").</summary>
    public string NotRenewedPost { get; init; } = "teacher";
}
