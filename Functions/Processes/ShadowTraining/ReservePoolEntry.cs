namespace EduFlows.Processes.ShadowTraining;

/// <summary>One entry in a person's reserve-pool file (table <c>{hub}ReservePoolFile</c>): training or other milestones on record.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Kind">What kind of entry, e.g. "shadow-training".</param>
/// <param name="Reference">What it refers to, e.g. the batch id.</param>
/// <param name="Date">When it happened (local date).</param>
/// <param name="Text">The entry in words.</param>
/// <param name="CertificateNo">A certificate, if one was issued.</param>
public sealed record ReservePoolEntry(string StaffId, string Kind, string Reference, DateOnly Date, string Text, string? CertificateNo)
{
    /// <summary>The entry's id.</summary>
    public string Id => $"{StaffId}.{Kind}.{Reference}";

    /// <summary>The entry in English for a member who reads in English, when the process that wrote it gave one (names and notes as written).</summary>
    public string? TextEn { get; init; }
}
