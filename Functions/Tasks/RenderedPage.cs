using EduFlows.Notifications;
using Microsoft.AspNetCore.Components;

namespace EduFlows.Tasks;

/// <summary>An HTTP result that renders a Razor component as a whole HTML page with the given status.</summary>
public sealed class RenderedPage<TComponent>(IDictionary<string, object?> parameters, int statusCode) : IResult
    where TComponent : IComponent
{
    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        string page = await httpContext.RequestServices.GetRequiredService<HtmlRendering>().RenderAsync<TComponent>(parameters).ConfigureAwait(false);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(page, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
