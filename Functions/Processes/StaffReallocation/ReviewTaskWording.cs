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

    /// <summary>The fact naming who brought the appeal or objection: a staff id, or <see cref="StaffReallocationApi.ByMasterKey"/>.</summary>
    public const string LodgedByFact = "提出人 Lodged by";

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

        // The objection names its reallocation by instance id, in its first words and in a fact: by its title as the office lists it instead.
        string? title = null;
        if (request.Context.FirstOrDefault(f => f.Key == ReallocationFact).Value is { Length: > 0 } reallocationId
            && (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record is { } record)
        {
            var all = await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false);
            title = ReallocationNames.Title(record, all).Zh;
            if (subject.StartsWith($"县管校聘 {reallocationId} · ", StringComparison.Ordinal))
            {
                subject = title + subject[$"县管校聘 {reallocationId}".Length..];
            }
        }

        string? lodgedBy = await LodgedByAsync(request.Context.FirstOrDefault(f => f.Key == LodgedByFact).Value, staffId, name, cancellationToken).ConfigureAwait(false);
        return request with
        {
            Subject = subject,
            Context = [.. request.Context.Select(f => f.Key switch
            {
                StaffFact when f.Value == staffId => new KeyValuePair<string, string>(f.Key, ReallocationNames.PersonFact(staffId, name)),
                ReallocationFact when title is not null => new KeyValuePair<string, string>(f.Key, title),
                LodgedByFact when lodgedBy is not null => new KeyValuePair<string, string>(f.Key, lodgedBy),
                _ => f,
            })],
        };
    }

    /// <summary>Who brought it, as the bureau reads it: a person by name (with the id it acts on), an administrator in Chinese; null leaves the fact as it is.</summary>
    private async Task<string?> LodgedByAsync(string? lodgedBy, string staffId, string? staffName, CancellationToken cancellationToken)
    {
        if (lodgedBy is not { Length: > 0 } || lodgedBy == "-")
        {
            return null;
        }

        if (lodgedBy == StaffReallocationApi.ByMasterKey)
        {
            return "管理员（主密钥）";
        }

        string? name = lodgedBy == staffId ? staffName : (await directory.Staff.GetAsync(lodgedBy, cancellationToken).ConfigureAwait(false))?.Name;
        return name is null ? null : ReallocationNames.PersonFact(lodgedBy, name);
    }
}
