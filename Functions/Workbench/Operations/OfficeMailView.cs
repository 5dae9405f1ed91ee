using EduFlows.Notifications;

namespace EduFlows.Workbench.Operations;

/// <summary>What the mail page shows: the filters, one page of messages, and an error about a filter.</summary>
/// <param name="Status">The status asked for, or all.</param>
/// <param name="To">The address asked for, or all.</param>
/// <param name="Rows">The page's messages, latest first.</param>
/// <param name="Page">This page's continuation token (null on the first).</param>
/// <param name="Next">The next page's token, null on the last.</param>
/// <param name="ErrorField">The wrong filter's name.</param>
/// <param name="Error">What is wrong with it.</param>
public sealed record OfficeMailView(MailStatus? Status, string? To, IReadOnlyList<OfficeMailRow> Rows, string? Page, string? Next, string? ErrorField, string? Error);
