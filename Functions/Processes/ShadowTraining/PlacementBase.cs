namespace EduFlows.Processes.ShadowTraining;

/// <summary>A training base as the placement rule sees it: its host school and the places it offers this week.</summary>
/// <param name="BaseId">The training base.</param>
/// <param name="Name">The host school's name.</param>
/// <param name="SchoolId">The host school.</param>
/// <param name="Section">The host school's section.</param>
/// <param name="Capacity">Places this week.</param>
public sealed record PlacementBase(string BaseId, string Name, string SchoolId, string Section, int Capacity);
