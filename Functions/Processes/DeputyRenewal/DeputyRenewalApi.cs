using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// <c>/api/deputy-renewals</c>: the office (master key) starts a school's round, follows it and reads the round's report
/// (a zh-CN page for a browser); staff (function key) raise objections to promotions on notice, as staff do from the
/// notice page without a key (<see cref="RenewalNoticeApi"/>).
/// </summary>
public sealed class DeputyRenewalApi(DirectoryStore directory, DeputyRenewalStore store, DeputyRenewalOptions options, BureauClock clock, TimeProvider time, HtmlRendering html)
{
    /// <summary>POST <c>deputy-renewals/{roundId}/schools/{schoolId}</c>: starts the school's round (202); 422 naming the field, 409 when started.</summary>
    [Function("DeputyRenewalStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deputy-renewals/{roundId}/schools/{schoolId}")] HttpRequest request,
        string roundId,
        string schoolId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if ((RoundProblem(roundId) ?? await SchoolProblemAsync(schoolId, cancellationToken).ConfigureAwait(false)) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadJsonObjectAsync<DeputyRenewalStart>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (await OwnerProblemAsync(body.Value.OwnerId, cancellationToken).ConfigureAwait(false) is { } noOwner)
        {
            return noOwner;
        }

        string instanceId = RenewalRecord.InstanceIdOf(roundId, schoolId);
        return await StartSchoolAsync(client, roundId, schoolId, body.Value.OwnerId!, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Accepted(schoolId, new { roundId, schoolId, instanceId })
            : Started(roundId, schoolId);
    }

    /// <summary>
    /// POST <c>deputy-renewals/{roundId}</c>: the county-wide start, one round per school that has a principal and
    /// deputies in the directory (202 with the schools started, those already started, the deputies and the schools left
    /// out for want of a principal); 422 naming the field, nothing started. Starting again starts only what is missing.
    /// </summary>
    [Function("DeputyRenewalCountyStart")]
    public async Task<IResult> StartCountyAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deputy-renewals/{roundId}")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (RoundProblem(roundId) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadJsonObjectAsync<DeputyRenewalStart>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (await OwnerProblemAsync(body.Value.OwnerId, cancellationToken).ConfigureAwait(false) is { } noOwner)
        {
            return noOwner;
        }

        var roster = CountyRoster.Of(
            await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false),
            await directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = "vice-principal" }, cancellationToken).ConfigureAwait(false));
        var started = new List<string>();
        var already = new List<string>();
        foreach (string schoolId in roster.SchoolIds)
        {
            (await StartSchoolAsync(client, roundId, schoolId, body.Value.OwnerId!, cancellationToken).ConfigureAwait(false) ? started : already).Add(schoolId);
        }

        return TypedResults.Accepted($"deputy-renewals/{roundId}/report", new
        {
            roundId,
            schools = roster.SchoolIds.Count,
            deputies = roster.Deputies,
            started = started.Count,
            alreadyStarted = already.Count,
            withoutPrincipal = roster.WithoutPrincipal,
            messageZh = $"已为{started.Count}所学校启动{roundId}年副职续聘提拔（共{roster.SchoolIds.Count}所学校、{roster.Deputies}名副校长）"
                + (already.Count > 0 ? $"，{already.Count}所学校此前已启动" : string.Empty)
                + (roster.WithoutPrincipal.Count > 0 ? $"；{roster.WithoutPrincipal.Count}所学校暂无校长，未启动" : string.Empty) + "。",
        });
    }

    /// <summary>
    /// Starts a school's round; false when it is already there (and not failed or terminated). A round started after an
    /// earlier run of its id (failed, terminated, or purged with its record kept) runs apart from it, and the earlier
    /// run's tasks still open are withdrawn: the round does both as it begins (<see cref="DeputyRenewal.OwnsItsRunSince"/>),
    /// as it does when restarted any other way (<see cref="RenewalRestarts"/>).
    /// </summary>
    internal Task<bool> StartSchoolAsync(DurableTaskClient client, string roundId, string schoolId, string ownerId, CancellationToken cancellationToken) =>
        RenewalRestarts.StartAsync(client, new RenewalRun(roundId, schoolId, ownerId, clock.Zone.Id, options), cancellationToken);

    private async Task<ProblemHttpResult?> OwnerProblemAsync(string? ownerId, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(ownerId) || TableKey.Problem(ownerId) is not null
            || await directory.Staff.GetAsync(ownerId, cancellationToken).ConfigureAwait(false) is null
            ? FieldProblem.InvalidForStaff([new FieldError("ownerId", "must be a staff id of the directory.") { ReasonZh = "请填写名录中的审核人编号" }], "副职续聘提拔未启动", "The round was not started.")
            : null;

    /// <summary>GET <c>deputy-renewals/{roundId}/schools/{schoolId}</c>: the school's round as it stands.</summary>
    [Function("DeputyRenewalStatus")]
    public async Task<IResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "deputy-renewals/{roundId}/schools/{schoolId}")] HttpRequest request,
        string roundId,
        string schoolId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if ((RoundProblem(roundId) ?? KeyProblem("schoolId", schoolId)) is { } refused)
        {
            return refused;
        }

        var instance = await client.GetInstanceAsync(RenewalRecord.InstanceIdOf(roundId, schoolId), cancellation: cancellationToken).ConfigureAwait(false);
        var record = await store.GetAsync(roundId, schoolId, cancellationToken).ConfigureAwait(false);
        return instance is null && record is null
            ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "schoolId", $"{roundId} 年度尚未为学校“{schoolId}”启动续聘轮次。", $"No round {roundId} has been started for '{schoolId}'.")
            : TypedResults.Ok(new { roundId, schoolId, runtimeStatus = instance?.RuntimeStatus, record });
    }

    /// <summary>GET <c>deputy-renewals/{roundId}/report</c>: every school's results in the round, with totals; a zh-CN page for a browser.</summary>
    [Function("DeputyRenewalReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "deputy-renewals/{roundId}/report")] HttpRequest request, string roundId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RoundProblem(roundId) is { } refused)
        {
            return refused;
        }

        var records = (await store.OfRoundAsync(roundId, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.SchoolId, StringComparer.Ordinal).ToList();
        var people = records.SelectMany(r => r.Candidates.Select(c => (School: r.SchoolName, Person: c))).ToList();
        var totals = new[] { RenewalChoices.Renewed, RenewalChoices.Promoted, RenewalChoices.NotRenewed, RenewalChoices.Unchanged }
            .ToDictionary(k => k, k => people.Count(p => p.Person.Result == k), StringComparer.Ordinal);
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { roundId, schools = records.Count, finished = records.Count(r => r.Stage == "done"), totals, records });
        }

        var view = new ResultsView(
            $"{roundId}年副职续聘与提拔",
            $"{records.Count}所学校，{records.Count(r => r.Stage == "done")}所已完成",
            [.. totals.Select(t => (RenewalChoices.Zh(t.Key), t.Value.ToString(CultureInfo.InvariantCulture)))],
            ["学校", "人员", "学校建议", "教育局审核", "结果", "依据"],
            [.. people.Select(p => (IReadOnlyList<string>)[p.School, p.Person.Name, RenewalChoices.Zh(p.Person.Proposal), RenewalChoices.Zh(p.Person.Review), RenewalChoices.Zh(p.Person.Result), p.Person.Why ?? "进行中"])])
        {
            Notes = [$"提拔人选经{options.NoticeWorkingDays}个工作日公示（按工作日历计算，节假日不计）；异议经核查属实的不予提拔。不再续聘的副校长转任{RenewalMails.PostName(options.NotRenewedPost)}。"],
        };
        return await StaffPages.PageAsync(html, view).ConfigureAwait(false);
    }

    /// <summary>GET <c>office/deputy-renewals/{roundId}/report</c>: <see cref="ReportAsync"/> for the office's pages, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeDeputyRenewalReport")]
    public Task<IResult> OfficeReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/deputy-renewals/{roundId}/report")] HttpRequest request, string roundId, CancellationToken cancellationToken) =>
        ReportAsync(request, roundId, cancellationToken);

    /// <summary>
    /// POST <c>deputy-renewals/{roundId}/notice-mails</c>: mails the promotion notice of each school of the round whose
    /// notice is open and was not mailed (a round whose notice opened before <see cref="DeputyRenewal.MailsNoticeSince"/>),
    /// each person once (<see cref="RenewalNoticeCatchUp"/>); 200 with what was sent now and what had been sent before.
    /// Sent again, it sends nothing. 422 naming the field.
    /// </summary>
    [Function("DeputyRenewalNoticeMails")]
    public async Task<IResult> MailNoticesAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deputy-renewals/{roundId}/notice-mails")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await CatchUpNoticesAsync(request, roundId, client, cancellationToken).ConfigureAwait(false)).Answer;

    /// <summary>The notice catch-up as <see cref="MailNoticesAsync"/> answers it, with what it did (null when refused), for the office's form to count.</summary>
    internal async Task<(IResult Answer, RenewalNoticeCatchUpResult? Done)> CatchUpNoticesAsync(
        HttpRequest request,
        string roundId,
        DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (RoundProblem(roundId) is { } refused)
        {
            return (refused, null);
        }

        var done = await ActivatorUtilities.CreateInstance<RenewalNoticeCatchUp>(request.HttpContext.RequestServices, store, directory, time).RunAsync(client, roundId, cancellationToken).ConfigureAwait(false);
        return (TypedResults.Ok(new
        {
            roundId,
            openNotices = done.OpenNotices,
            sent = done.Sent.Count,
            alreadySent = done.AlreadySent,
            notSent = done.NotSent.Count,
            messageZh = $"公示中的学校{done.OpenNotices}所：本次补发公示邮件{done.Sent.Count}封，此前已发{done.AlreadySent}封"
                + (done.Pending > 0 ? $"，{done.Pending}封暂未发出（稍后自动重试）" : string.Empty)
                + (done.Refused > 0 ? $"，{done.Refused}封被邮件服务拒收（请核对收件地址）" : string.Empty) + "。",
        }), done);
    }

    /// <summary>
    /// POST <c>deputy-renewals/{roundId}/schools/{schoolId}/objections</c> (function key): an objection to a promotion on
    /// notice (202; 200 with its number when the round already took the same one); 409 before the notice, 410 after it,
    /// 422 naming the field.
    /// </summary>
    [Function("DeputyRenewalObjection")]
    public async Task<IResult> ObjectAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "deputy-renewals/{roundId}/schools/{schoolId}/objections")] HttpRequest request,
        string roundId,
        string schoolId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if ((RoundProblem(roundId) ?? KeyProblem("schoolId", schoolId)) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadJsonObjectAsync<RenewalObjection>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        return (await RaiseObjectionAsync(client, roundId, schoolId, body.Value, cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>
    /// Takes an objection to a promotion on notice, from the office's route or form or a staff member's notice page
    /// (<see cref="RenewalNoticeApi"/>): the same checks, then the same event, which the round hands to a review. An objection the round already took (the same person objected to, objector and text, its row
    /// kept) is answered 200 with its number and raised no second time; a round of
    /// <see cref="DeputyRenewal.DropsRepeatsSince"/> on also drops a repeat raised before its row is kept (two posts at once).
    /// An objection kept as the notice ends is answered 202 only when the round takes it in, else 410, late (<see cref="ReceivedObjectionIntake"/>).
    /// </summary>
    internal async Task<RenewalObjectionAnswer> RaiseObjectionAsync(DurableTaskClient client, string roundId, string schoolId, RenewalObjection objection, CancellationToken cancellationToken)
    {
        string instanceId = RenewalRecord.InstanceIdOf(roundId, schoolId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance?.ReadCustomStatusAs<RenewalRecord>() is not { } record)
        {
            return RenewalObjectionAnswer.Refused(StatusCodes.Status404NotFound, "schoolId", $"该校{roundId}年副职续聘提拔尚未开始。", $"No round {roundId} has been started for '{schoolId}'.");
        }

        var errors = new List<FieldError>();
        var onNotice = record.Candidates.FirstOrDefault(c => c.StaffId == objection.AgainstStaffId && c.Proposal == RenewalChoices.Promote && c.Result is null);
        if (onNotice is null)
        {
            errors.Add(new FieldError("againstStaffId", "must be a person on the notice.") { ReasonZh = "请选择公示名单中的人员" });
        }

        if (string.IsNullOrWhiteSpace(objection.Objector) || objection.Objector.Trim().Length > 100)
        {
            errors.Add(new FieldError("objector", "is required (name and contact), at most 100 characters.") { ReasonZh = "请填写异议人姓名和联系方式（100字以内）" });
        }

        if (string.IsNullOrWhiteSpace(objection.Reason) || objection.Reason.Trim().Length > 500)
        {
            errors.Add(new FieldError("reason", "is required, at most 500 characters.") { ReasonZh = "请填写异议内容（500字以内）" });
        }

        if (record.Stage != "notice" || !instance.IsRunning)
        {
            bool ended = record.Stage == "done" || (record.NoticeEndsAt is { } end && time.GetUtcNow().UtcDateTime >= end);
            return ended
                ? RenewalObjectionAnswer.Refused(StatusCodes.Status410Gone, "againstStaffId", $"公示期已于 {record.NoticeUntil:yyyy-MM-dd} 结束。", "The notice period has ended.")
                : RenewalObjectionAnswer.Refused(StatusCodes.Status409Conflict, "againstStaffId", "提拔人选尚未公示。", "The notice has not started.");
        }

        if (record.NoticeEndsAt is { } endsAt && time.GetUtcNow().UtcDateTime >= endsAt)
        {
            return RenewalObjectionAnswer.Refused(StatusCodes.Status410Gone, "againstStaffId", $"公示期已于 {record.NoticeUntil:yyyy-MM-dd} 结束。", "The notice period has ended.");
        }

        if (errors.Count > 0)
        {
            return new RenewalObjectionAnswer(FieldProblem.InvalidForStaff(errors, "异议未提交", "The objection was not raised."), errors, null, false);
        }

        var raised = objection with { Objector = objection.Objector!.Trim(), Reason = objection.Reason!.Trim() };
        var run = (instance.ReadInputAs<RenewalRun>() ?? throw new InvalidOperationException($"Instance '{instanceId}' has no {nameof(RenewalRun)}.")).RunningAs(record);
        string kept = RenewalReceivedObjections.PartitionOf(run);

        // Kept before the event is raised (issue 16), then settled against the round's taking-in as the notice ends
        // (ReceivedObjectionIntake): looked into, or refused here as late (410), never answered 202 and left out. Past the
        // bound the round takes no more, and the API says so rather than accept what would not be decided; the bound is
        // kept with the row in one write, so two posts for the last place never both get it.
        if (await store.Received.KeepAsync(kept, raised, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) is not (_, var repeat))
        {
            return RenewalObjectionAnswer.Refused(
                StatusCodes.Status409Conflict,
                "againstStaffId",
                $"本次公示收到的异议已达{DeputyRenewal.MaxObjectionEvents}件上限，本异议未提交，请直接向教育局反映。",
                $"The notice has taken its {DeputyRenewal.MaxObjectionEvents} objections; this one was not raised.");
        }

        // Read again after keeping it: the time, and (in the settling) whether the round has begun taking objections in.
        bool open = record.NoticeEndsAt is not { } closesAt || time.GetUtcNow().UtcDateTime < closesAt;
        var intake = await store.Received.SettleAsync(kept, raised, open, cancellationToken).ConfigureAwait(false);
        if (intake == ReceivedObjectionIntake.Refused)
        {
            // Late, as one posted after the notice's end (410 above): the notice ended before the round could take it in.
            return RenewalObjectionAnswer.Refused(
                StatusCodes.Status410Gone,
                "againstStaffId",
                $"公示期已于 {record.NoticeUntil:yyyy-MM-dd} 结束。本异议在截止前未能登记，未提交；如仍需反映，请直接联系教育局。",
                "The notice period has ended before the objection was registered; it was not raised.");
        }

        // A repeat of one this run kept: answered with its number once the round looks into it (a row of an earlier run
        // of the same id does not count, as its objections are not this run's).
        if (repeat && (await store.Objections.OfRecordAsync(record.Id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(o => o.Run == record.Run && raised.Repeats(o)) is { } taken)
        {
            return new RenewalObjectionAnswer(
                TypedResults.Ok(new { roundId, schoolId, against = onNotice!.StaffId, noticeUntil = record.NoticeUntil, alreadyReceived = true, number = taken.Number }),
                [],
                null,
                true);
        }

        // Raised while the notice may take it through its event; one taken in already is looked into as the notice ends.
        if (intake == ReceivedObjectionIntake.Accepted)
        {
            await client.RaiseEventAsync(instanceId, DeputyRenewal.ObjectionEvent, raised, cancellationToken).ConfigureAwait(false);
        }

        return new RenewalObjectionAnswer(TypedResults.Accepted(schoolId, new { roundId, schoolId, against = onNotice!.StaffId, noticeUntil = record.NoticeUntil, alreadyReceived = false }), [], null, false);
    }

    private static ProblemHttpResult? RoundProblem(string roundId) =>
        int.TryParse(roundId, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 2000 and <= 2100 && roundId.Length == 4
            ? null
            : FieldProblem.InvalidForStaff([new FieldError("roundId", "must be the round's year, e.g. 2026.") { ReasonZh = "轮次应为年份，如 2026" }], "轮次有误", "No such round.");

    private static ProblemHttpResult? KeyProblem(string field, string id) => TableKey.Refusal(field, id);

    private async Task<ProblemHttpResult?> SchoolProblemAsync(string schoolId, CancellationToken cancellationToken)
    {
        if (KeyProblem("schoolId", schoolId) is { } bad)
        {
            return bad;
        }

        var school = await directory.Schools.GetAsync(schoolId, cancellationToken).ConfigureAwait(false);
        return school is null
            ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "schoolId", $"名录中没有学校“{schoolId}”。", $"No school '{schoolId}' is in the directory.")
            : school.PrincipalId is null
                ? FieldProblem.InvalidForStaff([new FieldError("schoolId", "the school has no principal to propose.") { ReasonZh = "该校没有校长，无法提出建议" }], "副职续聘提拔未启动", "The round was not started.")
                : null;
    }

    private static ProblemHttpResult Started(string roundId, string schoolId) =>
        FieldProblem.ForStaff(StatusCodes.Status409Conflict, "schoolId", $"该校{roundId}年副职续聘提拔已启动。", $"The round {roundId} has already been started for '{schoolId}'.");
}
