namespace EduFlows.Processes.StaffReallocation;

/// <summary>An appeal against a round's result, brought during the round's appeal window.</summary>
/// <param name="StaffId">The appellant.</param>
/// <param name="Reason">Why, in their words (at most 1000 characters).</param>
/// <param name="LodgedBy">Who brought it: the appellant themselves (signed in or with their result link), or an administrator (master key); set by the API.</param>
/// <param name="Round">
/// The round whose appeal window it was brought in, set by the API from the reallocation's stage (never from the body).
/// From <see cref="StaffReallocation.AppealReviewVersion"/> a window counts only appeals naming its own round; null
/// (an event raised by hand without it) is counted by no window of that version.
/// </param>
public sealed record ReallocationAppeal(string StaffId, string Reason, string? LodgedBy = null, Round? Round = null);
