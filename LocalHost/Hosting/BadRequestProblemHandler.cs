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

        // Chinese first (the office and staff read these too, e.g. a phone's post over the size limit), English beside,
        // in the function app's own words for a body it cannot read, so either host refuses alike.
        var problem = (bad.InnerException is JsonException json
            ? HttpBody.Unreadable(json, bad.StatusCode)
            : bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? HttpBody.TooLarge(bad.Message)
                : FieldProblem.ForStaff(bad.StatusCode, "body", "请求无法读取，未作任何处理。", bad.Message)).ProblemDetails;
        httpContext.Response.StatusCode = bad.StatusCode;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }).ConfigureAwait(false))
        {
            // The service writes only for callers whose Accept takes JSON; a browser's Accept (text/html) got an empty
            // 400. The refusal is written anyway, as the host's status pages do.
            await TypedResults.Problem(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
        }

        return true;
    }
}
