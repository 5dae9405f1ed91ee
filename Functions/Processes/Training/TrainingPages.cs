using System.Globalization;
using System.Net;
using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>The staff pages of courses and lectures, for phones, in Chinese (every value HTML-encoded).</summary>
public static class TrainingPages
{
    private const string Style = "<style>*{box-sizing:border-box}body{margin:0;padding:12px;font-family:sans-serif;line-height:1.6;overflow-wrap:anywhere;max-width:40em;margin:auto}"
        + "dl{display:flex;gap:.5em;margin:.2em 0}dt{color:#555;min-width:4em}dd{margin:0}button{font-size:1.1em;padding:.6em 1.4em;margin:.4em 0}"
        + "textarea,select{width:100%;font-size:1em}.qr{width:320px;max-width:100%;margin:auto}.qr svg{width:100%;height:auto}.note{color:#555}.error{display:block;color:#b00020}</style>";

    /// <summary>A whole page.</summary>
    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{E(title)}</title>{Style}</head><body><h1>{E(title)}</h1>{body}</body></html>",
        "text/html; charset=utf-8",
        System.Text.Encoding.UTF8,
        status);

    /// <summary>The lecture's facts as a list.</summary>
    public static string Facts(Lecture lecture, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        return Fact("类别", lecture.SeriesZh) + Fact("题目", lecture.Title) + Fact("主讲", lecture.Speaker)
            + Fact("时间", When(lecture, clock)) + Fact("地点", lecture.Place)
            + Fact("学时", lecture.Hours.ToString("0.#", CultureInfo.InvariantCulture))
            + Fact("名额", $"{lecture.Capacity}（已报{lecture.Seats.Count}，候补{lecture.Waiting.Count}）");
    }

    /// <summary>"2026-12-10 14:00–16:00（北京时间）": a lecture's day and hours, which are the bureau's, saying so as every time staff act on does.</summary>
    public static string When(Lecture lecture, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        ArgumentNullException.ThrowIfNull(clock);
        return $"{lecture.Date:yyyy-MM-dd} {lecture.Starts:HH\\:mm}–{lecture.Ends:HH\\:mm}（{clock.ZoneNameZh}）";
    }

    /// <summary>A label and value.</summary>
    public static string Fact(string label, string value) => $"<dl><dt>{E(label)}</dt><dd>{E(value)}</dd></dl>";

    /// <summary>A paragraph.</summary>
    public static string P(string text, bool note = false) => note ? $"<p class=\"note\">{E(text)}</p>" : $"<p>{E(text)}</p>";

    /// <summary>A form posting to <paramref name="action"/> with a button (and optional fields' HTML).</summary>
    public static string Form(string action, string button, string fields = "") =>
        $"<form method=\"post\" action=\"{E(action)}\">{fields}<button type=\"submit\">{E(button)}</button></form>";

    /// <summary>
    /// The feedback form posting to <paramref name="action"/>; given again after a refusal with what was entered and each
    /// field's Chinese reason beside it.
    /// </summary>
    public static string FeedbackForm(string action, string? rating = null, string? comment = null, string? ratingError = null, string? commentError = null)
    {
        (string Value, string Text)[] scores = [("5", "5 很满意"), ("4", "4 满意"), ("3", "3 一般"), ("2", "2 不满意"), ("1", "1 很不满意")];
        string options = string.Concat(scores.Select(s => $"<option value=\"{s.Value}\"{(s.Value == rating ? " selected" : string.Empty)}>{E(s.Text)}</option>"));
        return Form(
            action,
            "提交反馈",
            $"<p><label>总体评价（1–5分）<select name=\"rating\"{Invalid(ratingError, "rating")}>{options}</select></label>{Error(ratingError, "rating")}</p>"
            + $"<p><label>意见建议<textarea name=\"comment\" maxlength=\"{FeedbackCommentLimit}\" rows=\"4\"{Invalid(commentError, "comment")}>{E(comment)}</textarea></label>{Error(commentError, "comment")}</p>");

        static string Invalid(string? error, string field) => error is null ? string.Empty : $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"";

        static string Error(string? error, string field) => error is null ? string.Empty : $"<span class=\"error\" id=\"{field}-error\">{E(error)}</span>";
    }

    /// <summary>The most characters a feedback comment holds, a line break counting as one (as the browser's <c>maxlength</c> counts it).</summary>
    public const int FeedbackCommentLimit = 500;

    /// <summary>The outcome of a registration in Chinese.</summary>
    public static string Outcome(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.Registered => "报名成功，已为您保留名额。",
        RegistrationOutcome.Waiting => "名额已满，您已进入候补名单；有人取消时将按顺序递补，并邮件通知您。",
        RegistrationOutcome.Refused => "名额已满（或候补名单已满），报名未成功。",
        _ => "您已报名，无需重复报名。",
    };

    /// <summary>HTML-encodes.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
