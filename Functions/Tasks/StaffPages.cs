using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Tasks.Pages;

namespace EduFlows.Tasks;

/// <summary>
/// The pages a staff member opens from a mail or /api/me: a zh-CN page for a browser, JSON only when asked for
/// (Accept without <c>text/html</c>, as scripts and curl send, or <c>?format=json</c>).
/// </summary>
public static class StaffPages
{
    /// <summary>True when the answer should be a page: <c>?format=html</c>, or a browser's Accept without <c>?format=json</c>.</summary>
    public static bool WantsPage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? format = request.Query["format"];
        return format switch
        {
            "json" => false,
            "html" => true,
            _ => request.AcceptsHtml(),
        };
    }

    /// <summary>A refusal: a zh-CN page saying what happened and what to do for a browser, problem+json naming the field otherwise.</summary>
    public static IResult Refusal(HttpRequest request, int status, string field, string zh, string en) =>
        WantsPage(request)
            ? new RenderedPage<MessagePage>(
                new Dictionary<string, object?>
                {
                    [nameof(MessagePage.Culture)] = "zh-CN",
                    [nameof(MessagePage.Heading)] = Heading(status),
                    [nameof(MessagePage.Detail)] = zh,
                },
                status)
            : FieldProblem.ForStaff(status, field, zh, en);

    /// <summary>A results page (<see cref="ResultsPage"/>) as the answer.</summary>
    public static async Task<IResult> PageAsync(HtmlRendering html, ResultsView view)
    {
        ArgumentNullException.ThrowIfNull(html);
        string page = await html.RenderAsync<ResultsPage>(new Dictionary<string, object?> { [nameof(ResultsPage.View)] = view }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static string Heading(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "请先登录",
        StatusCodes.Status403Forbidden => "暂不能查看",
        StatusCodes.Status404NotFound => "没有找到",
        StatusCodes.Status410Gone => "已关闭",
        _ => "无法打开",
    };
}
