namespace EduFlows.Processes.OpenSelection;

/// <summary>A published selection as listed in the selections' table: its announcement and when it was published.</summary>
/// <param name="Id">The selection's id (lower-case letters, digits and hyphens).</param>
/// <param name="Announcement">The announcement as published.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record SelectionRecord(string Id, SelectionAnnouncement Announcement, DateTimeOffset PublishedAt);
