namespace EduFlows.Processes.ShadowTraining;

/// <summary>A training base as a batch uses it: its places this week and its mentor.</summary>
/// <param name="BaseId">The training base (directory id, e.g. base-1).</param>
/// <param name="Name">The host school's name.</param>
/// <param name="SchoolId">The host school.</param>
/// <param name="Section">The host school's section.</param>
/// <param name="Capacity">Places this week (the directory's capacity unless the batch says otherwise).</param>
/// <param name="MentorId">The mentor: named in the batch definition, otherwise the host school's principal.</param>
public sealed record BatchBase(string BaseId, string Name, string SchoolId, string Section, int Capacity, string MentorId)
{
    /// <summary>The base as the placement rule sees it.</summary>
    public PlacementBase ForPlacement() => new(BaseId, Name, SchoolId, Section, Capacity);
}
