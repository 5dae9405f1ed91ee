using EduFlows.Hosting;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// <c>/api/staff-reallocation/{id}/objections</c>: during the objection window a person objects to their own points
/// breakdown (signed in, or with the link of their points mail), or an administrator does for them (master key).
/// Browsers get zh-CN pages; other callers problem+json.
/// </summary>
public sealed class PointsObjectionApi(StaffReallocationStore store, FunctionKeys keys, PointsObjectionLinks links, TimeProvider time)
{
    /// <summary>Who an objection brought with the master key was lodged by.</summary>
    public const string ByMasterKey = "administrator (master key)";

    /// <summary>Why an objection after the window's close is refused (409), and nothing is recorded.</summary>
    public const string WindowClosed = "积分异议期已结束：教育局正在核实异议期内提出的异议，本异议未提交。";

    /// <summary>What the form says once the window has closed (its close time passed, or the bureau deciding).</summary>
    public const string FormClosed = "积分异议期已结束：教育局正在核实异议期内提出的异议，核实结果将以邮件告知，现在不再受理新的异议。";

    /// <summary>Why an objection is refused (409) when the window already holds <see cref="PointsObjectionWindow.MaxObjections"/>, and nothing is recorded.</summary>
    public static readonly string WindowFull = $"本次积分异议已达{PointsObjectionWindow.MaxObjections}件上限，不再受理新的异议；如有疑问请联系教育局人事科。";

    private const string SignInFirst = "请通过积分明细邮件中的链接提出异议，或先在 /api/me 登录。链接无效或已过期的，请登录后提出。";

    private readonly OwnReason _objection = new(ObjectionPage.Page, links.HolderOf, SignInFirst, "无法读取提交的表单，请从积分明细邮件中的链接重新打开页面后再提交。");

    /// <summary>
    /// POST <c>staff-reallocation/{reallocationId}/objections[?token=…]</c> (JSON <c>{staffId?, reason}</c> or the page's
    /// form): 202; 401 without a session, link or key; 403 for someone else; 404 not taking part; 409 outside the
    /// objection window (from its close time on, whether or not its timer has fired) or when it already holds
    /// <see cref="PointsObjectionWindow.MaxObjections"/>; 422 naming the field. A 202 is never dropped: the objection is
    /// kept on record before it is raised (<see cref="ReallocationRecord.ObjectionsKept"/>).
    /// </summary>
    [Function("StaffReallocationObjection")]
    public async Task<IResult> ObjectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff-reallocation/{reallocationId}/objections")] HttpRequest request,
        string reallocationId, string? token, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await _objection.PostAsync<PointsObjection>(
            request, keys, reallocationId, token, (staffId, reason) => new(staffId, reason), (self, body) => ObjectionOfAsync(reallocationId, self, body, client, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// GET <c>staff-reallocation/{reallocationId}/objections?token=…</c>: the zh-CN page where the person writes their
    /// objection; from the window's close time on (before the reallocation's timer has fired too), the page saying it has closed.
    /// </summary>
    [Function("StaffReallocationObjectionForm")]
    public async Task<IResult> FormAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff-reallocation/{reallocationId}/objections")] HttpRequest request,
        string reallocationId, string? token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await _objection.FormAsync(
            request, store, reallocationId, token, r => PointsObjectionWindow.Takes(r, now), cancellationToken, r => PointsObjectionWindow.HasClosed(r, now) ? FormClosed : null).ConfigureAwait(false);
    }

    /// <summary>The objection, its sender known (<paramref name="self"/>, or null for the master key): checked, then raised (202) or refused naming the field.</summary>
    internal async Task<IResult> ObjectionOfAsync(string reallocationId, string? self, PointsObjection body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string? staffId = string.IsNullOrWhiteSpace(body.StaffId) ? self : body.StaffId;
        if (staffId is null)
        {
            return ReallocationProblem.InChinese(StatusCodes.Status422UnprocessableEntity, "staffId", "请填写工号（staffId）。");
        }

        if ((ReallocationProblem.Unkeyable(self, "reallocationId", reallocationId) ?? ReallocationProblem.Unkeyable(self, "staffId", staffId)) is { } unkeyable)
        {
            return unkeyable;
        }

        if (self is not null && !string.Equals(staffId, self, StringComparison.Ordinal))
        {
            return ReallocationProblem.InChinese(StatusCodes.Status403Forbidden, "staffId", "只能对本人的积分提出异议。");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000)
        {
            return ReallocationProblem.InChinese(StatusCodes.Status422UnprocessableEntity, "reason", "请填写异议理由，不超过1000字。");
        }

        if (await store.People.GetAsync(PersonRecord.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false) is null)
        {
            return ReallocationProblem.InChinese(StatusCodes.Status404NotFound, "staffId", $"{staffId} 未参加本次县管校聘（{reallocationId}）。");
        }

        var reallocation = (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record;
        var now = time.GetUtcNow().UtcDateTime;
        if (PointsObjectionWindow.HasClosed(reallocation, now))
        {
            // The close time has passed (whether or not the window's timer has fired yet): the reallocation would not take it (issue 16).
            return ReallocationProblem.InChinese(StatusCodes.Status409Conflict, "reallocationId", WindowClosed);
        }

        if (!PointsObjectionWindow.Takes(reallocation, now))
        {
            return ReallocationProblem.InChinese(StatusCodes.Status409Conflict, "reallocationId", "现在不在积分异议期内：积分公布后的异议期内方可提出。");
        }

        var objection = new PointsObjection(staffId, body.Reason.Trim(), self ?? ByMasterKey, now);
        if (reallocation!.ObjectionsKept)
        {
            // Kept before it is raised: the window takes it in by its event, or as it closes, so whatever is answered 202
            // here is decided, however late the window's timer fires or the event arrives.
            var lodged = new AppealRecord
            {
                ReallocationId = reallocationId,
                Number = 0,
                StaffId = staffId,
                Reason = objection.Reason,
                LodgedBy = objection.LodgedBy,
                LodgedAt = time.GetUtcNow(),
                Intake = AppealIntake.Lodged,
            };
            switch (await store.LodgeAsync(lodged, r => PointsObjectionWindow.Takes(r, time.GetUtcNow().UtcDateTime), cancellationToken).ConfigureAwait(false))
            {
                case AppealLodging.WindowFull:
                    return ReallocationProblem.InChinese(StatusCodes.Status409Conflict, "reallocationId", WindowFull);
                case AppealLodging.WindowClosed:
                    return ReallocationProblem.InChinese(StatusCodes.Status409Conflict, "reallocationId", WindowClosed);
                case AppealLodging.Raise:
                    await client.RaiseEventAsync(reallocationId, PointsObjectionWindow.ObjectionEvent, objection, cancellationToken).ConfigureAwait(false);
                    break;
                case AppealLodging.AlreadyIn:
                    // A retried post of one the window already holds: answered as before, not raised again.
                    break;
            }
        }
        else
        {
            await client.RaiseEventAsync(reallocationId, PointsObjectionWindow.ObjectionEvent, objection, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Accepted((string?)null, new { reallocationId, objection.StaffId, objection.LodgedBy });
    }
}
