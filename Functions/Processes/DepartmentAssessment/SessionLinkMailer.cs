using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.DurableTask.Client;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// Re-mails a principal their own scoring-task link during the session, from the address they type in after scanning
/// the QR code. Throttled per address only (three an address in 15 minutes): a whole hall shares one Wi-Fi address.
/// The work happens in the background, so neither the answer nor its timing tells whether an address is known. A
/// request brings the [DurableClient] of the function that took it: in Azure the client is a binding, not a service.
/// </summary>
public sealed partial class SessionLinkMailer(AssessmentStore store, DirectoryStore directory, TaskDesk desk, MailSender sender, TimeProvider time, ILogger<SessionLinkMailer> log)
    : BackgroundService
{
    /// <summary>Re-mails per address in <see cref="Window"/>.</summary>
    public const int PerAddress = 3;

    /// <summary>The throttle's window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly Channel<(int Year, string Email, DurableTaskClient Client)> _requests = Channel.CreateBounded<(int, string, DurableTaskClient)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
    {
        PermitLimit = PerAddress,
        Window = Window,
        QueueLimit = 0,
    }));

    /// <summary>Queues a request (the address already checked for shape); a throttled one is dropped silently.</summary>
    /// <param name="year">The session's year.</param>
    /// <param name="email">The address typed in.</param>
    /// <param name="client">The requesting function's [DurableClient], which the background work uses.</param>
    public void Request(int year, string email, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(client);
        string address = email.Trim().ToLowerInvariant();
        using var lease = _perAddress.AttemptAcquire($"{year}:{address}");
        if (lease.IsAcquired)
        {
            _requests.Writer.TryWrite((year, address, client));
        }
    }

    /// <summary>Re-mails the principal's open scoring task of the year's open session; returns the outbox id, or null when there is nothing to send.</summary>
    public async Task<string?> ResendAsync(int year, string email, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = (await store.Sessions.GetAsync(year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false))?.Record;
        var now = time.GetUtcNow();
        if (session is null || now >= session.ClosesAt)
        {
            return null;
        }

        var (matches, _) = await directory.Staff.ListAsync(new Dictionary<string, object> { ["email"] = email.Trim().ToLowerInvariant() }, 2, null, cancellationToken).ConfigureAwait(false);
        if (matches.Count != 1 || !session.PrincipalTasks.TryGetValue(matches[0].Id, out var taskId)
            || await desk.GetCurrentAsync(client, taskId, cancellationToken).ConfigureAwait(false) is not { Status: StaffTaskStatus.Open })
        {
            return null;
        }

        // A fresh outbox id per second of the session: the throttle keeps these few.
        int number = 100 + (int)Math.Max(0, (now - session.OpensAt).TotalSeconds);
        if (await desk.WriteReminderAsync(taskId, number, cancellationToken).ConfigureAwait(false) is not { } mailId)
        {
            return null;
        }

        try
        {
            await sender.SendAsync(mailId, cancellationToken).ConfigureAwait(false);
        }
        catch (MailNotSentYetException ex)
        {
            LogSendLater(log, mailId, ex.Message);
        }

        return mailId;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _perAddress.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (year, email, client) in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ResendAsync(year, email, client, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(log, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session link mail {MessageId} not sent now ({Reason}); the outbox sweeper will retry")]
    private static partial void LogSendLater(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A session link request could not be handled")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
