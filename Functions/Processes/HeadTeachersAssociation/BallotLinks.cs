using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// Signed ballot links, made with the task-link signer: the token names the election (<c>ballot:{election}</c>) and the
/// member, and expires when the ballot closes. Single use is the voter roll's (<see cref="VoterMark"/>), not the token's.
/// </summary>
public sealed class BallotLinks(TaskTokenSigner signer, TaskLinks links)
{
    /// <summary>The ballot's path under the route prefix.</summary>
    public static string PathOf(string electionId) => $"head-teachers/elections/{Uri.EscapeDataString(electionId)}/ballot";

    /// <summary>The member's signed ballot link.</summary>
    public Uri For(string electionId, string memberId, DateTimeOffset closes) =>
        links.To($"{PathOf(electionId)}?token={signer.Issue(new TaskLinkToken(Subject(electionId), memberId, closes))}");

    /// <summary>Checks a presented token against the election; the member it was issued to when valid.</summary>
    public TaskTokenCheck Check(string? token, string electionId, out string? memberId)
    {
        var check = signer.Check(token, Subject(electionId), out var claims);
        memberId = check == TaskTokenCheck.Valid ? claims!.AssigneeId : null;
        return check;
    }

    private static string Subject(string electionId) => "ballot:" + electionId;
}
