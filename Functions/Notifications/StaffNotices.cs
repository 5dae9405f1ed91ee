using EduFlows.StaffDirectory;

namespace EduFlows.Notifications;

/// <summary>
/// Writes mail for staff to the outbox under a fixed id, so an activity that runs twice writes it once; it is sent
/// from there (an orchestration sends it with the <see cref="Tasks.StaffTaskActivities.SendMail"/> activity, the
/// sweeper sends what is left behind). Task mail, sign-in links, results and summaries all go through here.
/// </summary>
public sealed class StaffNotices(DirectoryStore directory, MailOutbox outbox, HtmlRendering html, TimeProvider time)
{
    /// <summary>Writes a mail for a staff member looked up by id; null when they are not in the directory or have no address.</summary>
    /// <param name="messageId">A fixed id, e.g. "researcher-review-2026H2-junior.result.stf-00001".</param>
    /// <param name="template">The mail's purpose, e.g. "researcher-review-result".</param>
    /// <param name="staffId">The recipient.</param>
    /// <param name="content">The content, given the recipient.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task<string?> WriteAsync(string messageId, string template, string staffId, Func<StaffMember, MailContent> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is { Email: { Length: > 0 } } to
            ? (await WriteToAsync(messageId, template, to, content(to), null, cancellationToken).ConfigureAwait(false)).Id
            : null;
    }

    /// <summary>Writes one mail to each staff member (none to someone not in the directory or without an address); returns their ids, the same ones when written again.</summary>
    /// <param name="staffIds">The recipients, each once.</param>
    /// <param name="idOf">Each recipient's fixed outbox id.</param>
    /// <param name="template">The mails' purpose.</param>
    /// <param name="content">The content, given the recipient.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task<IReadOnlyList<string>> WriteEachAsync(IEnumerable<string> staffIds, Func<string, string> idOf, string template, Func<StaffMember, MailContent> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staffIds);
        ArgumentNullException.ThrowIfNull(idOf);
        var ids = new List<string>();
        foreach (string staffId in staffIds.Distinct(StringComparer.Ordinal))
        {
            if (await WriteAsync(idOf(staffId), template, staffId, content, cancellationToken).ConfigureAwait(false) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Writes a mail for a staff member who has an address; returns the outbox message (the one already there when the id is taken).</summary>
    /// <param name="messageId">A fixed id.</param>
    /// <param name="template">The mail's purpose.</param>
    /// <param name="to">The recipient.</param>
    /// <param name="content">The content.</param>
    /// <param name="taskId">The task the mail is about, if any.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public Task<OutboxMessage> WriteToAsync(string messageId, string template, StaffMember to, MailContent content, string? taskId, CancellationToken cancellationToken) =>
        WriteToAsync(messageId, template, to, content, taskId, null, cancellationToken);

    /// <summary>Writes a mail about several tasks (a digest) for a staff member who has an address; returns the outbox message (the one already there when the id is taken).</summary>
    /// <param name="messageId">A fixed id.</param>
    /// <param name="template">The mail's purpose.</param>
    /// <param name="to">The recipient.</param>
    /// <param name="content">The content.</param>
    /// <param name="taskId">The task whose work wrote it.</param>
    /// <param name="taskIds">Every task it is about (<see cref="OutboxMessage.TaskIds"/>).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task<OutboxMessage> WriteToAsync(string messageId, string template, StaffMember to, MailContent content, string? taskId, IReadOnlyList<string>? taskIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        return await outbox.WriteAsync(
            new OutboxMessage
            {
                Id = messageId,
                To = to.Email ?? throw new ArgumentException($"{to.Id} has no e-mail address.", nameof(to)),
                ToName = to.Name,
                Template = template,
                Culture = content.Culture,
                Subject = content.Subject,
                Html = await html.RenderMailAsync(content).ConfigureAwait(false),
                Text = content.ToText(),
                CreatedAt = time.GetUtcNow(),
                TaskId = taskId,
                TaskIds = taskIds,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
