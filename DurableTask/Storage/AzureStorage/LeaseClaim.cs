using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// A process's claim on the lease id it uses for one task hub: a file in a per-user temp folder, locked by the process
/// for as long as it lives. A process that finds the claim of a provably dead holder takes its lease id over, and with
/// it the holder's partition leases at once (a blob lease is granted again to an acquire that proposes the id it is
/// leased with), instead of waiting for them to expire.
/// </summary>
/// <remarks>
/// A holder is dead when the file lock is free (the OS drops it when a process dies, SIGKILL included) and its process
/// id no longer runs, or runs a process with another start time (the id was reused). A claim of this very process, or
/// from another machine, is never taken over. So two live processes never share a lease id, and a worker on another
/// machine still waits for the leases to expire.
/// </remarks>
internal sealed class LeaseClaim : IDisposable
{
    // Far beyond the longest lease (60 s): a dead holder's leases are long gone, and its hub may never run here again.
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);
    private readonly FileStream _file;
    private readonly string _path;

    private LeaseClaim(FileStream file, string path, string leaseId, string? takenOverFrom)
    {
        _file = file;
        _path = path;
        LeaseId = leaseId;
        TakenOverFrom = takenOverFrom;
    }

    /// <summary>The per-user folder claims live in by default.</summary>
    public static string DefaultFolder { get; } = Path.Combine(Path.GetTempPath(), $"eduflows-lease-claims-{Environment.UserName}");

    /// <summary>The lease id this process uses for every partition of the hub.</summary>
    public string LeaseId { get; }

    /// <summary>The worker id of the dead holder whose lease id was taken over; null for a new lease id.</summary>
    public string? TakenOverFrom { get; }

    /// <summary>The claims' key for a hub: its lease container's address (storage account endpoint and hub).</summary>
    public static string KeyFor(Uri leaseContainer)
    {
        ArgumentNullException.ThrowIfNull(leaseContainer);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(leaseContainer.AbsoluteUri.ToUpperInvariant()));
        return Convert.ToHexString(hash, 0, 12);
    }

    /// <summary>
    /// Takes over the lease id of a dead holder's claim under <paramref name="key"/>, or claims a new one.
    /// </summary>
    /// <exception cref="IOException">When the folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">When the folder is not this user's.</exception>
    public static LeaseClaim Take(string folder, string key, string workerId)
    {
        Directory.CreateDirectory(folder);
        PruneStale(folder);
        foreach (string path in Directory.EnumerateFiles(folder, $"{key}.*.claim"))
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Locked by its live holder (or gone meanwhile, or not ours).
                continue;
            }

            string? leaseId = LeaseIdOf(path);
            var previous = Read(file);
            if (leaseId is null || previous is not null && (previous.LeaseId != leaseId || !HolderIsDead(previous)))
            {
                file.Dispose();
                continue;
            }

            // An unreadable claim is one whose creator died before writing it: its lease id was never used.
            Write(file, leaseId, workerId);
            return new LeaseClaim(file, path, leaseId, previous?.WorkerId);
        }

        string newId = Guid.NewGuid().ToString();
        string newPath = Path.Combine(folder, $"{key}.{newId}.claim");
        var created = new FileStream(newPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Write(created, newId, workerId);
        return new LeaseClaim(created, newPath, newId, null);
    }

    /// <summary>The lease ids claimed under <paramref name="key"/>, by live and dead holders alike, in order.</summary>
    public static IReadOnlyList<string> LeaseIds(string folder, string key) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, $"{key}.*.claim").Select(LeaseIdOf).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Writes a claim file as a holder would (tests make dead and foreign holders with it).</summary>
    public static void WriteFile(string folder, string key, LeaseClaimRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{key}.{record.LeaseId}.claim"), JsonSerializer.Serialize(record));
    }

    /// <summary>Gives the claim up: deleted when nothing of it is left in storage, else kept for a successor to take over.</summary>
    public void Release(bool leasesReleased)
    {
        if (leasesReleased)
        {
            try
            {
                File.Delete(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left behind, it is taken over by the next process (an unused lease id is as good as a new one).
            }
        }

        _file.Dispose();
    }

    /// <summary>Unlocks the claim and keeps it: what a process that dies leaves.</summary>
    public void Dispose() => _file.Dispose();

    private static void PruneStale(string folder)
    {
        var cutoff = DateTime.UtcNow - StaleAfter;
        foreach (string path in Directory.EnumerateFiles(folder, "*.claim").Where(p => File.GetLastWriteTimeUtc(p) < cutoff))
        {
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                if (Read(file) is not { } holder || HolderIsDead(holder))
                {
                    File.Delete(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Held by a live process, or gone meanwhile.
            }
        }
    }

    private static string? LeaseIdOf(string path)
    {
        string[] parts = Path.GetFileName(path).Split('.');
        return parts.Length == 3 && Guid.TryParse(parts[1], out _) ? parts[1] : null;
    }

    private static LeaseClaimRecord? Read(FileStream file)
    {
        try
        {
            file.Position = 0;
            return JsonSerializer.Deserialize<LeaseClaimRecord>(file);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(FileStream file, string leaseId, string workerId)
    {
        var record = new LeaseClaimRecord(leaseId, Environment.MachineName, Environment.ProcessId, LocalProcess.CurrentStart, workerId);
        file.SetLength(0);
        JsonSerializer.Serialize(file, record);
        file.Flush(flushToDisk: true);
    }

    private static bool HolderIsDead(LeaseClaimRecord holder) =>
        LocalProcess.IsProvablyDead(holder.Machine, holder.ProcessId, holder.ProcessStart);
}
