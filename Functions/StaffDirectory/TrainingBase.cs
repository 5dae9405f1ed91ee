namespace EduFlows.StaffDirectory;

/// <summary>A host school of shadow training (培训基地).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="SchoolId">The host school.</param>
/// <param name="Name">The school's name.</param>
/// <param name="Capacity">Trainees it takes per week.</param>
public sealed record TrainingBase(string Id, string SchoolId, string Name, int Capacity);
