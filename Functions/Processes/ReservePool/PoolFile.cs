using EduFlows.Processes.ShadowTraining;

namespace EduFlows.Processes.ReservePool;

/// <summary>A person's reserve-pool file: their pool rows and every entry, with the training hours counted.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Memberships">Their rows in the pools (current and past).</param>
/// <param name="Entries">Every entry, oldest first.</param>
/// <param name="TrainingHours">Hours credited by courses and lectures (the sum of the training entries).</param>
/// <param name="Certificates">Shadow-training certificate numbers.</param>
public sealed record PoolFile(
    string StaffId, string Name, IReadOnlyList<PoolMember> Memberships, IReadOnlyList<ReservePoolEntry> Entries, decimal TrainingHours, IReadOnlyList<string> Certificates);
