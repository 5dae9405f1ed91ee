using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The zh-CN pages of a person's own points objection: the form their points mail's link opens, and the answer to it.</summary>
internal static class ObjectionPage
{
    /// <summary>The form (or, outside the objection window, why it cannot be used now).</summary>
    public static IResult Form(string reallocationId, string staffId, string action, bool open) => Page(
        StatusCodes.Status200OK,
        open
            ? $"""
              <p>教职工：{Encode(staffId)}。对本人积分明细有异议的，请写明哪一项有误及理由（不超过1000字），教育局将在异议期结束后核实处理并以邮件告知。</p>
              <form method="post" action="{Encode(action)}">
              <label for="reason">异议理由</label><br>
              <textarea id="reason" name="reason" maxlength="1000" rows="8" cols="60" required></textarea><br>
              <button type="submit">提交异议</button>
              </form>
              """
            : "<p role=\"status\">现在不在积分异议期内：积分公布后的异议期内方可提出。</p>",
        reallocationId);

    /// <summary>A page for what the objection API answered: accepted, or the refusal's zh-CN detail with its status.</summary>
    public static IResult Answer(IResult result) => result switch
    {
        ProblemHttpResult problem => Page(problem.StatusCode, $"<p role=\"alert\">{Encode(problem.ProblemDetails.Detail ?? "异议未能提交。")}</p>", null),
        _ => Page(StatusCodes.Status202Accepted, "<p role=\"status\">您的积分异议已提交。教育局将在异议期结束后核实处理，并以邮件告知结果。</p>", null),
    };

    private static ContentHttpResult Page(int status, string body, string? reallocationId) => TypedResults.Content(
        $"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>县管校聘 · 积分异议</title></head>
        <body>
        <h1>县管校聘 · 积分异议{(reallocationId is null ? string.Empty : "（" + Encode(reallocationId) + "）")}</h1>
        {body}
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
