namespace EduFlows.Notifications;

/// <summary>
/// Sends what nobody is sending: messages written but left pending (a sender crashed between writing and sending, or
/// a sign-in mail whose request died) and messages whose sender's claim ran out. The claim in <see cref="MailSender"/>
/// keeps it from sending a message that an activity is sending at the same moment.
/// </summary>
public sealed partial class OutboxSweeper(MailOutbox outbox, MailSender sender, TimeProvider time, ILogger<OutboxSweeper> log) : BackgroundService
{
    /// <summary>How long a pending message is left to its own sender before the sweeper takes it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    /// <summary>Sends every stranded message once; returns how many were sent now.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        int sent = 0;
        foreach (var message in await outbox.StrandedAsync(now - Grace, now, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if ((await sender.SendAsync(message.Id, cancellationToken).ConfigureAwait(false)).Status == MailStatus.Sent)
                {
                    sent++;
                }
            }
            catch (MailNotSentYetException ex)
            {
                LogNotYet(log, message.Id, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One message that cannot be handled must not hold back the others.
                LogMessageFailed(log, message.Id, ex);
            }
        }

        return sent;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage hiccups must not stop the sweeper; the next tick tries again.
                LogSweepFailed(log, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} not sent yet: {Reason}")]
    private static partial void LogNotYet(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} could not be sent by the sweeper")]
    private static partial void LogMessageFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
