namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>What became of a ballot offered to the voter roll (<see cref="AssociationStore.CastAsync"/>).</summary>
public enum CastOutcome
{
    /// <summary>Ticked with the ballot sealed in the tick: it will be counted, once.</summary>
    Cast,

    /// <summary>The member's tick was there already (an earlier vote, or this one's retry after its answer was lost): that ballot counts, this one is not written.</summary>
    AlreadyCast,

    /// <summary>The count had closed the roll with the member not voted: nothing is written, nothing counted.</summary>
    Closed,
}
