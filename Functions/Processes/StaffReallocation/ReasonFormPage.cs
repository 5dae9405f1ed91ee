using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// A person's own reason form of the reallocation (an appeal, a points objection), in zh-CN: the page their mail's
/// link opens, and the page answering what they sent.
/// </summary>
/// <param name="Title">What the form is, e.g. 申诉.</param>
/// <param name="Intro">What to write and what happens next, after the person's staff id.</param>
/// <param name="Label">The reason box's label.</param>
/// <param name="Button">The submit button.</param>
/// <param name="Closed">Why the form cannot be used now (outside its window).</param>
/// <param name="Accepted">The answer to a reason taken.</param>
/// <param name="NotSent">The answer to a refusal without a detail.</param>
internal sealed record ReasonFormPage(string Title, string Intro, string Label, string Button, string Closed, string Accepted, string NotSent)
{
    /// <summary>The form (or, outside its window, why it cannot be used now: <paramref name="closed"/>, else <see cref="Closed"/>).</summary>
    public IResult Form(string reallocationId, string staffId, string action, bool open, string? closed = null) => Page(
        StatusCodes.Status200OK,
        open
            ? $"""
              <p>教职工：{Encode(staffId)}。{Encode(Intro)}</p>
              <form method="post" action="{Encode(action)}">
              <label for="reason">{Encode(Label)}</label><br>
              <textarea id="reason" name="reason" maxlength="1000" rows="8" cols="60" required></textarea><br>
              <button type="submit">{Encode(Button)}</button>
              </form>
              """
            : $"<p role=\"status\">{Encode(closed ?? Closed)}</p>",
        reallocationId);

    /// <summary>A page for what the API answered: accepted, or the refusal's zh-CN detail with its status.</summary>
    public IResult Answer(IResult result) => result switch
    {
        ProblemHttpResult problem => Page(problem.StatusCode, $"<p role=\"alert\">{Encode(problem.ProblemDetails.Detail ?? NotSent)}</p>", null),
        _ => Page(StatusCodes.Status202Accepted, $"<p role=\"status\">{Encode(Accepted)}</p>", null),
    };

    private ContentHttpResult Page(int status, string body, string? reallocationId) => TypedResults.Content(
        $"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>县管校聘 · {Encode(Title)}</title></head>
        <body>
        <h1>县管校聘 · {Encode(Title)}{(reallocationId is null ? string.Empty : "（" + Encode(reallocationId) + "）")}</h1>
        {body}
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
