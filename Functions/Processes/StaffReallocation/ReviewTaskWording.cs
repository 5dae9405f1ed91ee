using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Names the person in the subject of the bureau's review tasks, of an appeal (申诉) and of a points objection (积分异议),
/// as the directory has them: "2026年县管校聘 · 直接聘用 · 申诉 · 王芳", not "… · stf-901"; and the objection's
/// reallocation by its title ("2026年县管校聘"), not its instance id.
/// </summary>
/// <remarks>
/// The orchestrators word these subjects with the person's id (<see cref="StaffReallocation"/>, <see cref="PointsObjectionWindow"/>),
/// and reading the directory there would take an activity call their running instances never made; so the activity that
/// opens the task names them (<see cref="IStaffTaskWording"/>). The person is the one the task's <see cref="StaffFact"/>
/// gives, the id the subject ends with; that fact then names them too, with the id the bureau acts on.
/// </remarks>
public sealed class ReviewTaskWording(DirectoryStore directory, StaffReallocationStore store) : IStaffTaskWording
{
    /// <summary>The fact naming the person the review is about (the orchestrator's and <see cref="StaffPointsActivities.ObjectionFactsAsync"/>'s label).</summary>
    public const string StaffFact = "教职工 Staff";

    /// <summary>The fact naming the reallocation by its instance id.</summary>
    public const string ReallocationFact = "县管校聘 Reallocation";

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Kinds { get; } = [StaffReallocationTasks.AppealReview.Name, PointsObjectionTasks.Review.Name];

    /// <inheritdoc/>
    public async Task<StaffTaskRequest> WordAsync(StaffTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? staffId = request.Context.FirstOrDefault(f => f.Key == StaffFact).Value;
        string end = " · " + staffId;
        if (staffId is not { Length: > 0 } || !request.Subject.EndsWith(end, StringComparison.Ordinal))
        {
            return request;
        }

        string? name = (await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false))?.Name;
        string subject = request.Subject[..^end.Length] + " · " + ReallocationNames.PersonName(name);

        // The objection's subject begins "县管校聘 {instance id}": the reallocation as the office lists it instead.
        if (request.Context.FirstOrDefault(f => f.Key == ReallocationFact).Value is { Length: > 0 } reallocationId
            && subject.StartsWith($"县管校聘 {reallocationId} · ", StringComparison.Ordinal)
            && (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record is { } record)
        {
            var all = await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false);
            subject = ReallocationNames.Title(record, all).Zh + subject[$"县管校聘 {reallocationId}".Length..];
        }

        return request with
        {
            Subject = subject,
            Context = [.. request.Context.Select(f => f.Key == StaffFact && f.Value == staffId ? new KeyValuePair<string, string>(f.Key, ReallocationNames.PersonFact(staffId, name)) : f)],
        };
    }
}
