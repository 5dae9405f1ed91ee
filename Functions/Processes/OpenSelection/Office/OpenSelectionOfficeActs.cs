using System.Globalization;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>
/// The office's acts on open selections from its pages, each by the JSON route's own rules (not repeated here):
/// <c>office/open-selections/publish</c> publishes a selection (<see cref="OpenSelectionApi.PublishAsync"/>, as
/// <c>POST open-selections</c>) and goes to its page; <c>office/open-selections/{id}/start</c> starts its process
/// (<see cref="OpenSelectionProcessApi.StartAsync"/>); <c>office/open-selections/{id}/written-scores</c> takes the
/// written-test score sheet as a file of the form (<see cref="OpenSelectionDesk.TakeWrittenScoresAsync"/>, as
/// <c>POST open-selections/{id}/written-scores</c>), every bad row named in Chinese and nothing taken on any.
/// </summary>
public sealed class OpenSelectionOfficeActs(IConfiguration configuration, OpenSelectionDesk desk, OpenSelectionStore store, DirectoryStore directory, OfficeActLog acts)
{
    private const string Routes = "office/open-selections";
    private const string PublishPath = Routes + "/publish";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    // Titles from lowest to highest, as the eligibility rule orders them.
    private static readonly string[] Titles = ["none", "third-grade", "second-grade", "first-grade", "senior", "professor-level"];

    private static readonly string[] Dates = ["applicationsOpen", "applicationsClose", "reviewCloses", "writtenTestOn", "interviewOn"];

    private static readonly char[] CellSeparators = [',', '，', '、', ';', '；', ' ', '\u3000', '\t'];

