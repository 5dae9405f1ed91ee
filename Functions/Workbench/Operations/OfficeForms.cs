using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Tasks;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// The office's acts on a process, taken from its pages without curl: GET shows the act's confirmation form, POST reads
/// the form, hands the fields as the JSON body to the process's own route handler (so every rule is the route's, not
/// repeated here) and then goes back to the process's page (post, redirect, get). Bad input is the form again, as typed,
/// with the Chinese reason next to the field, or above the form when the refusal is the address's (no such lecture),
/// and the route has changed nothing. The key travels in the address as on every
/// office page (<c>?code=</c>), or a signed-in office person needs none; the office guard refuses anyone else before this runs.
/// </summary>
public static class OfficeForms
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>
    /// Shows or takes <paramref name="act"/>. <paramref name="run"/> calls the JSON route's handler with the request, whose
    /// body by then is the form as JSON; it gets the fields the route takes in its address (<see cref="OfficeFormField.InRoute"/>).
    /// </summary>
    /// <param name="request">The office's request, GET or a form POST.</param>
    /// <param name="links">The page's links (key and language).</param>
    /// <param name="path">The act's path under the route prefix.</param>
    /// <param name="back">The process page's path under the route prefix, where a done act goes back to.</param>
    /// <param name="act">The act.</param>
    /// <param name="run">Calls the JSON route's handler.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="doneAt">The page's anchor a done act goes back to (<c>done</c>, the 已完成 line; the office home's timers go back to their table).</param>
    public static async Task<IResult> RunAsync(
        HttpRequest request,
        OfficeLinks links,
        string path,
        string back,
        OfficeFormAct act,
        Func<IReadOnlyDictionary<string, string>, Task<IResult>> run,
        CancellationToken cancellationToken,
        string doneAt = "done")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(run);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!HttpMethods.IsPost(request.Method))
        {
            // A link may prefill a field (the round's year): ?field=value.
            foreach (var field in act.Fields)
            {
                if (request.Query[field.Name].ToString().Trim() is { Length: > 0 } value)
                {
                    typed[field.Name] = value;
                }
            }

            return Page(links, path, back, act, typed, null, null, StatusCodes.Status200OK);
        }

        if (!request.HasFormContentType)
        {
            // Not a field's fault: named as the header, so the page says it above the form.
            return Page(links, path, back, act, typed, "Content-Type", links.Say("请通过页面上的表单提交。", "Submit the form on the page."), StatusCodes.Status415UnsupportedMediaType);
        }

        var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            // Over the size limit or broken: nothing could be read, so the form comes back empty with HttpBody's own
            // reason above it (its status kept); a script keeps HttpBody's problem+json as it was.
            return request.AcceptsHtml() ? BodyRefused(links, path, back, act, unreadable!) : unreadable!;
        }

        foreach (var field in act.Fields)
        {
            if (form[field.Name].ToString().Trim() is { Length: > 0 } value)
            {
                typed[field.Name] = value;
            }
        }

        var clock = request.HttpContext.RequestServices.GetRequiredService<BureauClock>();
        var zone = clock.Zone;
        var body = new JsonObject();
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in act.Fields)
        {
            if (!typed.TryGetValue(field.Name, out string? text))
            {
                if (field.InRoute)
                {
                    // An address never holds a blank part, so no JSON route's handler judges one: refused here.
                    return Page(links, path, back, act, typed, field.Name, Required(field, links), StatusCodes.Status422UnprocessableEntity);
                }

                // The route names what is missing, in its own words; an empty list is a list of none (the route
                // asks for at least one), where a body with nothing in it would be refused as unreadable.
                if (field.Kind == OfficeFieldKind.List)
                {
                    body[field.Name] = new JsonArray();
                }

                continue;
            }

            if (field.InRoute)
            {
                route[field.Name] = text;
                continue;
            }

            if (Read(field, text, zone) is not { } node)
            {
                return Page(links, path, back, act, typed, field.Name, Unreadable(field, links, clock.ZoneName(links.Culture)), StatusCodes.Status422UnprocessableEntity);
            }

            body[field.Name] = node;
        }

        // The route's handler reads the JSON body it always reads: the form is already read and kept above.
        OfficeFormBody.Replace(request, body);
        var result = await run(route).ConfigureAwait(false);
        if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
        {
            var (field, reason) = Reason(problem.ProblemDetails, act, links);
            return Page(links, path, back, act, typed, field, reason, problem.StatusCode);
        }

        if (result is IStatusCodeHttpResult { StatusCode: >= 400 })
        {
            return result;
        }

        // Done: recorded under whoever the office guard let in (a refusal above changed nothing and is not recorded).
        await request.HttpContext.RequestServices.GetRequiredService<OfficeActLog>()
            .RecordAsync(request.HttpContext, act.Heading, Subject(path, act, route), Recorded(act, typed), null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Redirect(links.To(back) + "#" + doneAt, permanent: false);
    }

    // What the act was done to: its address under office/, with the ids the form gave for the address.
    private static string Subject(string path, OfficeFormAct act, Dictionary<string, string> route)
    {
        string address = path.StartsWith(OfficeRoutes.Segment + "/", StringComparison.Ordinal) ? path[(OfficeRoutes.Segment.Length + 1)..] : path;
        return string.Join('/', [address, .. act.Fields.Where(f => f.InRoute && route.ContainsKey(f.Name)).Select(f => route[f.Name])]);
    }

    // The fields as the form showed them: a choice by its label, not its code.
    internal static IEnumerable<OfficeActField> Recorded(OfficeFormAct act, Dictionary<string, string> typed) =>
        act.Fields.Where(f => typed.ContainsKey(f.Name)).Select(f => new OfficeActField(
            f.Name,
            f.Label,
            f.Choices?.FirstOrDefault(c => c.Value == typed[f.Name]) is { Label: { } label } ? label : typed[f.Name]));

    /// <summary>
    /// HttpBody's refusal of a body (<see cref="HttpBody.ReadFormOrProblemAsync"/>) as an office page says it: its own
    /// Chinese, or the English beside it on an English page, not new words.
    /// </summary>
    internal static string BodyReason(Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(links);
        string detail = problem.ProblemDetails.Detail ?? string.Empty;
        int end = ChineseEnd(detail);
        string said = links.English ? detail[end..].Trim() : detail[..end].Trim();
        return said.Length > 0 ? said : links.Say($"{FieldProblem.TitleZh(problem.StatusCode)}，请重新提交。", detail);
    }

    private static RenderedPage<ConfirmPage> BodyRefused(OfficeLinks links, string path, string back, OfficeFormAct act, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem) =>
        Page(links, path, back, act, new Dictionary<string, string>(StringComparer.Ordinal), "body", BodyReason(problem, links), problem.StatusCode);

    private static readonly char[] ListSeparators = [',', '，', '、', ';', '；', ' ', '\u3000', '\t', '\r', '\n'];

    private static JsonNode? Read(OfficeFormField field, string text, TimeZoneInfo zone)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (field.Kind)
        {
            case OfficeFieldKind.WholeNumber:
                return int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out int whole) ? JsonValue.Create(whole) : null;
            case OfficeFieldKind.Number:
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, invariant, out decimal number) ? JsonValue.Create(number) : null;
            case OfficeFieldKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date) ? JsonValue.Create(date.ToString("yyyy-MM-dd", invariant)) : null;
            case OfficeFieldKind.Time:
                return TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], invariant, DateTimeStyles.None, out var time) ? JsonValue.Create(time.ToString("HH:mm:ss", invariant)) : null;
            case OfficeFieldKind.DateTime:
                if (!System.DateTime.TryParseExact(text, DateTimeFormats, invariant, DateTimeStyles.None, out var local))
                {
                    return null;
                }

                // What the office types is Beijing time, as every time on its pages.
                return JsonValue.Create(new DateTimeOffset(local, zone.GetUtcOffset(local)).ToString("o", invariant));
            case OfficeFieldKind.YesNo:
                return text switch
                {
                    "是" or "true" or "yes" or "on" => JsonValue.Create(true),
                    "否" or "false" or "no" or "off" => JsonValue.Create(false),
                    _ => null,
                };
            case OfficeFieldKind.List:
                // Each item as typed; the route says which one is not a staff id, or that none is listed.
                return new JsonArray([.. text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).Select(item => (JsonNode?)JsonValue.Create(item))]);
            default:
                return JsonValue.Create(text);
        }
    }

    // "“学校编号（必填）”：请填写学校编号。": the label's words before its parenthesis name what is missing.
    private static string Required(OfficeFormField field, OfficeLinks links)
    {
        string named = field.Label.Split('（', '(')[0].Trim();
        return links.Say($"“{field.Label}”：请填写{named}。", $"\"{field.Label}\": {named} is required.");
    }

    private static string Unreadable(OfficeFormField field, OfficeLinks links, string zoneName) => field.Kind switch
    {
        OfficeFieldKind.WholeNumber => links.Say($"“{field.Label}”须填写整数。", $"\"{field.Label}\" must be a whole number."),
        OfficeFieldKind.Number => links.Say($"“{field.Label}”须填写数字。", $"\"{field.Label}\" must be a number."),
        OfficeFieldKind.Date => links.Say($"“{field.Label}”须填写日期，如 2027-03-01。", $"\"{field.Label}\" must be a date such as 2027-03-01."),
        OfficeFieldKind.Time => links.Say($"“{field.Label}”须填写时刻，如 14:30。", $"\"{field.Label}\" must be a time such as 14:30."),
        OfficeFieldKind.DateTime => links.Say($"“{field.Label}”须填写日期和时刻（{zoneName}），如 2027-03-01T17:00。", $"\"{field.Label}\" must be a date and time ({zoneName}) such as 2027-03-01T17:00."),
        OfficeFieldKind.YesNo => links.Say($"“{field.Label}”只能选“是”或“否”。", $"\"{field.Label}\" must be yes or no."),
        _ => links.Say($"“{field.Label}”填写有误。", $"\"{field.Label}\" is not right."),
    };

    // The route's refusal as the form shows it: the field it names, and its reason in the page's language. A field the
    // form has no input for (an id of the address: "no such lecture"; the body as a whole) is no typed field's fault:
    // the page shows the reason above the form, where it shows any refusal whose field it does not have.
    private static (string Field, string Reason) Reason(Microsoft.AspNetCore.Mvc.ProblemDetails problem, OfficeFormAct act, OfficeLinks links)
    {
        string field = problem.Extensions.TryGetValue("field", out object? named) && named?.ToString() is { Length: > 0 } f ? FieldOf(f).Name : "body";

        problem.Extensions.TryGetValue("errors", out object? errors);
        if (errors is IEnumerable<FieldError> fieldErrors)
        {
            // A route's own field errors: their Chinese is kept beside the English (not serialized).
            errors = fieldErrors.Select(e => new { field = e.Field, reason = e.ReasonFor(Notifications.Languages.Chinese), reasonEn = e.Reason }).ToList();
        }

        if (errors is not null && JsonSerializer.SerializeToNode(errors, errors.GetType(), JsonSerializerOptions.Web) is JsonArray list)
        {
            var reasons = list
                .Select(e => (Field: e?["field"]?.GetValue<string>(), Zh: e?["reason"]?.GetValue<string>(), En: e?["reasonEn"]?.GetValue<string>() ?? e?["reason"]?.GetValue<string>()))
                .Where(e => e.Zh is not null)
                .Select(e => (Label: LabelOf(e.Field, act, links), Text: links.English ? e.En! : e.Zh!))
                .Select(e => e.Label is null ? e.Text : links.Say($"“{e.Label}”：{e.Text}", $"\"{e.Label}\": {e.Text}"))
                .ToList();
            if (reasons.Count > 0 && (links.English || reasons.All(HasChinese)))
            {
                return (field, string.Join(" ", reasons));
            }
        }

        string detail = problem.Detail ?? string.Empty;
        string? label = act.Fields.FirstOrDefault(x => x.Name == field)?.Label;
        if (links.English)
        {
            return (field, ChineseEnd(detail) is int end && end < detail.Length ? detail[end..].Trim() : detail);
        }

        return (field, ChineseEnd(detail) is int zhEnd && zhEnd > 0
            ? detail[..zhEnd].Trim()
            : label is null ? $"{FieldProblem.TitleZh(problem.Status ?? StatusCodes.Status400BadRequest)}，请检查后重新提交。" : $"“{label}”填写有误，请检查后重新提交。");
    }

    private static bool HasChinese(string text) => ChineseEnd(text) > 0;

    // "staffIds[2]" is the third item of the form's "staffIds".
    private static (string Name, int? Item) FieldOf(string field)
    {
        int open = field.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && field.EndsWith(']') && int.TryParse(field.AsSpan(open + 1, field.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int item))
        {
            return (field[..open], item);
        }

        return (field, null);
    }

    // The label a route's field error is shown with: the form's label, and which item of a list.
    private static string? LabelOf(string? field, OfficeFormAct act, OfficeLinks links)
    {
        if (field is null)
        {
            return null;
        }

        var (name, item) = FieldOf(field);
        string? label = act.Fields.FirstOrDefault(x => x.Name == name)?.Label;
        return label is null || item is not { } i ? label : links.Say($"{label}第{i + 1}项", $"{label}, item {i + 1}");
    }

    // The end of the Chinese part of a "中文 English" detail: just after its last CJK character or full-width mark.
    private static int ChineseEnd(string text)
    {
        for (int i = text.Length - 1; i >= 0; i--)
        {
            char c = text[i];
            if (c is >= '\u2E80' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F')
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static RenderedPage<ConfirmPage> Page(OfficeLinks links, string path, string back, OfficeFormAct act, Dictionary<string, string> typed, string? errorField, string? error, int status)
    {
        var action = new ConfirmAction
        {
            Heading = act.Heading,
            WillHappen = act.WillHappen,
            PostTo = links.To(path),
            Button = act.Button,
            Back = links.To(back),
            Fields = [.. act.Fields.Select(f => new ConfirmField(
                f.Name,
                f.Label,
                typed.TryGetValue(f.Name, out string? value) ? value : null,
                Multiline: f.Kind is OfficeFieldKind.List or OfficeFieldKind.LongText,
                Hint: f.Kind == OfficeFieldKind.List ? string.Join(links.Say(string.Empty, " "), new[] { f.Hint, links.Say("每行一个，也可用逗号或空格分隔。", "One a line, or separated by commas or spaces.") }.Where(h => h is not null)) : f.Hint,
                Type: f.Kind switch
                {
                    OfficeFieldKind.WholeNumber => "number",
                    OfficeFieldKind.Date => "date",
                    OfficeFieldKind.Time => "time",
                    OfficeFieldKind.DateTime => "datetime-local",
                    _ => null,
                },
                Choices: f.Choices))],
            ErrorField = errorField,
            Error = error,
        };
        return new RenderedPage<ConfirmPage>(
            new Dictionary<string, object?> { [nameof(ConfirmPage.Links)] = links, [nameof(ConfirmPage.Path)] = path, [nameof(ConfirmPage.Action)] = action },
            status,
            OfficeRefusal.Of(errorField, error));
    }
}
