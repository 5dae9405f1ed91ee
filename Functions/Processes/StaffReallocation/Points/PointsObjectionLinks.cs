using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Signed links in a person's points mail with which they object to their own breakdown, made like the appeal links
/// (<see cref="ReallocationAppealLinks"/>) but for another subject (<c>reallocation-objection:{id}</c>), so neither
/// link opens the other's form. An objection is still taken only during the objection window.
/// </summary>
public sealed class PointsObjectionLinks(TaskTokenSigner signer, TaskLinks links, TimeProvider time)
{
    /// <summary>How long the link opens (30 days: well past any objection window).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>The signed link for the person.</summary>
    public Uri For(string reallocationId, string staffId) =>
        links.To($"staff-reallocation/{Uri.EscapeDataString(reallocationId)}/objections?token={signer.Issue(new TaskLinkToken(Subject(reallocationId), staffId, time.GetUtcNow() + Lifetime))}");

    /// <summary>The staff id a valid, unexpired <paramref name="token"/> of this reallocation was issued to; null otherwise.</summary>
    public string? HolderOf(string? token, string reallocationId) =>
        signer.Check(token, Subject(reallocationId), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null;

    private static string Subject(string reallocationId) => $"reallocation-objection:{reallocationId}";
}
