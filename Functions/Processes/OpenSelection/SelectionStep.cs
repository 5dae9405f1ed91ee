namespace EduFlows.Processes.OpenSelection;

/// <summary>The steps of a selection that are answered by e-mailed tasks.</summary>
public enum SelectionStep
{
    /// <summary>The office's eligibility review, one task per applicant.</summary>
    Eligibility,

    /// <summary>The judges' score sheets on the interview day, one task per judge.</summary>
    Interview,

    /// <summary>The inspection (考察), one task per proposed candidate.</summary>
    Inspection,

    /// <summary>The office's answers to objections, one task per objection.</summary>
    Objection,
}
