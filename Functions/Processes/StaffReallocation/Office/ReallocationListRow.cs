namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>A reallocation on the office's list.</summary>
/// <param name="Id">Its id (also its instance's).</param>
/// <param name="Name">Its title, as its people see it ("2027年县管校聘", "2027年县管校聘（第二次）").</param>
/// <param name="Stage">Its stage in words.</param>
/// <param name="State">Its instance's runtime state in words.</param>
/// <param name="AsOf">The date points and ages are counted on.</param>
/// <param name="Owner">The bureau's owner, by name.</param>
public sealed record ReallocationListRow(string Id, string Name, string Stage, string State, string AsOf, string Owner);
