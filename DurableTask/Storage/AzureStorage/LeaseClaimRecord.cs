namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>What a lease claim file says: which process on which machine used the lease id, and as which worker.</summary>
/// <param name="LeaseId">The lease id the process proposes for every partition it leases.</param>
/// <param name="Machine">The machine the process runs on; a claim from another machine is never judged dead.</param>
/// <param name="ProcessId">The holder's process id.</param>
/// <param name="ProcessStart">When the holder started (UTC): a reused process id has another start time.</param>
/// <param name="WorkerId">The holder's worker id in the hub's worker list.</param>
internal sealed record LeaseClaimRecord(string LeaseId, string Machine, int ProcessId, DateTimeOffset ProcessStart, string WorkerId);
