namespace EduFlows.Processes.ShadowTraining;

/// <summary>Where a batch stands.</summary>
public enum BatchStatus
{
    /// <summary>Defined; placements can be previewed and adjusted.</summary>
    Draft,

    /// <summary>Confirmed: the orchestration runs the week.</summary>
    Confirmed,

    /// <summary>Every trainee's week is decided.</summary>
    Finished,
}
