using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// The first start's demo on Azurite: the directory, then the reserve pool (195 + 54 with files), the training year at
/// the seed's scale (1,618 person-times, 818 principal attendances) and the head-teachers' association (106 members, a
/// salon attended, one application waiting with its approval running); a second load adds nothing; the county page
/// names the ids to try each process with; the reload API (<c>POST /api/directory/demo/reload</c>) then replaces the
/// directory with the seed's counts and leaves the processes' shares as they were.
/// </summary>
/// <remarks>
/// One load for all of it, shared with the office's pages in Chromium (<see cref="DemoCountyFixture"/>): each load of
/// the demo county costs CI about half a minute of its 2 cores.
/// </remarks>
[Collection(DemoCountyLoadedTests.Name)]
public sealed class DemoCountyLoadTests(DemoCountyFixture demo, ITestOutputHelper output)
{
    private static readonly DemoCountyData County = DemoCountyFixture.County;

    // The demo county's 办公室 head answers the association's approvals (HeadTeachersAssociation:OfficeId).
    private static readonly string OfficeHead = DemoCountyFixture.OfficeHead;

    [Fact]
    public async Task EnsureLoaded_FillsThePoolTheTrainingYearAndTheAssociation_AndASecondLoadAddsNothing()
    {
        var services = demo.Services;
        var loader = services.GetRequiredService<DemoCountyLoader>();

        var first = demo.FirstLoad;
        output.WriteLine($"app start and first load: {demo.Elapsed.TotalSeconds:0.0} s; load {first.Elapsed.TotalSeconds:0.0} s, {first.Staff} staff; " + string.Join(", ", first.Parts.Select(p => $"{p.Name} {p.Written} records {p.Elapsed.TotalSeconds:0.0} s")));

        var counts = await CountAsync(services);
        var today = services.GetRequiredService<BureauClock>().DateOf(services.GetRequiredService<TimeProvider>().GetUtcNow());
        int year = DemoCounty.LastYearBy(today, 10, 20);
        Assert.Equal(County.Staff.Count, first.Staff);
        Assert.Equal(["reserve pool", "training year", "head-teachers' association"], first.Parts.Select(p => p.Name));
        Assert.All(first.Parts, p => Assert.True(p.Written > 0, p.Name));

        // The pool: every reserve person in, each with the entry in their file; lecture-goers' files carry their hours too.
        Assert.Equal((195, 54), (counts.Principals, counts.Researchers));
        Assert.Equal(249, counts.FilesWithEntry);
        Assert.True(counts.FilesWithTraining > 150, $"{counts.FilesWithTraining} pool files with training hours");

        // The training year: registrations (seats), check-ins and hours as the seed's scale.
        var totals = TrainingReport.For(year, await services.GetRequiredService<TrainingStore>().AttendanceOfYearAsync(year, CancellationToken.None)).Totals;
        Assert.Equal((1618, 818, 7308m), (totals.PersonTimes, totals.PrincipalAttendances, totals.Hours));
        Assert.Equal((12, 1618), (counts.Lectures, counts.Seats));

        // The association: 106 members, the salon with 85 of them, one application waiting with the office's approval running.
        var association = services.GetRequiredService<AssociationStore>();
        Assert.Equal(AssociationDemo.Members, counts.Members);
        Assert.Equal(AssociationDemo.SalonAttendees, (await association.Events.GetAsync(AssociationDemo.SalonId(year), CancellationToken.None))!.Record.Attendees.Count);
        var pending = Assert.Single(counts.Pending);
        Assert.Equal(AssociationDemo.People(County).Applicant.Id, pending.StaffId);
        var approval = await services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(pending.InstanceId);
        Assert.NotNull(approval);
        Assert.Equal(MembershipApproval.Name, approval.Name);

        // Again: the markers say loaded, and each share run anyway writes nothing.
        var second = await loader.EnsureLoadedAsync(CancellationToken.None);
        Assert.Equal(0, second.Staff);
        Assert.Empty(second.Parts);
        foreach (var part in services.GetServices<IDemoCountyPart>())
        {
            Assert.Equal(0, await part.LoadAsync(County, CancellationToken.None));
        }

        Assert.Equal(counts, await CountAsync(services));

        // The county page names, per process, the ids to try it with.
        using var http = demo.Client();
        string page = await OfficeFormPosts.GetPageAsync(http, "/api/office/county");
        var roles = (await Task.WhenAll(services.GetServices<IDemoCountyPart>().Select(p => p.RolesAsync(CancellationToken.None)))).SelectMany(r => r).ToList();
        Assert.Equal(["后备人才库", "培训与讲座", "班主任学会"], roles.Select(r => r.ProcessZh).Distinct());
        Assert.Equal(7, roles.Count);
        Assert.All(roles, r => Assert.Contains($"data-role-staff=\"{r.StaffId}\"", page, StringComparison.Ordinal));
        Assert.Contains(roles, r => r.StaffId == pending.StaffId);
        Assert.Contains(roles, r => r.StaffId == OfficeHead);
        Assert.Contains("id=\"roles\"", page, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([("/api/office/county", page)]);

        // The office home shows the waiting application's approval among the running processes.
        string home = await OfficeFormPosts.GetPageAsync(http, "/api/office");
        Assert.Contains($"data-orchestrator=\"{MembershipApproval.Name}\"", home, StringComparison.Ordinal);

        // The reload (master key) replaces the directory with the seed's and answers its counts; a function key reads them.
        // First the directory is changed as the office may change it (a vice-principal deleted, a department renamed, a
        // reserve principal added), so that only a reload that writes the seed again finds it as the seed has it.
        using var admin = demo.Client();
        admin.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);
        using var reader = demo.Client();
        reader.DefaultRequestHeaders.Add("x-functions-key", OfficeFormPosts.FunctionKey);
        var directory = services.GetRequiredService<DirectoryStore>();
        var vicePrincipal = County.Staff.First(s => s.Post == "vice-principal");
        var office = County.Departments.Single(d => d.Name == "办公室");
        var added = County.Staff.First(s => s.ReservePrincipal) with { Id = "stf-added-by-office", Email = null, Mobile = null };
        HttpResponseMessage reloaded;
        try
        {
            Assert.True(await directory.Staff.DeleteAsync(vicePrincipal.Id, CancellationToken.None));
            await directory.Departments.UpsertAsync(office with { Name = "综合办公室" }, CancellationToken.None);
            await directory.Staff.UpsertAsync(added, CancellationToken.None);
            Assert.Equal((126, 196), (await CountStaffAsync(reader, "post=vice-principal"), await CountStaffAsync(reader, "reservePrincipal=true")));
        }
        finally
        {
            // Reloaded whatever failed above: the browser tests share this county and count on the seed's.
            reloaded = await admin.PostAsync("/api/directory/demo/reload", null);
        }

        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var result = (await reloaded.Content.ReadFromJsonAsync<DemoLoadResult>())!;
        Assert.Equal((County.Schools.Count, 18, County.Staff.Count, 4), (result.Schools, result.Departments, result.Staff, result.TrainingBases));
        var restored = (await reader.GetFromJsonAsync<JsonObject>($"/api/directory/staff/{vicePrincipal.Id}"))!;
        Assert.Equal((vicePrincipal.Name, "vice-principal", vicePrincipal.SchoolId), ((string?)restored["name"], (string?)restored["post"], (string?)restored["schoolId"]));
        Assert.Equal("办公室", (await directory.Departments.GetAsync(office.Id, CancellationToken.None))!.Name);
        Assert.Null(await directory.Staff.GetAsync(added.Id, CancellationToken.None));
        Assert.Equal(54, await CountStaffAsync(reader, "reserveResearcher=true"));
        Assert.Equal(20, await CountStaffAsync(reader, "post=researcher"));
        Assert.Equal(127, await CountStaffAsync(reader, "post=vice-principal"));
        Assert.Equal(195, await CountStaffAsync(reader, "reservePrincipal=true"));
        Assert.Equal(4, (await reader.GetFromJsonAsync<JsonObject>("/api/directory/training-bases"))!["items"]!.AsArray().Count);
        Assert.Equal(counts, await CountAsync(services));
    }

