using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// Signed links to a trainee's certificate page, made with the task-link signer: the token names the certificate
/// (<c>certificate:{batch}:{trainee}</c>) and the trainee, and expires after <see cref="ShadowTrainingOptions.CertificateLinkYears"/>.
/// </summary>
public sealed class CertificateLinks(TaskTokenSigner signer, TaskLinks links)
{
    /// <summary>The path of a certificate page under the route prefix.</summary>
    public static string PathOf(string batchId, string traineeId) => $"shadow-training/certificates/{Uri.EscapeDataString(batchId)}/{Uri.EscapeDataString(traineeId)}";

    /// <summary>The signed link for the trainee.</summary>
    public Uri For(string batchId, string traineeId, DateTimeOffset expiresAt) =>
        links.To($"{PathOf(batchId, traineeId)}?token={signer.Issue(new TaskLinkToken(TokenSubject(batchId, traineeId), traineeId, expiresAt))}");

    /// <summary>True when <paramref name="token"/> is a valid, unexpired link to this trainee's certificate.</summary>
    public bool Opens(string? token, string batchId, string traineeId) =>
        signer.Check(token, TokenSubject(batchId, traineeId), out var claims) == TaskTokenCheck.Valid && claims!.AssigneeId == traineeId;

    private static string TokenSubject(string batchId, string traineeId) => $"certificate:{batchId}:{traineeId}";
}