    /// <summary>GET: the announcement's form; POST: publishes it, once per id, and goes to the selection's page.</summary>
    [Function("OfficeOpenSelectionPublish")]
    public async Task<IResult> PublishAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = PublishPath)] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("发布选拔公告", "Publish a selection"),
            links.Say(
                "发布一次阳光选优公告：列出岗位、报名资格条件、各环节权重和日程安排。发布后教职工即可在报名期内报名；之后在选拔页面启动选拔流程。选拔编号发布后不能再用。",
                "Publishes an open selection: its posts, who may apply, the stages' weights and the timetable. Staff apply during the application days; then start the selection's process on its page. An id, once published, cannot be used again."),
            links.Say("发布公告", "Publish"),
            [
                new OfficeFormField("id", links.Say("选拔编号（必填）", "Selection id (required)"), Hint: links.Say("小写字母、数字或连字符，如 cadres-2027。", "Lower-case letters, digits and hyphens, e.g. cadres-2027.")),
                new OfficeFormField("title", links.Say("公告标题（必填）", "Title (required)")),
                new OfficeFormField("posts", links.Say("岗位（必填）", "Posts (required)"), OfficeFieldKind.LongText, Hint: links.Say("每行一个岗位：岗位编号、岗位名称、职数、后备名额（可不填，默认 0），用空格或逗号分隔，如：p01 人事科副科长 1 1", "One post a line: id, name, count and reserve places (optional, 0 if left out), separated by spaces or commas, e.g.: p01 人事科副科长 1 1")),
                new OfficeFormField("eligibility.maxAge", links.Say("年龄上限（周岁）", "Oldest age (years)"), OfficeFieldKind.WholeNumber, Hint: links.Say("不填则不限。", "Blank: any age.")),
                new OfficeFormField("eligibility.minTitle", links.Say("最低职称", "Lowest title"), Choices: [(string.Empty, links.Say("不限", "Any")), .. Titles.Select(t => (t, EligibilityRule.TitleName(t)))]),
                new OfficeFormField("eligibility.minYearsInPost", links.Say("任现职年限（年）", "Years in post"), OfficeFieldKind.WholeNumber, Hint: links.Say("不填则不限。", "Blank: not checked.")),
                new OfficeFormField("eligibility.sections", links.Say("限定学段", "Sections"), OfficeFieldKind.List, Hint: links.Say($"不填则不限；可填 {string.Join("、", DirectoryVocabulary.SectionNames.Values)}。", "Blank: any section; in Chinese, e.g. 小学、初中.")),
                new OfficeFormField("weights.written", links.Say("笔试权重（%）", "Written test weight (%)"), OfficeFieldKind.Number),
                new OfficeFormField("weights.interview", links.Say("面试权重（%）", "Interview weight (%)"), OfficeFieldKind.Number),
                new OfficeFormField("weights.performanceReview", links.Say("业绩考评权重（%）", "Performance review weight (%)"), OfficeFieldKind.Number, Hint: links.Say("各环节权重之和须为 100；没有业绩考评则不填。", "The weights add up to 100; blank when there is no performance review.")),
                new OfficeFormField("timetable.applicationsOpen", links.Say("报名开始日期（必填）", "Applications open (required)"), OfficeFieldKind.Date),
                new OfficeFormField("timetable.applicationsClose", links.Say("报名截止日期（必填）", "Applications close (required)"), OfficeFieldKind.Date),
                new OfficeFormField("timetable.reviewCloses", links.Say("资格审查截止日期（必填）", "Eligibility review closes (required)"), OfficeFieldKind.Date),
                new OfficeFormField("timetable.writtenTestOn", links.Say("笔试日期（必填）", "Written test (required)"), OfficeFieldKind.Date),
                new OfficeFormField("timetable.interviewOn", links.Say("面试日期（必填）", "Interview (required)"), OfficeFieldKind.Date),
                new OfficeFormField("timetable.noticeWorkingDays", links.Say("公示期（工作日）", "Notice (working days)"), OfficeFieldKind.WholeNumber, Hint: links.Say("不填为 5 个工作日。", "Blank: 5 working days.")),
                new OfficeFormField("judgesPerGroup", links.Say("每组评委人数", "Judges per group"), OfficeFieldKind.WholeNumber, Hint: links.Say("专家、退休校长、退休干部三组各抽取的人数；不填为 3。", "Drawn from each of the three groups; blank: 3.")),
            ]);
        string? published = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            PublishPath,
            Routes,
            act,
            async _ =>
            {
                var flat = await OfficeFormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                var (body, refused) = Publication(flat, act, links);
                if (body is null)
                {
                    return refused!;
                }

                OfficeFormBody.Replace(request, body);
                var answer = await Api<OpenSelectionApi>(request).PublishAsync(request, cancellationToken).ConfigureAwait(false);
                if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created })
                {
                    published = (string?)body["id"];
                }

                return ByLine(answer);
            },
            cancellationToken).ConfigureAwait(false);

        // Published: on to the selection's own page, where its process is started.
        return published is not null && result is Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult
            ? TypedResults.Redirect(links.To(Routes + "/" + Uri.EscapeDataString(published)) + "#done")
            : result;
    }

    /// <summary>GET: the form to start the selection's process; POST: starts it, once, and goes back to the selection's page.</summary>
    [Function("OfficeOpenSelectionStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{id}/start")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string staffHint = links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3.");
        var act = new OfficeFormAct(
            links.Say("启动选拔流程", "Start the selection's process"),
            links.Say(
                "启动后按公告的日程推进：报名截止后把资格审查交给组织科经办人，笔试成绩导入后排名，面试当天抽取评委并通知，评分后确定拟任人选，考察、公示并处理异议，最后任命。每次选拔只能启动一次。",
                "Runs the selection by its timetable: the eligibility review goes to the office's member after the applications close, the written scores are ranked once imported, the panel is drawn and told on the interview day, then the proposed candidates are inspected, put on notice, objections answered and the appointments made. A selection's process starts once."),
            links.Say("启动流程", "Start"),
            [
                new OfficeFormField("officeId", links.Say("组织科经办人编号（必填）", "Office member's staff id (required)"), Hint: links.Say("办理资格审查、考察和异议答复任务的人。", "Gets the review, inspection and objection tasks. ") + staffHint),
                new OfficeFormField("leadId", links.Say("分管领导编号", "Lead's staff id"), Hint: links.Say("经办人多次催办仍未办理时转交分管领导；不填则留在选拔页面待办。", "Takes over what the office member leaves unanswered; blank: it waits on the selection's page.")),
                new OfficeFormField("declaredConflicts", links.Say("回避申报", "Declared conflicts"), OfficeFieldKind.LongText, Hint: links.Say("每行一项：评委编号、报名人编号、关系，用空格或逗号分隔，如：ext-1 stf-12 夫妻。抽取评委时回避。", "One a line: the judge's id, the applicant's id and the relation, separated by spaces or commas, e.g.: ext-1 stf-12 夫妻. Kept off the panel at the draw.")),
            ]);
        string back = Routes + "/" + Uri.EscapeDataString(id);
        return await OfficeForms.RunAsync(
            request,
            links,
            back + "/start",
            back,
            act,
            async _ =>
            {
                var flat = await OfficeFormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                var conflicts = new JsonArray();
                var lines = Lines((string?)flat["declaredConflicts"]);
                for (int i = 0; i < lines.Count; i++)
                {
                    string[] cells = lines[i].Split(CellSeparators, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (cells.Length < 3)
                    {
                        // The desk's own words for an incomplete declaration, at the line the office typed.
                        return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, $"declaredConflicts[{i}]", "回避申报须写明评委、报名人和关系（50 字以内）", "A declared conflict needs the judge, the applicant and the relation.");
                    }

                    conflicts.Add(new JsonObject { ["judgeId"] = cells[0], ["staffId"] = cells[1], ["relation"] = cells[2] });
                }

                flat["declaredConflicts"] = conflicts;
                OfficeFormBody.Replace(request, flat);
                return await Api<OpenSelectionProcessApi>(request).StartAsync(request, id, client, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// GET: the form with a file field for the written-test score sheet (.xlsx or .csv); POST (multipart): takes it
    /// whole and goes back to the selection's page, or shows every bad row and column in Chinese with nothing taken.
    /// </summary>
    [Function("OfficeOpenSelectionWrittenScores")]
    public async Task<IResult> WrittenScoresAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{id}/written-scores")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string path = Routes + "/" + Uri.EscapeDataString(id) + "/written-scores";
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return Upload(links, path, id, null, 0, "id", links.Say("没有这次选拔。", "There is no such selection."), [], StatusCodes.Status404NotFound);
        }

        int eligible = selection.Eligible.Count();
        string title = selection.Announcement.Title;
        if (!HttpMethods.IsPost(request.Method))
        {
            return Upload(links, path, id, title, eligible, null, null, [], StatusCodes.Status200OK);
        }

        var (upload, unread) = await OfficeUpload.ReadAsync(request, links, "笔试成绩表", "score sheet", OpenSelectionProcessApi.MaxSheetBytes, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return Upload(links, path, id, title, eligible, unread!.Field, unread.Reason, [], unread.Status);
        }

        using var sheet = upload.Content;
        var import = await desk.TakeWrittenScoresAsync(client, id, sheet, upload.Format, cancellationToken).ConfigureAwait(false);
        if (import.Refusal is { } refused)
        {
            return Upload(links, path, id, title, eligible, refused.Field == "id" ? "id" : "file", links.English ? refused.ReasonEn : refused.ReasonZh, [], refused.Status);
        }

        if (import.Errors.Count > 0)
        {
            return Upload(
                links, path, id, title, eligible, "file",
                links.Say($"笔试成绩表有 {import.Errors.Count} 处错误，未导入任何成绩；请按下表改正后重新上传。", $"The sheet has {import.Errors.Count} errors; nothing was imported. Correct them as listed and upload again."),
                import.Errors,
                StatusCodes.Status422UnprocessableEntity);
        }

        // Done: recorded under whoever the office guard let in, as every office act is.
        await acts.RecordAsync(
            request.HttpContext,
            links.Say("导入笔试成绩", "Import the written scores"),
            path["office/".Length..],
            [new("file", links.Say("笔试成绩表", "Score sheet"), upload.FileName), new("taken", links.Say("导入人数", "Candidates"), import.Taken.ToString(CultureInfo.InvariantCulture))],
            null,
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Redirect(links.To(Routes + "/" + Uri.EscapeDataString(id)) + "#done", permanent: false);
    }

    /// <summary>
    /// The score sheet to fill in, as .xlsx or .csv: one row per candidate who passed the eligibility review, with their
    /// staff id and name, the score column empty.
    /// </summary>
    [Function("OfficeOpenSelectionWrittenScoresTemplate")]
    public async Task<IResult> TemplateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{id}/written-scores/template/{format}")] HttpRequest request, string id, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } selection)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", "没有这次选拔。", "There is no such selection.");
        }

        var people = (await directory.Staff.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var rows = selection.Eligible.Order(StringComparer.Ordinal).Select(s => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            [WrittenScoreSheet.IdColumn] = s,
            [WrittenScoreSheet.NameColumn] = people.GetValueOrDefault(s, s),
            [WrittenScoreSheet.ScoreColumn] = null,
        });
        using var output = new MemoryStream();
        RosterFile.Write(output, file, WrittenScoreSheet.Columns, rows);
        return file == RosterFile.Format.Csv
            ? TypedResults.File(output.ToArray(), OfficeExport.CsvType, $"{id}-written-scores.csv")
            : TypedResults.File(output.ToArray(), OfficeExport.XlsxType, $"{id}-written-scores.xlsx");
    }

    // The form's flat fields as the route's body: the dotted names nested, the posts' lines as posts, the sections'
    // Chinese names as their codes; a post line that cannot be read, or a date left blank, is refused by its field.
    private static (JsonObject? Body, IResult? Refused) Publication(JsonObject flat, OfficeFormAct act, OfficeLinks links)
    {
        foreach (string date in Dates)
        {
            if (flat["timetable." + date] is null)
            {
                string label = act.Fields.Single(f => f.Name == "timetable." + date).Label;
                string named = label.Split('（', '(')[0].Trim();
                return (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "timetable." + date, $"请填写{named}", $"{named} is required."));
            }
        }

        var body = new JsonObject();
        foreach (var (name, value) in flat.ToList())
        {
            string[] parts = name.Split('.', 2);
            if (parts.Length == 1)
            {
                body[name] = value?.DeepClone();
                continue;
            }

            if (body[parts[0]] is not JsonObject inner)
            {
                body[parts[0]] = inner = [];
            }

            inner[parts[1]] = value?.DeepClone();
        }

        if (body["eligibility"]?["sections"] is JsonArray sections)
        {
            var codes = DirectoryVocabulary.SectionNames.ToDictionary(s => s.Value, s => s.Key, StringComparer.Ordinal);
            body["eligibility"]!["sections"] = new JsonArray([.. sections.Select(s => (JsonNode?)JsonValue.Create(codes.GetValueOrDefault((string)s!, (string)s!)))]);
        }

        var posts = new JsonArray();
        var lines = Lines((string?)flat["posts"]);
        for (int i = 0; i < lines.Count; i++)
        {
            string[] cells = lines[i].Split(CellSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int count = 0, reserve = 0;
            if (cells.Length is < 3 or > 4
                || !int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out count)
                || (cells.Length == 4 && !int.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out reserve)))
            {
                return (null, FieldProblem.ForStaff(
                    StatusCodes.Status422UnprocessableEntity,
                    $"posts[{i}]",
                    $"无法读取“{lines[i]}”：每行依次填写岗位编号、岗位名称、职数和后备名额（整数，可不填）",
                    $"Cannot read \"{lines[i]}\": give the post's id, name, count and reserve places (whole numbers; reserve optional)."));
            }

            posts.Add(new JsonObject { ["id"] = cells[0], ["name"] = cells[1], ["count"] = count, ["reserve"] = reserve });
        }

        body["posts"] = posts;
        return (body, null);
    }

    // A route's refusal of a post's member ("posts[1].name") as the form's line ("posts[1]"), so the page names the line.
    private static IResult ByLine(IResult answer)
    {
        if (answer is not Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem
            || !problem.ProblemDetails.Extensions.TryGetValue("field", out object? field)
            || field?.ToString() is not { } named)
        {
            return answer;
        }

        string Line(string f) => f.StartsWith("posts[", StringComparison.Ordinal) && f.IndexOf(']', StringComparison.Ordinal) is int end and > 0 ? f[..(end + 1)] : f;
        problem.ProblemDetails.Extensions["field"] = Line(named);
        if (problem.ProblemDetails.Extensions.TryGetValue("errors", out object? errors) && errors is not null
            && System.Text.Json.JsonSerializer.SerializeToNode(errors, errors.GetType(), System.Text.Json.JsonSerializerOptions.Web) is JsonArray list)
        {
            problem.ProblemDetails.Extensions["errors"] = list
                .Select(e => new { field = Line((string?)e?["field"] ?? string.Empty), reason = (string?)e?["reason"], reasonEn = (string?)e?["reasonEn"] })
                .ToList();
        }

        return problem;
    }

    private static List<string> Lines(string? text) =>
        [.. (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static T Api<T>(HttpRequest request) => ActivatorUtilities.CreateInstance<T>(request.HttpContext.RequestServices);

    private static RenderedPage<WrittenScoresPage> Upload(OfficeLinks links, string path, string id, string? title, int eligible, string? errorField, string? error, IReadOnlyList<RowError> rows, int status) =>
        new(
            new Dictionary<string, object?>
            {
                [nameof(WrittenScoresPage.Links)] = links,
                [nameof(WrittenScoresPage.Path)] = path,
                [nameof(WrittenScoresPage.SelectionId)] = id,
                [nameof(WrittenScoresPage.SelectionTitle)] = title,
                [nameof(WrittenScoresPage.Eligible)] = eligible,
                [nameof(WrittenScoresPage.Error)] = error,
                [nameof(WrittenScoresPage.Rows)] = rows,
            },
            status,
            OfficeRefusal.Of(errorField, error, rows));
}