    [Fact]
    public async Task DemoDataFalse_LoadsNothing_AndTheCountyPageListsNoRoles()
    {
        await using var app = new TaskAppFactory(demo.Azurite);
        var loader = app.Services.GetRequiredService<DemoCountyLoader>();

        Assert.Equal(DemoCountyState.Off, await loader.Settled.WaitAsync(TimeSpan.FromSeconds(30)));
        using var http = app.CreateClient();
        string page = await OfficeFormPosts.GetPageAsync(http, "/api/office/county");

        Assert.Null(await app.Services.GetRequiredService<DirectoryStore>().Staff.GetAsync(County.Staff[^1].Id, CancellationToken.None));
        Assert.Empty(await app.Services.GetRequiredService<ReservePoolStore>().AllAsync(CancellationToken.None));
        Assert.Empty(await app.Services.GetRequiredService<AssociationStore>().Members.QueryAsync(null, CancellationToken.None));
        Assert.DoesNotContain("id=\"roles\"", page, StringComparison.Ordinal);
    }

    private static async Task<int> CountStaffAsync(HttpClient reader, string filter)
    {
        int count = 0;
        string? token = null;
        do
        {
            var page = (await reader.GetFromJsonAsync<JsonObject>($"/api/directory/staff?{filter}&pageSize=1000" + (token is null ? string.Empty : $"&continuationToken={token}")))!;
            count += page["items"]!.AsArray().Count;
            token = (string?)page["continuationToken"];
        }
        while (token is not null);

        return count;
    }

