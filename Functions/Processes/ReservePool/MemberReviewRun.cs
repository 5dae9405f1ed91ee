namespace EduFlows.Processes.ReservePool;

/// <summary>One member's part of a yearly review (the sub-orchestration's input).</summary>
/// <param name="Year">The year.</param>
/// <param name="MemberId">The member row.</param>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="OfficerId">The officer deciding.</param>
/// <param name="Facts">The file in a few lines, shown on the officer's task.</param>
public sealed record MemberReviewRun(int Year, string MemberId, string StaffId, string Name, string OfficerId, IReadOnlyList<KeyValuePair<string, string>> Facts)
{
    /// <summary>The sub-orchestration's instance id.</summary>
    public string InstanceId => $"{ReservePoolReview.InstancePrefix}{Year}:{MemberId}";
}
