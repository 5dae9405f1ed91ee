using EduFlows.StaffDirectory;

namespace EduFlows.Notifications;

/// <summary>
/// Mail to staff that is not a task (results, summaries, decisions): written to the outbox under a fixed id, so an
/// activity that runs twice writes it once; an orchestration then sends it with <c>Tasks.SendMail</c>.
/// </summary>
public sealed class StaffNotices(DirectoryStore directory, MailOutbox outbox, HtmlRendering html, MailSettings mail, TimeProvider time)
{
    /// <summary>The culture mail is written in unless a process says otherwise.</summary>
    public string DefaultCulture => mail.DefaultCulture;

    /// <summary>Writes a mail for a staff member to the outbox; null when they are not in the directory or have no address.</summary>
    /// <param name="messageId">A fixed id, e.g. "researcher-review-2026H2-junior.result.stf-00001".</param>
    /// <param name="template">The mail's purpose, e.g. "researcher-review-result".</param>
    /// <param name="staffId">The recipient.</param>
    /// <param name="content">The content, given the recipient.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task<string?> WriteAsync(string messageId, string template, string staffId, Func<StaffMember, MailContent> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false) is not { Email: { Length: > 0 } } to)
        {
            return null;
        }

        var body = content(to);
        var written = await outbox.WriteAsync(
            new OutboxMessage
            {
                Id = messageId,
                To = to.Email,
                ToName = to.Name,
                Template = template,
                Culture = body.Culture,
                Subject = body.Subject,
                Html = await html.RenderMailAsync(body).ConfigureAwait(false),
                Text = body.ToText(),
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
        return written.Id;
    }
}
