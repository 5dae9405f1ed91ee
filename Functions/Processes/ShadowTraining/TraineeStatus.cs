namespace EduFlows.Processes.ShadowTraining;

/// <summary>How a trainee's place in a batch ended.</summary>
public enum TraineeStatus
{
    /// <summary>Deferred to a later batch.</summary>
    Deferred,

    /// <summary>Completed the week: certificate and reserve-pool record.</summary>
    Completed,

    /// <summary>Did not complete: offered a make-up place.</summary>
    NotCompleted,

    /// <summary>The week broke off with an error (its sub-orchestration failed or was terminated); the bureau follows up and a make-up place is offered.</summary>
    Failed,
}
