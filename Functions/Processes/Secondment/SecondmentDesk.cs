using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.Secondment;

/// <summary>Checks an assignment against the directory and the clock, and resolves it into the plan the orchestration runs.</summary>
public sealed class SecondmentDesk(DirectoryStore directory, SecondmentStore store, SecondmentEnds ends, BureauClock clock, TimeProvider time, SecondmentOptions options)
{
    /// <summary>The posts one may hold at a host: the directory's own, not the external panel members'.</summary>
    public static readonly IReadOnlyList<string> HostPosts = [.. DirectoryVocabulary.Posts.Where(p => !DirectoryVocabulary.ExternalPosts.Contains(p))];

    /// <summary>The longest assignment id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The shortest assignment first agreed, in months: the decision comes with the last-but-one month.</summary>
    public const int MinMonths = 2;

    /// <summary>Why an assignment id cannot be used, or null.</summary>
    public static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "is required."
        : id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? $"must be 1 to {MaxIdLength} letters, digits, - or _."
        : null;

    /// <summary>The plan, or every field error (nothing of the new assignment is written either way).</summary>
    /// <param name="client">The durable client the caller was bound to: an earlier assignment whose instance was terminated or failed is recorded as ended (<see cref="SecondmentEnds"/>) and does not hold the person.</param>
    /// <param name="secondmentId">The new assignment's id.</param>
    /// <param name="assignment">The assignment as posted.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<(SecondmentPlan? Plan, IReadOnlyList<FieldError> Errors)> CheckAsync(DurableTaskClient client, string secondmentId, SecondmentAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(assignment);
        var errors = new List<FieldError>();
        void Error(string field, string en, string zh) => errors.Add(new FieldError(field, en) { ReasonZh = zh });

        if (IdProblem(secondmentId) is { } badId)
        {
            Error("secondmentId", badId, "编号只能由字母、数字、- 或 _ 组成");
        }

        if (assignment.Kind is not (SecondmentKinds.Exchange or SecondmentKinds.Secondment))
        {
            Error("kind", "must be \"exchange\" (双向交流) or \"secondment\" (挂职锻炼).", "请选择双向交流或挂职锻炼");
        }

        var person = await StaffAsync("personId", assignment.PersonId, errors, cancellationToken).ConfigureAwait(false);
        var home = await UnitAsync("homeUnitId", assignment.HomeUnitId, errors, cancellationToken).ConfigureAwait(false);
        var host = await UnitAsync("hostUnitId", assignment.HostUnitId, errors, cancellationToken).ConfigureAwait(false);
        if (person is not null && home is not null && (person.SchoolId ?? person.DepartmentId) != home.Id)
        {
            Error("homeUnitId", $"{person.Name} does not belong to '{home.Id}' now.", $"{person.Name}目前不在{home.Name}");
        }

