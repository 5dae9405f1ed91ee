namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Where a case contest stands.</summary>
public enum ContestStatus
{
    /// <summary>Cases are being submitted.</summary>
    Submitting,

    /// <summary>The panel is scoring the cases, blind.</summary>
    Reviewing,

    /// <summary>Scored, ranked and awarded.</summary>
    Awarded,
}
