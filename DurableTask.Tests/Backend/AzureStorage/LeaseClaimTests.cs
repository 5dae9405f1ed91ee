using System.Diagnostics;
using EduFlows.DurableTask.Storage.AzureStorage;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>Which lease id claims a starting worker may take over: only those whose holder is provably dead.</summary>
public sealed class LeaseClaimTests : IDisposable
{
    private const string Key = "HUBKEY";
    private readonly string _folder = Directory.CreateTempSubdirectory("eduflows-claims-").FullName;

    [Fact]
    public void Take_AnotherClaimHeldByALiveHolder_ClaimsANewLeaseId()
    {
        using var first = LeaseClaim.Take(_folder, Key, "first");

        using var second = LeaseClaim.Take(_folder, Key, "second");

        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.Null(second.TakenOverFrom);
        Assert.Equal(new[] { first.LeaseId, second.LeaseId }.Order(StringComparer.Ordinal), LeaseClaim.LeaseIds(_folder, Key));
    }

    [Fact]
    public void Take_ClaimOfAProcessThatExited_TakesOverItsLeaseId()
    {
        string leaseId = Guid.NewGuid().ToString();
        LeaseClaim.WriteFile(_folder, Key, new LeaseClaimRecord(leaseId, Environment.MachineName, ExitedProcessId(), DateTimeOffset.UtcNow, "killed"));

        using var claim = LeaseClaim.Take(_folder, Key, "restarted");

        Assert.Equal(leaseId, claim.LeaseId);
        Assert.Equal("killed", claim.TakenOverFrom);
        Assert.Equal([leaseId], LeaseClaim.LeaseIds(_folder, Key));
    }

    [Fact]
    public void Take_ClaimWhoseProcessIdNowRunsAnotherProcess_TakesOverItsLeaseId()
    {
        // This process's id with another start time: the holder died and its id went to this process.
        string leaseId = Guid.NewGuid().ToString();
        LeaseClaim.WriteFile(_folder, Key, new LeaseClaimRecord(leaseId, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow.AddDays(-1), "killed"));

        using var claim = LeaseClaim.Take(_folder, Key, "restarted");

        Assert.Equal(leaseId, claim.LeaseId);
        Assert.Equal("killed", claim.TakenOverFrom);
    }

    [Fact]
    public void Take_UnlockedClaimOfAProcessStillRunning_ClaimsANewLeaseId()
    {
        // Unlocked (file locks off, or a backend of this process disposed after a simulated crash), but its process runs.
        var first = LeaseClaim.Take(_folder, Key, "first");
        first.Dispose();

        using var second = LeaseClaim.Take(_folder, Key, "second");

        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.Null(second.TakenOverFrom);
        Assert.Equal(2, LeaseClaim.LeaseIds(_folder, Key).Count);
    }

    [Fact]
    public void Take_ClaimFromAnotherMachine_ClaimsANewLeaseId()
    {
        string leaseId = Guid.NewGuid().ToString();
        LeaseClaim.WriteFile(_folder, Key, new LeaseClaimRecord(leaseId, "another-machine", ExitedProcessId(), DateTimeOffset.UtcNow, "remote"));

        using var claim = LeaseClaim.Take(_folder, Key, "local");

        Assert.NotEqual(leaseId, claim.LeaseId);
        Assert.Null(claim.TakenOverFrom);
    }

    [Fact]
    public void Take_ClaimOfAnotherHub_ClaimsANewLeaseId()
    {
        string leaseId = Guid.NewGuid().ToString();
        LeaseClaim.WriteFile(_folder, "OTHERHUB", new LeaseClaimRecord(leaseId, Environment.MachineName, ExitedProcessId(), DateTimeOffset.UtcNow, "killed"));

        using var claim = LeaseClaim.Take(_folder, Key, "restarted");

        Assert.NotEqual(leaseId, claim.LeaseId);
        Assert.Null(claim.TakenOverFrom);
    }

    [Fact]
    public void Release_LeasesReleased_DeletesTheClaim()
    {
        var claim = LeaseClaim.Take(_folder, Key, "worker");

        claim.Release(leasesReleased: true);

        Assert.Empty(LeaseClaim.LeaseIds(_folder, Key));
    }

    [Fact]
    public void Release_LeasesLeftInStorage_KeepsTheClaimForASuccessor()
    {
        var claim = LeaseClaim.Take(_folder, Key, "worker");

        claim.Release(leasesReleased: false);

        Assert.Equal([claim.LeaseId], LeaseClaim.LeaseIds(_folder, Key));
    }

    [Fact]
    public void Take_DeadClaimOfAnyHubOlderThanADay_DeletesIt()
    {
        string stale = Guid.NewGuid().ToString();
        string recent = Guid.NewGuid().ToString();
        LeaseClaim.WriteFile(_folder, "OTHERHUB", new LeaseClaimRecord(stale, Environment.MachineName, ExitedProcessId(), DateTimeOffset.UtcNow, "gone"));
        File.SetLastWriteTimeUtc(Path.Combine(_folder, $"OTHERHUB.{stale}.claim"), DateTime.UtcNow.AddDays(-2));
        LeaseClaim.WriteFile(_folder, "OTHERHUB", new LeaseClaimRecord(recent, Environment.MachineName, ExitedProcessId(), DateTimeOffset.UtcNow, "gone"));

        using var claim = LeaseClaim.Take(_folder, Key, "worker");

        Assert.Equal([recent], LeaseClaim.LeaseIds(_folder, "OTHERHUB"));
    }

    [Fact]
    public void KeyFor_SameHubAddressInAnotherCase_SameKey()
    {
        string key = LeaseClaim.KeyFor(new Uri("http://127.0.0.1:10000/devstoreaccount1/eduflows-leases"));

        Assert.Equal(key, LeaseClaim.KeyFor(new Uri("HTTP://127.0.0.1:10000/DEVSTOREACCOUNT1/EDUFLOWS-LEASES")));
        Assert.NotEqual(key, LeaseClaim.KeyFor(new Uri("http://127.0.0.1:10001/devstoreaccount1/eduflows-leases")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
