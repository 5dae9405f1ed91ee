using System.Text.RegularExpressions;

namespace EduFlows.FunctionIndex;

/// <summary>The Functions host's rule for function names (they are also route and task names).</summary>
public static partial class FunctionNames
{
    /// <summary>True for a letter followed by up to 127 letters, digits, '_' or '-'.</summary>
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ValidName();
}
