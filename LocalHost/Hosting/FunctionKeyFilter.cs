using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Hosting;

/// <summary>
/// Refuses a request without a key that grants the endpoint's level: 401 problem+json, nothing runs. The check is
/// middleware after routing, not an endpoint filter, so it comes before the body is bound: a caller without a key
/// learns only that it needs one, whatever it sent.
/// </summary>
public static class FunctionKeyFilter
{
    /// <summary>Requires a key of <paramref name="level"/> for every endpoint of the group or route.</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, AuthorizationLevel level)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new KeyRequirement(level));

    /// <summary>Checks the key of every endpoint marked with <see cref="RequireKey"/> before it runs.</summary>
    public static IApplicationBuilder UseFunctionKeys(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<KeyRequirement>() is { } requirement
                && !context.RequestServices.GetRequiredService<FunctionKeys>().Grants(requirement.Level, FunctionKeys.Presented(context.Request)))
            {
                // The office opens its pages in a browser: a refusal there is a page in Chinese, not JSON.
                await (context.Request.AcceptsHtml() ? RefusalPage() : Refusal(requirement.Level)).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The 401 a browser reads: zh-CN first, the English beside it.</summary>
    private static IResult RefusalPage() => Results.Content(
        HostPage.Html(
            "需要管理员密钥",
            "这个页面只对教育局办公室开放。请使用带有管理员密钥的链接打开（地址中的 code 参数），或联系系统管理员。教职工请从邮件中的链接或“我的任务”页面办理。",
            "This page is for the bureau office: open it with the master key (the code parameter in the address). Staff open their tasks from their mail or from My tasks."),
        "text/html; charset=utf-8",
        statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>The 401 for a request without a key granting <paramref name="level"/>.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refusal(AuthorizationLevel level) => FieldProblem.ForStaff(
        StatusCodes.Status401Unauthorized,
        FunctionKeys.HeaderName,
        $"须提供{(level == AuthorizationLevel.Admin ? "主密钥" : "函数密钥")}：放在请求头“{FunctionKeys.HeaderName}”或地址参数“code”中。",
        $"This endpoint needs a {(level == AuthorizationLevel.Admin ? "master" : "function")} key in the '{FunctionKeys.HeaderName}' header or the 'code' query parameter.");
}

/// <summary>The key level an endpoint needs (see <see cref="FunctionKeyFilter.RequireKey"/>).</summary>
/// <param name="Level">Who may call it.</param>
public sealed record KeyRequirement(AuthorizationLevel Level);
