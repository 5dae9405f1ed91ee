namespace EduFlows.Processes.StaffReallocation;

/// <summary>The posts one school published for a reallocation (one row per school, so 110 schools never share a row's size limit).</summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="Posts">Its posts.</param>
/// <param name="PublishedBy">The principal who published them, or "nobody" when the window closed (then the school's current staffing stands).</param>
/// <param name="PublishedAt">When.</param>
public sealed record SchoolPostsRecord(string ReallocationId, string SchoolId, IReadOnlyList<SchoolPost> Posts, string PublishedBy, DateTimeOffset PublishedAt)
{
    /// <summary>The row id.</summary>
    public string Id => IdOf(ReallocationId, SchoolId);

    /// <summary>The row id of a school's posts.</summary>
    public static string IdOf(string reallocationId, string schoolId) => $"{reallocationId}:{schoolId}";
}
