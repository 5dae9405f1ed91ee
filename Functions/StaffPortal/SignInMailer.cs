using System.Threading.Channels;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.StaffPortal;

/// <summary>
/// Sends sign-in links in the background: looks the address up, issues a link, writes the mail to the outbox and
/// sends it. Requests wait in a bounded queue; a mail that fails now is left to the outbox sweeper.
/// </summary>
public sealed partial class SignInMailer(
    DirectoryStore directory, SignInLinks links, StaffNotices notices, MailSender sender, TaskLinks taskLinks,
    MailSettings mail, ILogger<SignInMailer> log) : BackgroundService
{
    // The throttle already bounds requests per client; this bounds what a burst can queue.
    private readonly Channel<(string Email, string? ReturnTo)> _requests = Channel.CreateBounded<(string Email, string? ReturnTo)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues a sign-in request for an address (already checked for shape and throttled), with the checked page to go back to.</summary>
    public void Enqueue(string email, string? returnTo = null) => _requests.Writer.TryWrite((email, returnTo));

    /// <summary>
    /// Sends the link for one address if it is exactly one staff member's; returns the outbox id, or null. The link carries
    /// <paramref name="returnTo"/> (already checked by the request, and again when the link is opened and used).
    /// </summary>
    public async Task<string?> SendLinkAsync(string email, string? returnTo, CancellationToken cancellationToken)
    {
        var (matches, _) = await directory.Staff.ListAsync(new Dictionary<string, object> { ["email"] = email.Trim().ToLowerInvariant() }, 2, null, cancellationToken).ConfigureAwait(false);
        if (matches.Count != 1)
        {
            return null;
        }

        var staff = matches[0];
        string secret = await links.IssueAsync(staff.Id, cancellationToken).ConfigureAwait(false);
        var content = Content(staff, taskLinks.To("me/sign-in/" + secret + SignInApi.ReturnQuery(returnTo)), mail.DefaultCulture);
        var message = await notices.WriteToAsync("sign-in." + Guid.NewGuid().ToString("N"), "sign-in", staff, content, null, cancellationToken).ConfigureAwait(false);
        try
        {
            await sender.SendAsync(message.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (MailNotSentYetException ex)
        {
            LogSendLater(log, message.Id, ex.Message);
        }

        return message.Id;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (email, returnTo) in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SendLinkAsync(email, returnTo, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(log, ex);
            }
        }
    }

    internal static MailContent Content(StaffMember staff, Uri link, string culture)
    {
        bool en = Languages.IsEnglish(culture);
        return new MailContent(
            culture,
            en ? "Your EduFlows sign-in link" : "EduFlows 登录链接",
            TaskMails.Greeting(staff.Name, en),
            [en ? "Use the link below to sign in and see your tasks and records. It works once, for 15 minutes. If you did not ask for it, ignore this mail." : "请点击下方链接登录，查看您的任务和办理记录。链接 15 分钟内有效，仅可使用一次。如非本人操作，请忽略本邮件。"],
            [],
            en ? "Sign in" : "登录",
            link,
            TaskMails.Footer(en));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in mail {MessageId} not sent now ({Reason}); the outbox sweeper will retry")]
    private static partial void LogSendLater(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A sign-in request could not be handled")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
