namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An event as the office announces it.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Kind">"reading-salon", "lecture" or "visit".</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="Place">Where.</param>
/// <param name="Capacity">Seats (1–500).</param>
public sealed record EventForm(string? Title, string? Kind, DateTimeOffset? StartsAt, string? Place, int? Capacity);
