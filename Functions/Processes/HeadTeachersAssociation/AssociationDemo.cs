using System.Globalization;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// The demo county's head-teachers' association as the seed has it after its September re-election: 106 members
/// (head teachers spread over the county), a reading salon they attended, and one application waiting for the
/// office, its approval running with the office's task open. The members are recorded as the approval's decision
/// records them (an approved application and the member row); the salon, its attendance and the waiting application
/// go through <see cref="AssociationDesk"/>. Loaded on first start (<see cref="IDemoCountyPart"/>).
/// </summary>
public sealed partial class AssociationDemo(
    AssociationDesk desk, AssociationStore store, DirectoryStore directory, AssociationOptions options, BureauClock clock, TimeProvider time, IServiceProvider services, ILogger<AssociationDemo> logger)
    : IDemoCountyPart
{
    /// <summary>Members after the re-election (seed: 吸纳会员106名).</summary>
    public const int Members = 106;

    /// <summary>Of every five members, four came to the salon.</summary>
    public const int SalonAttendees = Members - (Members / 5);

    // The salon's day: the demo's year is the latest with it past, so its attendance has happened.
    private const int SalonMonth = 9, SalonDay = 20;

    /// <inheritdoc/>
    public string Name => "head-teachers' association";

    /// <summary>The salon's id in a year.</summary>
    public static string SalonId(int year) => string.Create(CultureInfo.InvariantCulture, $"salon-{year}-09");

    /// <summary>The members and, last, the applicant: head teachers evenly spread over the directory's order (so over schools).</summary>
    public static (IReadOnlyList<StaffMember> Members, StaffMember Applicant) People(DemoCountyData county)
    {
        ArgumentNullException.ThrowIfNull(county);
        var heads = county.Staff.Where(s => s.Post == "head-teacher").ToList();
        int stride = heads.Count / (Members + 1);
        var chosen = Enumerable.Range(0, Members + 1).Select(i => heads[i * stride]).ToList();
        return (chosen[..Members], chosen[Members]);
    }

    /// <inheritdoc/>
    public async Task<bool> IsLoadedAsync(DemoCountyData county, CancellationToken cancellationToken)
    {
        int year = Year;
        if ((await store.Events.GetAsync(SalonId(year), cancellationToken).ConfigureAwait(false))?.Record is not { Attendees.Count: > 0 })
        {
            return false;
        }

        // The waiting application is the last thing written, when it can be (see LoadAsync).
        return await ApproverAsync(cancellationToken).ConfigureAwait(false) is null
            || (await store.ApplicationsOfAsync(People(county).Applicant.Id, cancellationToken).ConfigureAwait(false)).Count > 0;
    }

    /// <inheritdoc/>
    public async Task<int> LoadAsync(DemoCountyData county, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(county);
        int year = Year;
        var (members, applicant) = People(county);
        var schools = county.Schools.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var elected = new DateTimeOffset(year, 9, 1, 9, 0, 0, TimeSpan.FromHours(8));
        int written = 0;
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (person, ct) =>
        {
            var application = new MembershipApplication
            {
                Id = person.Id + "-1",
                StaffId = person.Id,
                Name = person.Name,
                SchoolName = person.SchoolId is { } s ? schools.GetValueOrDefault(s, "—") : "—",
                Statement = "担任班主任多年，愿参加学会的读书沙龙与案例评比。",
                SubmittedAt = elected.AddDays(-14),
                Status = ApplicationStatus.Approved,
                DecidedBy = options.OfficeId,
                DecidedAt = elected,
                Note = string.Create(CultureInfo.InvariantCulture, $"{year}年9月学会换届，吸纳为会员。"),
            };
            if (await store.Applications.TryAddAsync(application, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }

            if (await store.Members.TryAddAsync(new AssociationMember(person.Id, application.Name, application.SchoolName, elected, application.Id), ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);

        // The salon and its attendance as the office records them (a second time changes nothing).
        var salon = new EventForm("《给教师的建议》读书沙龙", "reading-salon", new DateTimeOffset(year, SalonMonth, SalonDay, 14, 30, 0, TimeSpan.FromHours(8)), "青州市教师发展中心报告厅", 100);
        written += (await desk.DefineEventAsync(SalonId(year), salon, cancellationToken).ConfigureAwait(false)).Done ? 1 : 0;
        var attended = await desk.RecordAttendanceAsync(SalonId(year), new AttendanceForm([.. members.Where((_, i) => i % 5 != 4).Select(m => (string?)m.Id)]), cancellationToken).ConfigureAwait(false);
        if (!attended.Done)
        {
            throw new InvalidOperationException($"The demo salon's attendance was refused: {string.Join("; ", attended.Errors.Select(e => e.Field + " " + e.Reason))}");
        }

        written += await ApplyAsync(applicant, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        return written;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DemoCountyRole>> RolesAsync(CancellationToken cancellationToken)
    {
        var roles = new List<DemoCountyRole>();
        var members = await store.Members.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var events = (await store.Events.QueryAsync(null, cancellationToken).ConfigureAwait(false)).OrderByDescending(e => e.StartsAt).ToList();
        var attendedIds = events.FirstOrDefault(e => e.Attendees.Count > 0)?.Attendees.ToHashSet(StringComparer.Ordinal) ?? [];
        if (members.OrderBy(m => attendedIds.Contains(m.StaffId) ? 0 : 1).ThenBy(m => m.StaffId, StringComparer.Ordinal).FirstOrDefault() is { } member)
        {
            string where = attendedIds.Contains(member.StaffId) ? $"，参加了{events.First(e => e.Attendees.Count > 0).Title}" : string.Empty;
            roles.Add(new("班主任学会", "Head-teachers' association", $"会员（共{members.Count}人）{where}", $"Member ({members.Count} in all)", member.StaffId, member.Name, "office/head-teachers"));
        }

        var pending = await store.Applications.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"Status eq {nameof(ApplicationStatus.Pending)}"), cancellationToken).ConfigureAwait(false);
        if (pending.OrderBy(a => a.SubmittedAt).FirstOrDefault() is { } waiting)
        {
            roles.Add(new("班主任学会", "Head-teachers' association", "入会申请待审核的班主任", "Head teacher whose application waits", waiting.StaffId, waiting.Name, "office/head-teachers"));
            if (await directory.Staff.GetAsync(options.OfficeId, cancellationToken).ConfigureAwait(false) is { } office)
            {
                roles.Add(new("班主任学会", "Head-teachers' association", "学会秘书处（审核入会申请的任务在其名下）", "The association's office (holds the approval task)", office.Id, office.Name, "office/head-teachers"));
            }
        }

        return roles;
    }

    private int Year => DemoCounty.LastYearBy(clock.DateOf(time.GetUtcNow()), SalonMonth, SalonDay);

    // The approval gives the office a task, so it needs the office in the directory and a client to start it (the
    // local host has one; the Functions host gives clients to functions only). Null when either is missing.
    private async Task<DurableTaskClient?> ApproverAsync(CancellationToken cancellationToken) =>
        services.GetService<DurableTaskClient>() is { } client && await directory.Staff.GetAsync(options.OfficeId, cancellationToken).ConfigureAwait(false) is not null ? client : null;

    private async Task<bool> ApplyAsync(StaffMember applicant, CancellationToken cancellationToken)
    {
        if (await ApproverAsync(cancellationToken).ConfigureAwait(false) is not { } client)
        {
            LogNoApproval(logger, options.OfficeId);
            return false;
        }

        if ((await store.ApplicationsOfAsync(applicant.Id, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return false;
        }

        var result = await desk.ApplyAsync(client, new ApplicationForm(applicant.Id, "担任班主任五年，希望加入学会，参加读书沙龙和班主任节活动。"), cancellationToken).ConfigureAwait(false);
        return result.Done;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "The demo's waiting membership application was not entered: the association's office '{OfficeId}' (HeadTeachersAssociation:OfficeId) is not in the directory, or no durable client is registered.")]
    private static partial void LogNoApproval(ILogger logger, string officeId);
}
