namespace EduFlows.FunctionIndex;

/// <summary>A function the host cannot run as written; the host refuses to start and says which and why.</summary>
public sealed class FunctionIndexException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionIndexException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionIndexException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionIndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
