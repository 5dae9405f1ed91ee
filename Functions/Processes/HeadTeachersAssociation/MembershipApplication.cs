namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An application to join the association (入会申请), table <c>{hub}HtaApplications</c>.</summary>
public sealed record MembershipApplication
{
    /// <summary>"{staffId}-{n}": the applicant's n-th application.</summary>
    public required string Id { get; init; }

    /// <summary>The applicant.</summary>
    public required string StaffId { get; init; }

    /// <summary>The applicant's name, as the directory had it.</summary>
    public required string Name { get; init; }

    /// <summary>The applicant's school, as the directory had it.</summary>
    public required string SchoolName { get; init; }

    /// <summary>Why they apply (years as a head teacher, classes, interests).</summary>
    public required string Statement { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Where it stands.</summary>
    public ApplicationStatus Status { get; init; } = ApplicationStatus.Pending;

    /// <summary>Who decided (the office's staff id).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The office's note to the applicant.</summary>
    public string? Note { get; init; }

    /// <summary>The approval's orchestration instance.</summary>
    public string InstanceId => "hta-membership-" + Id;
}
