using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Signed links in a person's result mail with which they bring an appeal themselves, made with the task-link signer:
/// the token names the reallocation (<c>reallocation-appeal:{id}</c>) and the person, and lasts <see cref="Lifetime"/>.
/// An appeal is still taken only during a round's appeal window.
/// </summary>
public sealed class ReallocationAppealLinks(TaskTokenSigner signer, TaskLinks links, TimeProvider time)
{
    /// <summary>How long a result mail's appeal link opens (60 days: every later round of the reallocation).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    /// <summary>The signed link for the person.</summary>
    public Uri For(string reallocationId, string staffId) =>
        links.To($"staff-reallocation/{Uri.EscapeDataString(reallocationId)}/appeals?token={signer.Issue(new TaskLinkToken(Subject(reallocationId), staffId, time.GetUtcNow() + Lifetime))}");

    /// <summary>The staff id a valid, unexpired <paramref name="token"/> of this reallocation was issued to; null otherwise.</summary>
    public string? HolderOf(string? token, string reallocationId) =>
        signer.Check(token, Subject(reallocationId), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null;

    private static string Subject(string reallocationId) => $"reallocation-appeal:{reallocationId}";
}
