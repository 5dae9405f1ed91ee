using System.Net;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace EduFlows.Notifications;

/// <summary>
/// Sends one outbox message through SendGrid, at most once once SendGrid has accepted it: a sender first claims the
/// message (ETag-guarded), so two senders never talk to SendGrid about it at the same time, and a message marked
/// sent is never sent again. 429 and 5xx leave it pending and throw <see cref="MailNotSentYetException"/> for the
/// caller's retry policy; any other 4xx marks it failed for good.
/// </summary>
public sealed partial class MailSender(MailOutbox outbox, ISendGridClient sendGrid, MailSettings settings, TimeProvider time, ILogger<MailSender> log)
{
    /// <summary>How long a claim lasts: longer than any SendGrid call, short enough that a crashed sender's message is soon picked up again.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many messages of a batch are sent at a time: each is a table read, a claim, a SendGrid call and a write, mostly
    /// waiting; a few at once keep SendGrid and the table busy without queueing at either.
    /// </summary>
    public const int BatchConcurrency = 8;

    /// <summary>
    /// Sends the message unless it was already sent or failed; returns what became of it. A claim left by a process of
    /// this machine that has died (kill -9 while talking to SendGrid) is taken at once, not after it runs out.
    /// </summary>
    /// <exception cref="MailNotSentYetException">SendGrid answered 429 or 5xx, could not be reached, or another sender holds the message.</exception>
    public async Task<MailDelivery> SendAsync(string messageId, CancellationToken cancellationToken)
    {
        var read = await outbox.GetAsync(messageId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Outbox message '{messageId}' does not exist.");
        var message = read.Record;
        DateTimeOffset now = time.GetUtcNow();
        switch (message.Status)
        {
            case MailStatus.Sent or MailStatus.Failed:
                return Outcome(message);
            case MailStatus.Sending when message.ClaimedUntil > now && !MailClaimant.IsProvablyDead(message.ClaimedBy):
                throw new MailNotSentYetException($"Message '{messageId}' is being sent by another worker.");
        }

        // Still "sending": its sender died or its claim ran out, maybe after SendGrid had accepted it (kill -9 between the
        // answer and the record). SendGrid has no idempotency key, so ask its Email Activity search for the outbox id
        // first; only a mail it does not know is sent again.
        if (message.Status == MailStatus.Sending && await AcceptedEarlierAsync(messageId, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            var sentBefore = message with { Status = MailStatus.Sent, ClaimedUntil = null, ClaimedBy = null, SendGridMessageId = earlier, SentAt = now, LastError = null };
            _ = await outbox.TryReplaceAsync(sentBefore, read.ETag, cancellationToken).ConfigureAwait(false)
                ?? throw new MailNotSentYetException($"Message '{messageId}' was claimed by another worker.");
            LogFoundSent(log, messageId, earlier);
            return Outcome(sentBefore);
        }

        var claimed = message with { Status = MailStatus.Sending, ClaimedUntil = now + ClaimDuration, ClaimedBy = MailClaimant.Current, Attempts = message.Attempts + 1 };
        // Every later change is guarded by the version of our claim.
        var claim = await outbox.TryReplaceAsync(claimed, read.ETag, cancellationToken).ConfigureAwait(false)
            ?? throw new MailNotSentYetException($"Message '{messageId}' was claimed by another worker.");
        Response response;
        try
        {
            response = await sendGrid.SendEmailAsync(Compose(claimed), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await RecordAsync(claim, claimed with { Status = MailStatus.Pending, ClaimedUntil = null, ClaimedBy = null, NotBefore = Backoff(claimed), LastError = "SendGrid unreachable: " + ex.Message }, cancellationToken).ConfigureAwait(false);
            throw new MailNotSentYetException($"SendGrid could not be reached for message '{messageId}'.", ex);
        }

        int status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            string? id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            var sent = claimed with { Status = MailStatus.Sent, ClaimedUntil = null, ClaimedBy = null, SendGridMessageId = id, SentAt = time.GetUtcNow(), LastError = null };
            await RecordAsync(claim, sent, cancellationToken).ConfigureAwait(false);
            LogSent(log, messageId, claimed.To, id);
            return Outcome(sent);
        }

        string body = await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string error = $"SendGrid answered {status}: {ShortText.Of(body, 500)}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            await RecordAsync(claim, claimed with { Status = MailStatus.Pending, ClaimedUntil = null, ClaimedBy = null, NotBefore = Backoff(claimed), LastError = error }, cancellationToken).ConfigureAwait(false);
            LogRetry(log, messageId, status);
            throw new MailNotSentYetException($"Message '{messageId}': {error}");
        }

        var failed = claimed with { Status = MailStatus.Failed, ClaimedUntil = null, ClaimedBy = null, LastError = error };
        await RecordAsync(claim, failed, cancellationToken).ConfigureAwait(false);
        LogFailed(log, messageId, claimed.To, error);
        return Outcome(failed);
    }

    /// <summary>
    /// Sends a batch of messages, <see cref="BatchConcurrency"/> at a time, each exactly as <see cref="SendAsync"/> does:
    /// one already sent or failed is only read, so sending the same batch again re-sends only those still pending.
    /// </summary>
    /// <param name="messageIds">The outbox ids.</param>
    /// <param name="throwWhilePending">
    /// True while the caller retries: once every message has had its go, any still pending (429, 5xx, unreachable,
    /// held by another sender, a storage hiccup) makes the call throw, so the retry sends those again. False for the
    /// caller's last go: those are returned among <see cref="MailBatchOutcome.NotSent"/> with their reason instead.
    /// </param>
    /// <param name="cancellationToken">Stops the batch.</param>
    /// <exception cref="MailNotSentYetException">Some messages are still pending and <paramref name="throwWhilePending"/> is true.</exception>
    public async Task<MailBatchOutcome> SendAllAsync(IReadOnlyList<string> messageIds, bool throwWhilePending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var outcomes = new MailDelivery[messageIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, messageIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await TrySendAsync(messageIds[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        var pending = outcomes.Where(o => o.Status is MailStatus.Pending or MailStatus.Sending).ToList();
        if (throwWhilePending && pending.Count > 0)
        {
            throw new MailNotSentYetException($"{pending.Count} of {messageIds.Count} messages are not sent yet, e.g. {pending[0].MessageId}: {pending[0].Error}");
        }

        // The reasons are cut short: the outcome goes into the orchestration's history, and the outbox keeps each in full.
        return new MailBatchOutcome(
            outcomes.Count(o => o.Status == MailStatus.Sent),
            [.. outcomes.Where(o => o.Status != MailStatus.Sent).Select(o => o with { Error = o.Error is { Length: > 200 } e ? e[..200] + "…" : o.Error })]);
    }

    // One message of a batch: what became of it, a message to try again being Pending with the reason (never thrown).
    private async Task<MailDelivery> TrySendAsync(string messageId, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (MailNotSentYetException ex)
        {
            return new MailDelivery(messageId, MailStatus.Pending, null, ex.Message);
        }
        catch (Azure.RequestFailedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The outbox table was busy: the message is as it was (pending, or claimed until the claim runs out), so it is tried again.
            return new MailDelivery(messageId, MailStatus.Pending, null, "outbox: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Not in the outbox: no retry mends that, and the rest of the batch goes on.
            return new MailDelivery(messageId, MailStatus.Failed, null, ex.Message);
        }
    }

    /// <summary>
    /// The SendGrid message id of a mail SendGrid's Email Activity lists with this outbox id (its <c>outboxId</c>
    /// custom argument), or null: none listed, or the search is not available (an account without Email Activity,
    /// a SendGrid-compatible host without the route), in which case the mail is sent again (at least once).
    /// </summary>
    private async Task<string?> AcceptedEarlierAsync(string messageId, CancellationToken cancellationToken)
    {
        try
        {
            string query = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["query"] = $"unique_args['outboxId']=\"{messageId}\"", ["limit"] = "1" });
            var response = await sendGrid.RequestAsync(BaseClient.Method.GET, queryParams: query, urlPath: "messages", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var found = System.Text.Json.Nodes.JsonNode.Parse(await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return found?["messages"]?.AsArray().FirstOrDefault()?["msg_id"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    // 30 s, 1, 2, 4... minutes up to 30, so the sweeper does not hammer SendGrid while it is limiting or down.
    private DateTimeOffset Backoff(OutboxMessage message) =>
        time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, message.Attempts - 1)), 30 * 60));

    private static MailDelivery Outcome(OutboxMessage message) => new(message.Id, message.Status, message.SendGridMessageId, message.LastError);

    private SendGridMessage Compose(OutboxMessage message)
    {
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(settings.FromEmail, settings.FromName), new EmailAddress(message.To, message.ToName), message.Subject, message.Text, message.Html);
        mail.AddCustomArg("outboxId", message.Id);
        if (settings.Sandbox)
        {
            mail.SetSandBoxMode(true);
        }

        return mail;
    }

    private async Task RecordAsync(Azure.ETag claim, OutboxMessage outcome, CancellationToken cancellationToken)
    {
        // Record even when the caller gave up: SendGrid has answered, and forgetting a 202 would send the message twice.
        if (await outbox.TryReplaceAsync(outcome, claim, CancellationToken.None).ConfigureAwait(false) is null)
        {
            LogLostClaim(log, outcome.Id);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} to {To} accepted by SendGrid as {SendGridId}")]
    private static partial void LogSent(ILogger logger, string messageId, string to, string? sendGridId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId}: SendGrid answered {Status}; it will be retried")]
    private static partial void LogRetry(ILogger logger, string messageId, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MessageId} to {To} failed for good: {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, string to, string error);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Mail {MessageId} was left sending by a dead sender, and SendGrid had accepted it ({SendGridMessageId}): recorded as sent, not sent again.")]
    private static partial void LogFoundSent(ILogger logger, string messageId, string sendGridMessageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MessageId}: the claim was lost before the outcome could be recorded")]
    private static partial void LogLostClaim(ILogger logger, string messageId);
}
