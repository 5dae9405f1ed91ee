namespace EduFlows.Processes.StaffReallocation;

/// <summary>What the bureau sees of a draft before committing: moves, unplaced, rural effect, cross-section moves, reports.</summary>
/// <param name="Final">The state after every round.</param>
/// <param name="Moves">Placements that change school.</param>
/// <param name="UnplacedCount">People left without a post.</param>
/// <param name="Rural">The effect on rural and weak schools.</param>
/// <param name="CrossSectionMoves">Placements into another section than the one taught before, within the school or not.</param>
/// <param name="Report">Per school and per round.</param>
public sealed record SimulationResult(
    CountyState Final, IReadOnlyList<Placement> Moves, int UnplacedCount, RuralEffect Rural, IReadOnlyList<Placement> CrossSectionMoves, ReallocationReport Report);
