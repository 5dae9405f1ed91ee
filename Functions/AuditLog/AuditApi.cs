using EduFlows.Hosting;
using EduFlows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.AuditLog;

/// <summary>
/// The audit log over HTTP (master key): <c>GET /api/audit/{stream}</c> lists a stream's entries,
/// <c>GET /api/audit/{stream}/verify</c> recomputes its chain and names the first entry changed, missing or reordered.
/// </summary>
public sealed class AuditApi(AuditLogStore store)
{
    /// <summary>The most entries one listing returns; <c>next</c> says where to go on.</summary>
    public const int PageSize = 500;

    /// <summary>GET a stream's entries from <paramref name="from"/> (default 1), up to <see cref="PageSize"/>, as stored.</summary>
    [Function("AuditListStream")]
    public async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "audit/{stream}")] HttpRequest request, string stream, long? from, CancellationToken ct)
    {
        if (StreamProblem(stream) is { } problem)
        {
            return problem;
        }

        if (from is < 1)
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "from", "起始序号须从 1 开始。", "from must be 1 or more.");
        }

        var entries = await store.ListAsync(stream, from ?? 1, PageSize + 1, ct).ConfigureAwait(false);
        return TypedResults.Ok(new AuditPage(stream, [.. entries.Take(PageSize)], entries.Count > PageSize ? entries[PageSize].Sequence : null));
    }

    /// <summary>GET whether a stream's chain holds (200 either way; <c>intact</c> and <c>firstProblem</c> say).</summary>
    [Function("AuditVerifyStream")]
    public async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "audit/{stream}/verify")] HttpRequest request, string stream, CancellationToken ct) =>
        StreamProblem(stream) is { } problem ? problem : TypedResults.Ok(await store.VerifyAsync(stream, ct).ConfigureAwait(false));

    private static ProblemHttpResult? StreamProblem(string stream) => TableKey.Refusal("stream", stream, what: "日志流标识无效：");
}
