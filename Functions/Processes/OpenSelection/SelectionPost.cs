namespace EduFlows.Processes.OpenSelection;

/// <summary>A post put up for open selection.</summary>
/// <param name="Id">Stable id within the selection, e.g. "p01".</param>
/// <param name="Name">The post as staff read it, e.g. 教育局人事科副科长.</param>
/// <param name="Count">How many are appointed to it.</param>
/// <param name="Reserve">Reserve places (后备) filled by the next in rank after the appointed; 0 for none.</param>
public sealed record SelectionPost(string Id, string Name, int Count, int Reserve = 0);
