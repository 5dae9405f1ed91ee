namespace EduFlows.Processes.OpenSelection;

/// <summary>Who is asked for an inspection or objection, by how often it has been asked before without an answer.</summary>
public enum OfficeAsk
{
    /// <summary>The office: the first time and each of the <see cref="OpenSelectionOrchestration.ReAsksBeforeEscalation"/> re-asks.</summary>
    Office,

    /// <summary>The lead, once, after the re-asks (when one was named at the start).</summary>
    Lead,

    /// <summary>Nobody again: the matter waits on the office's page (after the lead's turn, or after the re-asks with no lead).</summary>
    Nobody,
}
