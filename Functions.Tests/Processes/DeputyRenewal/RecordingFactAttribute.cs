namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>A fact that runs only when <see cref="Variable"/> is 1: it rewrites committed fixtures.</summary>
public sealed class RecordingFactAttribute : FactAttribute
{
    /// <summary>The environment variable that opts in.</summary>
    public const string Variable = "EDUFLOWS_RECORD_HISTORIES";

    public RecordingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Rewrites the committed fixtures; opt in with {Variable}=1.";
        }
    }
}
