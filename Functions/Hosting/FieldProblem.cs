using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Hosting;

/// <summary>The problem+json answers of every API: a status, the field at fault and why (RFC 9457, with a "field" extension).</summary>
public static class FieldProblem
{
    /// <summary>
    /// A refusal caused by one field (or the token, key or body), with optional further members. Without a title the
    /// status's Chinese meaning is the title: left out, ASP.NET Core fills in the English phrase ("Conflict"), which
    /// office pages and clients showed first.
    /// </summary>
    public static ProblemHttpResult Of(int status, string field, string detail, IEnumerable<KeyValuePair<string, object?>>? more = null, string? title = null)
    {
        title ??= TitleZh(status);
        var extensions = new Dictionary<string, object?> { ["field"] = field };
        foreach (var (name, value) in more ?? [])
        {
            extensions[name] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>
    /// A refusal a staff member reads (a route reached with a session, a task link or nothing): the detail in Chinese
    /// first, the English beside it in the same string; the title in Chinese too (left out, ASP.NET Core would fill in
    /// the status's English phrase, "Not Found", which is read first).
    /// </summary>
    public static ProblemHttpResult ForStaff(int status, string field, string zh, string en, IEnumerable<KeyValuePair<string, object?>>? more = null) =>
        Of(status, field, $"{zh} {en}", more, TitleZh(status));

    /// <summary>What a refusal of <paramref name="status"/> means, in Chinese, for a problem's title.</summary>
    public static string TitleZh(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "请求有误",
        StatusCodes.Status401Unauthorized => "未登录或链接无效",
        StatusCodes.Status403Forbidden => "无权办理",
        StatusCodes.Status404NotFound => "未找到",
        StatusCodes.Status409Conflict => "与当前状态不符",
        StatusCodes.Status410Gone => "已结束，无法再办理",
        StatusCodes.Status413PayloadTooLarge => "内容过大",
        StatusCodes.Status415UnsupportedMediaType => "内容格式不受支持",
        StatusCodes.Status422UnprocessableEntity => "请求内容有误",
        StatusCodes.Status429TooManyRequests => "请求过于频繁，请稍后再试",
        _ => "请求未被受理",
    };

    /// <summary>422 listing every field error; "field" names the first.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors, string title)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.Problem(
            title: title,
            detail: string.Join(" ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["field"] = errors[0].Field, ["errors"] = errors });
    }

    /// <summary>
    /// 422 for a staff member (a task answer): the title, the detail and each error's <c>reason</c> in Chinese first,
    /// English beside (<c>reasonEn</c>); "field" names the first. Field names stay as the API spells them.
    /// </summary>
    public static ProblemHttpResult InvalidForStaff(IReadOnlyList<FieldError> errors, string titleZh, string titleEn)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.Problem(
            title: $"{titleZh} {titleEn}",
            detail: string.Join(" ", errors.Select(e => $"{e.Field}：{e.ReasonFor(Notifications.Languages.Chinese)}")) + " " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = errors[0].Field,
                ["errors"] = errors.Select(e => new StaffFieldError(e.Field, e.ReasonFor(Notifications.Languages.Chinese), e.Reason)).ToList(),
            });
    }

    /// <summary>A field error as a staff member's app receives it.</summary>
    /// <param name="Field">The field.</param>
    /// <param name="Reason">Why, in Chinese.</param>
    /// <param name="ReasonEn">Why, in English.</param>
    private sealed record StaffFieldError(string Field, string Reason, string ReasonEn);
}
