namespace EduFlows.Durable;

/// <summary>The orchestrator's code no longer matches its recorded history (it was changed while instances were in flight).</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception with the expected (history) and actual (code) actions.</summary>
    public NonDeterministicOrchestrationException(int taskId, string expected, string actual)
        : base($"Non-deterministic orchestrator: at task #{taskId} the history expects {expected} but the orchestrator code now does {actual}.")
    {
        TaskId = taskId;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The sequence number where replay diverged.</summary>
    public int TaskId { get; }

    /// <summary>What the history recorded.</summary>
    public string Expected { get; }

    /// <summary>What the current code did.</summary>
    public string Actual { get; }
}
