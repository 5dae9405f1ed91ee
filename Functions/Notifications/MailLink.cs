namespace EduFlows.Notifications;

/// <summary>A link inside a mail's details: a short label in the HTML, the address in the plain text.</summary>
/// <param name="Label">What the link says, e.g. "办理此项".</param>
/// <param name="Url">Where it goes.</param>
public sealed record MailLink(string Label, Uri Url);
