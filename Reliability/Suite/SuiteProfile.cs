namespace EduFlows.Reliability.Suite;

/// <summary>How much each probe does: the fast subset runs in CI on every change, the full run by hand (README).</summary>
public enum SuiteProfile
{
    /// <summary>A few minutes in all: enough cases per probe to catch a regression.</summary>
    Fast,

    /// <summary>The figures the issue asks for (e.g. 10,000 fuzzed requests, a 1,000-activity fan-out killed at random).</summary>
    Full,
}
