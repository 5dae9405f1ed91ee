namespace EduFlows.Durable;

/// <summary>What went wrong in an activity, a sub-orchestration or an orchestration.</summary>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace where the failure happened, if known.</param>
/// <param name="InnerFailure">The failure that caused this one, if any.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Builds failure details from an exception, inner exceptions included.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException taskFailed)
        {
            // Keep the original cause visible instead of wrapping it in "TaskFailedException".
            return taskFailed.FailureDetails with { ErrorMessage = taskFailed.Message, InnerFailure = taskFailed.FailureDetails.InnerFailure };
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> (or a subtype known by name).</summary>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        string? name = typeof(T).FullName;
        return ErrorType == name || Type.GetType(ErrorType, throwOnError: false) is { } t && typeof(T).IsAssignableFrom(t);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
