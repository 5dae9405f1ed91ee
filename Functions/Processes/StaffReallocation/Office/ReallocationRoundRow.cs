namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>One round as the office page lists it; the figures are null until the round's results are out.</summary>
/// <param name="Title">The round's name with its number.</param>
/// <param name="Status">未开始, 进行中, 申诉期 or 已完成.</param>
/// <param name="Participants">Still without a decided post when it opened.</param>
/// <param name="Placed">Given a post by it.</param>
/// <param name="Unplaced">Still without a post when it closed.</param>
/// <param name="Moved">Placed at another school by it.</param>
/// <param name="CrossSection">Placed in another section by it.</param>
public sealed record ReallocationRoundRow(string Title, string Status, int? Participants, int? Placed, int? Unplaced, int? Moved, int? CrossSection);