    private static async Task<DemoCounts> CountAsync(IServiceProvider services)
    {
        var pool = services.GetRequiredService<ReservePoolStore>();
        var active = await pool.ActiveAsync(CancellationToken.None);
        var file = await pool.File.QueryAsync(null, CancellationToken.None);
        var lectures = await services.GetRequiredService<TrainingStore>().Lectures.QueryAsync(null, CancellationToken.None);
        var attendance = await services.GetRequiredService<TrainingStore>().Attendance.QueryAsync(null, CancellationToken.None);
        var association = services.GetRequiredService<AssociationStore>();
        var applications = await association.Applications.QueryAsync(null, CancellationToken.None);
        return new DemoCounts(
            active.Count(m => m.Pool == ReservePoolDesk.Principals),
            active.Count(m => m.Pool == ReservePoolDesk.Researchers),
            file.Where(e => e.Kind == PoolEntryKinds.Entry).Select(e => e.StaffId).Distinct().Count(),
            file.Where(e => e.Kind == PoolEntryKinds.Training).Select(e => e.StaffId).Distinct().Count(),
            file.Count,
            lectures.Count,
            lectures.Sum(l => l.Seats.Count),
            attendance.Count,
            (await association.Members.QueryAsync(null, CancellationToken.None)).Count,
            applications.Count,
            [.. applications.Where(a => a.Status == ApplicationStatus.Pending)]);
    }

    private sealed record DemoCounts(
        int Principals, int Researchers, int FilesWithEntry, int FilesWithTraining, int FileEntries, int Lectures, int Seats, int Attendance, int Members, int Applications, IReadOnlyList<MembershipApplication> Pending)
    {
        public bool Equals(DemoCounts? other) =>
            other is not null && (Principals, Researchers, FilesWithEntry, FilesWithTraining, FileEntries, Lectures, Seats, Attendance, Members, Applications) ==
            (other.Principals, other.Researchers, other.FilesWithEntry, other.FilesWithTraining, other.FileEntries, other.Lectures, other.Seats, other.Attendance, other.Members, other.Applications)
            && Pending.Select(p => p.Id).SequenceEqual(other.Pending.Select(p => p.Id));

        public override int GetHashCode() => HashCode.Combine(Principals, Researchers, FileEntries, Attendance, Members, Applications);
    }
}
