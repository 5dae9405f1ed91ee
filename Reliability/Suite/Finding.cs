namespace EduFlows.Reliability.Suite;

/// <summary>One defect a probe found: what was sent and what came back, enough to reproduce it with curl.</summary>
public sealed record Finding(string Check, string Detail);
