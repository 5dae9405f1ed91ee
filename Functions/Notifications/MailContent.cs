namespace EduFlows.Notifications;

/// <summary>
/// What one e-mail says, already in the recipient's language; <see cref="Templates.StandardMail"/> lays it out as HTML
/// (escaping every value) and <see cref="ToText"/> as plain text, so both bodies always say the same.
/// </summary>
/// <param name="Culture">"zh-CN" or "en" (the HTML lang attribute).</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Greeting">"王芳老师：" or "Dear Wang Fang,".</param>
/// <param name="Paragraphs">The body, one string per paragraph.</param>
/// <param name="Details">Label and value pairs shown as a small table (task, due time...).</param>
/// <param name="ActionLabel">The button's text, if the mail has a link.</param>
/// <param name="ActionUrl">Where the button goes.</param>
/// <param name="Footer">The closing line.</param>
public sealed record MailContent(
    string Culture,
    string Subject,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<KeyValuePair<string, string>> Details,
    string? ActionLabel,
    Uri? ActionUrl,
    string Footer)
{
    /// <summary>
    /// How many paragraphs come before the details; the rest follow them. Null (the default): every paragraph first.
    /// </summary>
    /// <remarks>A mail whose details are its main news (the office's ranking) puts them after the opening line and its notes after them.</remarks>
    public int? ParagraphsBeforeDetails { get; init; }

    /// <summary>
    /// Links that follow the details' values, by index (none when shorter than <see cref="Details"/> or null at an
    /// index): the HTML shows a short labelled link, the plain text the address itself.
    /// </summary>
    /// <remarks>A task's token link is hundreds of characters with no place to break: shown as text it would widen the mail on a phone.</remarks>
    public IReadOnlyList<MailLink?> DetailLinks { get; init; } = [];

    /// <summary>The link following detail <paramref name="index"/>, if any.</summary>
    public MailLink? DetailLinkAt(int index) => index < DetailLinks.Count ? DetailLinks[index] : null;

    /// <summary>The paragraphs shown before the details.</summary>
    public IEnumerable<string> Leading => Paragraphs.Take(ParagraphsBeforeDetails ?? Paragraphs.Count);

    /// <summary>The paragraphs shown after the details.</summary>
    public IEnumerable<string> Trailing => Paragraphs.Skip(ParagraphsBeforeDetails ?? Paragraphs.Count);

    /// <summary>The plain-text body.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder();
        text.Append(Greeting).Append("\n\n");
        foreach (string paragraph in Leading)
        {
            text.Append(paragraph).Append("\n\n");
        }

        for (int i = 0; i < Details.Count; i++)
        {
            var (label, value) = Details[i];
            text.Append(label).Append(Languages.IsEnglish(Culture) ? ": " : "：").Append(value);
            if (DetailLinkAt(i) is { } link)
            {
                text.Append(" · ").Append(link.Url);
            }

            text.Append('\n');
        }

        bool trailing = false;
        foreach (string paragraph in Trailing)
        {
            text.Append(trailing || Details.Count == 0 ? string.Empty : "\n").Append(paragraph).Append("\n\n");
            trailing = true;
        }

        if (ActionUrl is not null)
        {
            text.Append('\n').Append(ActionLabel).Append(Languages.IsEnglish(Culture) ? ": " : "：").Append(ActionUrl).Append('\n');
        }

        return text.Append("\n-- \n").Append(Footer).Append('\n').ToString();
    }
}
