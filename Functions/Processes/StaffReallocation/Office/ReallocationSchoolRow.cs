namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>One school's results: its posts and how many are filled, its own staff, and how it ranked its applicants.</summary>
/// <param name="SchoolId">The school's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Seats">Seats of its open posts.</param>
/// <param name="Filled">People placed on its posts (any round).</param>
/// <param name="Posts">Each post: section and subject, filled of seats.</param>
/// <param name="Staff">Its own staff taking part.</param>
/// <param name="MovedOut">Of them, placed at another school.</param>
/// <param name="Unplaced">Of them, left without a post after the rounds.</param>
/// <param name="InSchoolRanking">Its ranking for the in-school competition, in words; null when it ranked nobody.</param>
/// <param name="CrossSchoolRanking">Its ranking for the cross-school competition, in words; null when it ranked nobody.</param>
public sealed record ReallocationSchoolRow(
    string SchoolId, string Name, int Seats, int Filled, IReadOnlyList<string> Posts, int Staff, int MovedOut, int Unplaced, string? InSchoolRanking, string? CrossSchoolRanking);
