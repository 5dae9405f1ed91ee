namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Where a membership application stands.</summary>
public enum ApplicationStatus
{
    /// <summary>With the association's office.</summary>
    Pending,

    /// <summary>Approved: the applicant is a member.</summary>
    Approved,

    /// <summary>Declined by the office, with its note.</summary>
    Declined,

    /// <summary>The office did not decide in time; the applicant may apply again.</summary>
    Expired,
}
