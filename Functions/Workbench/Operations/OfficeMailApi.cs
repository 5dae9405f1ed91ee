using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// <c>/api/office/mail</c> (master key): the outbox by status and recipient, failures with their reasons; and
/// <c>/api/office/mail/{id}/resend</c>, which writes a copy of a sent or failed message to the outbox and sends it
/// (GET asks, POST does it).
/// </summary>
public sealed class OfficeMailApi(IConfiguration configuration, MailOutbox outbox, MailSender sender, BureauClock clock, TimeProvider time, OfficeActLog acts)
{
    /// <summary>How many messages a page lists.</summary>
    public const int PageSize = 50;

    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>Sends a message written to the outbox now; a message SendGrid should get later is left to the sweeper.</summary>
    public static async Task<MailStatus> TrySendAsync(MailSender sender, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        try
        {
            return (await sender.SendAsync(messageId, cancellationToken).ConfigureAwait(false)).Status;
        }
        catch (MailNotSentYetException)
        {
            return MailStatus.Pending;
        }
    }

    /// <summary>The outbox page.</summary>
    [Function("OfficeMail")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/mail")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string? statusText = Query(request, "status");
        string? to = Query(request, "to");
        string? page = Query(request, "page");
        MailStatus? status = null;
        if (statusText is not null)
        {
            if (!Enum.TryParse<MailStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(statusText[0]))
            {
                return Render(links, new OfficeMailView(null, to, [], null, null, "status", links.Say("“状态”只能从列表中选择。", "Choose the status from the list.")), StatusCodes.Status400BadRequest);
            }

            status = parsed;
        }

        IReadOnlyList<OutboxMessage> items;
        string? next;
        try
        {
            (items, next) = await outbox.ListAsync(status, to, PageSize, page, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            // A continuation token that was edited by hand: the table refuses it.
            return Render(links, new OfficeMailView(status, to, [], null, null, "page", links.Say("翻页参数无效，请从第一页重新查看。", "The page link is not valid; start again from the first page.")), StatusCodes.Status400BadRequest);
        }

        var rows = items.OrderByDescending(m => m.CreatedAt).Select(m => new OfficeMailRow(
            m.Id,
            m.ToName,
            m.To,
            m.Subject,
            m.Status,
            StatusNames.Of(m.Status, links),
            clock.Format(m.CreatedAt),
            m.SentAt is { } sent ? clock.Format(sent) : string.Empty,
            m.Attempts,
            StatusNames.Reason(m.LastError, links),
            m.LastError,
            m.Status is MailStatus.Sent or MailStatus.Failed)).ToList();
        return Render(links, new OfficeMailView(status, to, rows, page, next, null, null), StatusCodes.Status200OK);
    }

    /// <summary>Resending a message: GET shows what will be sent to whom, POST writes a copy to the outbox and sends it.</summary>
    [Function("OfficeMailResend")]
    public async Task<IResult> ResendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/mail/{id}/resend")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string path = $"office/mail/{Uri.EscapeDataString(id)}/resend";
        var action = new ConfirmAction
        {
            Heading = links.Say("重发邮件", "Resend a mail"),
            WillHappen = links.Say(
                "将把这封邮件的副本（内容与收件人不变）写入发件箱并立即发送；原邮件的记录保留不变。",
                "A copy of this mail (same content and recipient) is written to the outbox and sent at once; the original's record stays as it is."),
            PostTo = links.To(path),
            Button = links.Say("确认重发", "Resend"),
            Back = links.To("office/mail"),
        };
        var message = (await outbox.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Record;
        if (message is null)
        {
            return Page(links, path, action with { Possible = false, ErrorField = "id", Error = links.Say($"发件箱中没有编号为 {id} 的邮件。", $"There is no mail {id} in the outbox.") }, StatusCodes.Status404NotFound);
        }

        action = action with
        {
            Facts =
            [
                (links.Say("收件人", "To"), message.ToName, false),
                (links.Say("邮箱", "Address"), message.To, true),
                (links.Say("主题", "Subject"), message.Subject, false),
                (links.Say("状态", "Status"), StatusNames.Of(message.Status, links), false),
                (links.Say("原因", "Reason"), StatusNames.Reason(message.LastError, links), false),
                (links.Say("邮件编号", "Mail id"), message.Id, true),
            ],
        };
        if (message.Status is MailStatus.Pending or MailStatus.Sending)
        {
            var refused = action with
            {
                Possible = false,
                ErrorField = "id",
                Error = links.Say("这封邮件尚在发送队列中，会自动发送或重试，无需重发。", "This mail is still queued; it is sent or retried on its own."),
            };
            return Page(links, path, refused, HttpMethods.IsPost(request.Method) ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Page(links, path, action, StatusCodes.Status200OK);
        }

        var now = time.GetUtcNow();
        var copy = await outbox.WriteCopyAsync(message, $"{message.Id}.resend-{now:yyyyMMddHHmmssfff}", now, cancellationToken).ConfigureAwait(false);
        var status = await TrySendAsync(sender, copy.Id, cancellationToken).ConfigureAwait(false);
        string done = links.Say($"已写入发件箱（{StatusNames.Of(status, links)}）：发给 {message.ToName}。", $"Written to the outbox ({StatusNames.Of(status, links)}): to {message.ToName}.");

        // Done: recorded under whoever the office guard let in.
        await acts.RecordAsync(request.HttpContext, action.Heading, $"mail/{id}/resend", [], done, cancellationToken).ConfigureAwait(false);
        return Page(
            links,
            path,
            action with
            {
                Done = done,
                Facts = [.. action.Facts, (links.Say("新邮件编号", "New mail id"), copy.Id, true)],
                Next = (links.Say("查看发给此人的邮件", "Mail to this address"), links.To("office/mail", ("to", message.To))),
            },
            StatusCodes.Status200OK);
    }

    private RenderedPage<OfficeMailPage> Render(OfficeLinks links, OfficeMailView view, int status) =>
        new(new Dictionary<string, object?> { [nameof(OfficeMailPage.Links)] = links, [nameof(OfficeMailPage.View)] = view, [nameof(OfficeMailPage.Zone)] = clock.ZoneName(links.Culture) }, status, OfficeRefusal.Of(view.ErrorField, view.Error));

    private static RenderedPage<ConfirmPage> Page(OfficeLinks links, string path, ConfirmAction action, int status) =>
        new(new Dictionary<string, object?> { [nameof(ConfirmPage.Links)] = links, [nameof(ConfirmPage.Path)] = path, [nameof(ConfirmPage.Action)] = action }, status, OfficeRefusal.Of(action.ErrorField, action.Error));

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].ToString().Trim() is { Length: > 0 } value ? value : null;
}
