using EduFlows.Notifications;
using Microsoft.AspNetCore.Components;

namespace EduFlows.Tasks;

/// <summary>
/// An HTTP result that renders a Razor component as a whole HTML page with the given status. A refusal given its
/// field and reason (<paramref name="refusal"/>) is problem+json naming the field for a caller that does not read
/// HTML (no <c>text/html</c> in Accept: scripts, curl), as every other refusal of the app is; its title is
/// <paramref name="refusalTitle"/>, or the status's Chinese meaning when none is given.
/// </summary>
public sealed class RenderedPage<TComponent>(IDictionary<string, object?> parameters, int statusCode, (string Field, string Detail)? refusal = null, string? refusalTitle = null) : IResult
    where TComponent : IComponent
{
    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (refusal is { } problem && statusCode >= 400 && !Hosting.BrowserRequests.AcceptsHtml(httpContext.Request))
        {
            await Hosting.FieldProblem.Of(statusCode, problem.Field, problem.Detail, title: refusalTitle).ExecuteAsync(httpContext).ConfigureAwait(false);
            return;
        }

        string page = await httpContext.RequestServices.GetRequiredService<HtmlRendering>().RenderAsync<TComponent>(parameters).ConfigureAwait(false);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(page, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
