using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace EduFlows.Hosting;

/// <summary>
/// Turns request-binding failures (malformed JSON, a value of the wrong type, a body over the size limit) into
/// problem+json naming the field, as every EduFlows endpoint promises; nothing behind the endpoint runs.
/// </summary>
public sealed class BadRequestProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        // Chinese first (the office and staff read these too, e.g. a phone's post over the size limit), English beside.
        string field = "body";
        string detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? $"提交的内容过大，未作任何处理。 {bad.Message}"
            : $"请求无法读取，未作任何处理。 {bad.Message}";
        if (bad.InnerException is JsonException json)
        {
            // "$.advanceBy" → "advanceBy"; a document that does not parse at all is the body's fault.
            field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            string zh = field == "body" ? "提交的内容无法读取：须为格式正确的 JSON。" : $"“{field}”无法读取：类型或格式不对。";
            detail = $"{zh} '{field}' could not be read: {json.Message.Split(" Path:", 2)[0]}";
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = bad.StatusCode,
            Title = FieldProblem.TitleZh(bad.StatusCode),
            Detail = detail,
            Extensions = { ["field"] = field },
        };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }).ConfigureAwait(false))
        {
            // The service writes only for callers whose Accept takes JSON; a browser's Accept (text/html) got an empty
            // 400. The refusal is written anyway, as the host's status pages do.
            await TypedResults.Problem(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
        }

        return true;
    }
}
