namespace EduFlows.Reliability.Suite;

/// <summary>One measured number of a probe, e.g. ("requests", 10425, "") or ("p99 form GET", 120.5, "ms").</summary>
public sealed record Figure(string Name, double Value, string Unit = "");
