namespace EduFlows.Storage;

/// <summary>Where a piece of one-time work (<see cref="OneTimeWork{TMark, TPoint}"/>) resumes, and how it saves its place as it goes.</summary>
/// <typeparam name="TPoint">The work's resume point, with its counts so far.</typeparam>
public sealed class OneTimeProgress<TPoint>
    where TPoint : class
{
    private readonly Func<TPoint, CancellationToken, Task> _save;

    internal OneTimeProgress(TPoint? resumeFrom, Func<TPoint, CancellationToken, Task> save)
    {
        ResumeFrom = resumeFrom;
        _save = save;
    }

    /// <summary>The point a stopped run saved last; null when the work starts from the beginning.</summary>
    public TPoint? ResumeFrom { get; }

    /// <summary>Saves where the next run resumes, renewing this host's claim.</summary>
    /// <exception cref="OperationCanceledException">Another host took the work over meanwhile: this run stops.</exception>
    public Task SaveAsync(TPoint point, CancellationToken cancellationToken) => _save(point, cancellationToken);
}
