using DurableTask.Core.History;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>
/// The office's open-selection pages (an office session or the master key): <c>office/open-selections</c> lists every selection with its
/// process's stage; <c>office/open-selections/{id}</c> shows its candidates, panel and score sheets, notice,
/// objections, results and the instance's orchestration version; both answer JSON when the request's Accept asks for
/// it. An inspection or objection still to be decided is decided on a confirmation page (GET shows, POST does it).
/// </summary>
public sealed class OpenSelectionOfficeApi(IConfiguration configuration, OpenSelectionStore store, OpenSelectionDesk desk, DirectoryStore directory, StaffTaskStore tasks, BureauClock clock, TimeProvider time, OfficeActLog acts)
{
    private const string Routes = "office/open-selections";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>Every selection, newest first, with its process's state, stage and version.</summary>
    [Function("OfficeOpenSelections")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var rows = new List<SelectionListRow>();
        foreach (var record in (await store.Selections.QueryAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(r => r.PublishedAt))
        {
            var (state, stage, _, version) = await ProcessAsync(client, record.Id, links, cancellationToken).ConfigureAwait(false);
            rows.Add(new SelectionListRow(record.Id, record.Announcement.Title, clock.Format(record.PublishedAt), state, stage, version));
        }

        return request.AsksForJsonOnly()
            ? TypedResults.Ok(rows)
            : new RenderedPage<SelectionListPage>(
                new Dictionary<string, object?> { [nameof(SelectionListPage.Links)] = links, [nameof(SelectionListPage.Selections)] = (IReadOnlyList<SelectionListRow>)rows },
                StatusCodes.Status200OK);
    }

    /// <summary>One selection: process, candidates, panel, notice, objections, results; 404 in Chinese when there is none.</summary>
    [Function("OfficeOpenSelection")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", "没有这次选拔。", "There is no such selection.");
        }

        var people = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var open = OpenTaskRow.Of(await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false), OpenSelectionOrchestration.InstanceIdOf(id), clock, time.GetUtcNow());
        var view = SelectionOfficeView.Of(selection, people, await ProcessAsync(client, id, links, cancellationToken).ConfigureAwait(false), open, clock);
        return request.AsksForJsonOnly()
            ? TypedResults.Ok(view)
            : new RenderedPage<SelectionOfficePage>(
                new Dictionary<string, object?> { [nameof(SelectionOfficePage.Links)] = links, [nameof(SelectionOfficePage.View)] = view },
                StatusCodes.Status200OK);
    }

    /// <summary>
    /// The selection's report (every candidate's scores, rank and result, with the age structure before and after) as
    /// .xlsx or .csv: the same rows as the report route's Excel, formula cells neutralised by the roster writer.
    /// </summary>
    [Function("OfficeOpenSelectionReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{id}/report/{format}")] HttpRequest request, string id, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", "没有这次选拔。", "There is no such selection.");
        }

        var people = await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false);
        var report = SelectionReport.Of(
            selection,
            people.ToDictionary(p => p.Id, StringComparer.Ordinal),
            [.. people.Where(p => p.Post == "mid-level-leader")],
            clock.DateOf(time.GetUtcNow()));
        using var output = new MemoryStream();
        report.Export(output, file);
        return file == RosterFile.Format.Csv
            ? TypedResults.File(output.ToArray(), OfficeExport.CsvType, $"{id}-report.csv")
            : TypedResults.File(output.ToArray(), OfficeExport.XlsxType, $"{id}-report.xlsx");
    }

    /// <summary>Records an inspection's outcome (<c>passed</c> or <c>failed</c>) for a proposed candidate: GET shows what will happen, POST with a <c>note</c> does it.</summary>
    [Function("OfficeOpenSelectionInspection")]
    public Task<IResult> InspectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{id}/inspections/{staffId}/{outcome}")] HttpRequest request, string id, string staffId, string outcome, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DecideAsync(request, id, SelectionStep.Inspection, staffId, outcome, client, cancellationToken);

    /// <summary>Answers an objection (<c>upheld</c> or <c>rejected</c>): GET shows what will happen, POST with the <c>note</c> (核查结果) does it.</summary>
    [Function("OfficeOpenSelectionObjection")]
    public Task<IResult> AnswerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{id}/objections/{objectionId}/{outcome}")] HttpRequest request, string id, string objectionId, string outcome, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DecideAsync(request, id, SelectionStep.Objection, objectionId, outcome, client, cancellationToken);

    private async Task<IResult> DecideAsync(HttpRequest request, string id, SelectionStep step, string subject, string outcome, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        bool inspection = step == SelectionStep.Inspection;
        string kind = inspection ? "inspections" : "objections";
        string path = $"{Routes}/{Uri.EscapeDataString(id)}/{kind}/{Uri.EscapeDataString(subject)}/{Uri.EscapeDataString(outcome)}";
        bool? favourable = (inspection, outcome) switch
        {
            (true, "passed") or (false, "upheld") => true,
            (true, "failed") or (false, "rejected") => false,
            _ => null,
        };
        string back = links.To($"{Routes}/{Uri.EscapeDataString(id)}");
        string verdict = favourable switch
        {
            true => inspection ? "考察合格" : "异议成立",
            false => inspection ? "考察不合格" : "异议不成立",
            null => string.Empty,
        };
        var action = new ConfirmAction
        {
            Heading = inspection ? links.Say("记录考察结果", "Record the inspection") : links.Say("答复公示异议", "Answer the objection"),
            WillHappen = string.Empty,
            PostTo = links.To(path),
            Button = links.Say("确认：" + verdict, "Confirm: " + verdict),
            Back = back,
            Fields = [new ConfirmField("note", inspection ? links.Say("考察意见", "Inspection note") : links.Say("核查结果", "Finding"), null, Multiline: true)],
        };
        if (favourable is null)
        {
            return Page(links, path, action with { Possible = false, ErrorField = "outcome", Error = inspection ? "结论只能是 passed（合格）或 failed（不合格）。" : "结论只能是 upheld（异议成立）或 rejected（异议不成立）。" }, StatusCodes.Status404NotFound);
        }

        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return Page(links, path, action with { Possible = false, ErrorField = "id", Error = "没有这次选拔。" }, StatusCodes.Status404NotFound);
        }

        var people = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        string about = inspection ? subject : selection.Objections.FirstOrDefault(o => o.Id == subject)?.AgainstStaffId ?? subject;
        action = action with
        {
            Facts =
            [
                (links.Say("选拔", "Selection"), selection.Announcement.Title, false),
                (inspection ? links.Say("拟任人选", "Candidate") : links.Say("被反映人", "Objected to"), people.GetValueOrDefault(about, about), false),
                .. inspection ? Array.Empty<(string, string, bool)>() : new[] { (links.Say("异议内容", "Objection"), selection.Objections.FirstOrDefault(o => o.Id == subject)?.Text ?? subject, false) },
                (links.Say("结论", "Outcome"), verdict, false),
            ],
            WillHappen = (inspection, favourable) switch
            {
                (true, true) => "将记录该人选考察合格，并记入选拔的审计记录；流程随即继续。",
                (true, false) => "将记录该人选考察不合格并取消其拟任资格，同岗位下一名依次递补；记入审计记录，流程随即继续。",
                (false, true) => "将记录异议成立并取消被反映人的拟任资格，同岗位下一名依次递补；记入审计记录，流程随即继续。",
                _ => "将记录异议不成立及核查结果，记入审计记录；流程随即继续。",
            },
        };
        if (!HttpMethods.IsPost(request.Method))
        {
            return Page(links, path, action, StatusCodes.Status200OK);
        }

        // A post that is not this page's form (JSON, a broken multipart) is refused at the body, nothing decided.
        var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return Page(links, path, action with { ErrorField = "body", Error = "表单无法读取，未作任何处理；请在本页填写后重新提交。" }, unreadable!.StatusCode);
        }

        // The trail names whoever the office guard let in, as the office's act log does.
        var visitor = OfficeVisitor.Of(request.HttpContext)
            ?? throw new InvalidOperationException("An office decision on a request the office guard did not admit: it would be recorded under nobody.");
        string? note = form["note"].ToString();
        if (await desk.DecideAsync(client, id, step, subject, favourable.Value, note, OpenSelectionDesk.DecidedBy(visitor), cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return Page(links, path, action with { ErrorField = refused.Field == "answer" || refused.Field == "note" ? "note" : refused.Field, Error = refused.ReasonZh, Fields = [action.Fields[0] with { Value = note }] }, refused.Status);
        }

        // Done: recorded under whoever the office guard let in, as every office act is.
        await acts.RecordAsync(
            request.HttpContext,
            action.Heading,
            path["office/".Length..],
            [new("outcome", links.Say("结论", "Outcome"), verdict), new("note", action.Fields[0].Label, note ?? string.Empty)],
            null,
            cancellationToken).ConfigureAwait(false);

        return Page(
            links,
            path,
            action with { Done = links.Say($"已记录：{verdict}。", $"Recorded: {verdict}."), Next = (links.Say("返回选拔页面", "Back to the selection"), back) },
            StatusCodes.Status200OK);
    }

    // The process's state, stage, note and version; no process: 未启动流程 and no version.
    private static async Task<(string State, string Stage, string? Note, string? Version)> ProcessAsync(DurableTaskClient client, string selectionId, OfficeLinks links, CancellationToken cancellationToken)
    {
        string instanceId = OpenSelectionOrchestration.InstanceIdOf(selectionId);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return (links.Say("未启动流程", "no process started"), string.Empty, null, null);
        }

        var progress = instance.SerializedCustomStatus is { Length: > 0 } ? instance.ReadCustomStatusAs<SelectionProgress>() : null;

        // The SDK's metadata carries no version; the start event of the current execution holds it.
        var history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        string version = history.OfType<ExecutionStartedEvent>().LastOrDefault()?.Version ?? string.Empty;
        return (OfficeInstanceState.Describe(instance, links), progress?.Stage ?? string.Empty, progress?.Note, version);
    }

    private static RenderedPage<ConfirmPage> Page(OfficeLinks links, string path, ConfirmAction action, int status) =>
        new(new Dictionary<string, object?> { [nameof(ConfirmPage.Links)] = links, [nameof(ConfirmPage.Path)] = path, [nameof(ConfirmPage.Action)] = action }, status, OfficeRefusal.Of(action.ErrorField, action.Error));
}
