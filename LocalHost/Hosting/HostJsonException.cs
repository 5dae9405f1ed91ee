namespace EduFlows.Hosting;

/// <summary>host.json has a setting the host does not know or cannot use; the message names it.</summary>
public sealed class HostJsonException : Exception
{
    /// <summary>Creates the exception for a setting path such as <c>extensions.durableTask.hubName</c>.</summary>
    public HostJsonException(string setting, string problem)
        : base($"host.json: '{setting}' {problem}") => Setting = setting;

    /// <summary>The setting's path in the file.</summary>
    public string Setting { get; }
}