        // One assignment at a time: an earlier one still under way would, at its end, move the person home out of the
        // new host and close the new stay early, so a host→host move waits until the earlier assignment has ended.
        if (person is not null && await UnderWayAsync(client, person.Id, secondmentId, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            string end = SecondmentRules.EndDay(earlier.Plan.Start, Math.Max(earlier.Plan.Months, earlier.State.TotalMonths)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Error("personId", $"{person.Name} is on assignment '{earlier.Id}' at '{earlier.Plan.Host.Id}' until {end}; one assignment at a time.", $"{person.Name}正在{earlier.Plan.Host.Name}{SecondmentKinds.Zh(earlier.Plan.Kind)}（至{end}），期满后方可另行安排");
        }

        if (home is not null && host is not null && home.Id == host.Id)
        {
            Error("hostUnitId", "must differ from the home unit.", "接收单位不能与派出单位相同");
        }

        if (string.IsNullOrWhiteSpace(assignment.Role) || assignment.Role.Trim().Length > 50)
        {
            Error("role", "is required, at most 50 characters.", "请填写岗位（50字以内）");
        }

        if (assignment.HostPost is null || !HostPosts.Contains(assignment.HostPost, StringComparer.Ordinal))
        {
            Error("hostPost", "must be a post of the directory (teacher, vice-principal, principal, mid-level-leader, researcher, bureau-cadre...).", "请选择名录中的职务");
        }

        var today = clock.DateOf(time.GetUtcNow());
        if (assignment.Start is not { } start || start < today)
        {
            Error("start", $"is required and must not be before today ({today:yyyy-MM-dd}).", "开始日期不能早于今天");
        }

        // At least two months: the return-or-extend decision opens in the last-but-one month, a month before the end;
        // a one-month assignment would have it open days before the end and fall due after it.
        if (assignment.Months is not { } months || months < MinMonths || months > options.MaxMonths)
        {
            Error("months", $"must be {MinMonths} to {options.MaxMonths} months.", $"期限须为{MinMonths}至{options.MaxMonths}个月");
        }

        var mentor = await StaffAsync("mentorId", assignment.MentorId, errors, cancellationToken).ConfigureAwait(false);
        if (mentor is not null && host is not null && (mentor.SchoolId ?? mentor.DepartmentId) != host.Id)
        {
            Error("mentorId", $"{mentor.Name} is not a member of the host unit '{host.Id}'.", $"指导人须为{host.Name}人员");
        }

        var owner = await StaffAsync("ownerId", assignment.OwnerId, errors, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new SecondmentPlan(
            secondmentId,
            assignment.Kind!,
            person!.Id,
            person.Name,
            person.Post,
            home!,
            host!,
            assignment.Role!.Trim(),
            assignment.HostPost!,
            assignment.Start!.Value,
            assignment.Months!.Value,
            mentor!.Id,
            mentor.Name,
            owner!.Id,
            clock.Zone.Id,
            owner.Name), errors);
    }

    // The person's assignment still asking for consent or running, other than this one (its own retried check is no clash);
    // one whose instance was terminated or failed is recorded as ended on the way and holds nobody.
    private async Task<SecondmentRecord?> UnderWayAsync(DurableTaskClient client, string personId, string secondmentId, CancellationToken cancellationToken)
    {
        string filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PersonId eq {personId} and (Stage eq {SecondmentStages.Consent} or Stage eq {SecondmentStages.Running})");
        foreach (var record in (await store.Assignments.QueryAsync(filter, cancellationToken).ConfigureAwait(false)).Where(r => r.Id != secondmentId))
        {
            if (!SecondmentStages.IsEnded((await ends.SettleAsync(client, record, cancellationToken).ConfigureAwait(false)).State.Stage))
            {
                return record;
            }
        }

        return null;
    }

    private async Task<StaffMember?> StaffAsync(string field, string? id, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || TableKey.Problem(id) is not null)
        {
            errors.Add(new FieldError(field, "is required: a staff id of the directory.") { ReasonZh = "请填写名录中的人员编号" });
            return null;
        }

        var found = await directory.Staff.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            errors.Add(new FieldError(field, $"no staff member '{id}' is in the directory.") { ReasonZh = $"名录中没有人员“{id}”" });
        }

        return found;
    }

    // A unit is a school or a bureau department; its head (principal or department head) consents for it.
    private async Task<SecondmentUnit?> UnitAsync(string field, string? id, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || TableKey.Problem(id) is not null)
        {
            errors.Add(new FieldError(field, "is required: a school or department id.") { ReasonZh = "请填写学校或科室编号" });
            return null;
        }

        string? name = null, headId = null;
        bool isSchool = false;
        if (await directory.Schools.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } school)
        {
            (name, headId, isSchool) = (school.Name, school.PrincipalId, true);
        }
        else if (await directory.Departments.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } department)
        {
            (name, headId) = (department.Name, department.HeadId);
        }
        else
        {
            errors.Add(new FieldError(field, $"no school or department '{id}' is in the directory.") { ReasonZh = $"名录中没有单位“{id}”" });
            return null;
        }

        var head = headId is null ? null : await directory.Staff.GetAsync(headId, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            errors.Add(new FieldError(field, $"'{name}' has no head in the directory to consent.") { ReasonZh = $"{name}没有负责人，无法征求意见" });
            return null;
        }

        return new SecondmentUnit(id, name, isSchool, head.Id, head.Name);
    }
}
