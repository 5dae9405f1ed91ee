using System.Text.RegularExpressions;

namespace EduFlows.Reliability.App;

/// <summary>A mailed task link: the task and the token that opens it.</summary>
internal sealed partial record TaskLink(string TaskId, string Token)
{
    public string Path => Of(Token);

    /// <summary>This task's address with another token.</summary>
    public string Of(string token) => $"/api/tasks/{Uri.EscapeDataString(TaskId)}?token={Uri.EscapeDataString(token)}";

    /// <summary>The first task link in a mail's text (or HTML); null when there is none. Every probe reads links so.</summary>
    public static TaskLink? In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text);
        return m.Success ? new TaskLink(Uri.UnescapeDataString(m.Groups["id"].Value), Uri.UnescapeDataString(m.Groups["token"].Value)) : null;
    }

    /// <summary>The first task link of a caught mail, its text before its HTML.</summary>
    public static TaskLink? In(CaughtMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return In(mail.Text) ?? In(mail.Html);
    }

    /// <summary>A task link in text: groups <c>id</c> and <c>token</c>, both as mailed (escaped).</summary>
    [GeneratedRegex(@"/api/tasks/(?<id>[^?\s""'<>]+)\?token=(?<token>[^\s""'<>&]+)")]
    internal static partial Regex Pattern();
}
