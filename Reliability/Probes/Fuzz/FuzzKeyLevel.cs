namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>The key an operation asks for.</summary>
internal enum FuzzKeyLevel
{
    Anonymous,
    Function,
    Master,
}
