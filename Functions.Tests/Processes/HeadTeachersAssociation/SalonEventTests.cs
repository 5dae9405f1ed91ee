using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>A reading salon's attendance under the fake clock: recorded from the day, members only, within its seats.</summary>
[Collection(ProcessTests.Name)]
public sealed class SalonEventTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Attendance_OnTheDay_MembersOnlyOnceEachWithinCapacity_RefusalsChangeNothing()
    {
        var (harness, _) = await AssociationHarness.StartAsync(azurite);
        await using var _ = harness;
        await harness.EnrolAsync("stf-701", "stf-702", "stf-703", "stf-704");
        var desk = harness.AssociationDesk();
        var startsAt = harness.Time.GetUtcNow().AddDays(2);
        var salon = new EventForm("《给教师的建议》读书沙龙", "reading-salon", startsAt, "青州市实验中学图书馆", 3);

        var defined = await desk.DefineEventAsync("salon-2026-09", salon, CancellationToken.None);
        var again = await desk.DefineEventAsync("salon-2026-09", salon, CancellationToken.None);
        var badKind = await desk.DefineEventAsync("party", salon with { Kind = "party", Capacity = 0 }, CancellationToken.None);
        var tooEarly = await desk.RecordAttendanceAsync("salon-2026-09", new AttendanceForm(["stf-701"]), CancellationToken.None);
        harness.Time.SetUtcNow(startsAt);
        var stranger = await desk.RecordAttendanceAsync("salon-2026-09", new AttendanceForm(["stf-701", "stf-702", "stf-1"]), CancellationToken.None);
        var first = await desk.RecordAttendanceAsync("salon-2026-09", new AttendanceForm(["stf-701", "stf-702"]), CancellationToken.None);
        var repeat = await desk.RecordAttendanceAsync("salon-2026-09", new AttendanceForm(["stf-702", "stf-703"]), CancellationToken.None);
        var full = await desk.RecordAttendanceAsync("salon-2026-09", new AttendanceForm(["stf-704"]), CancellationToken.None);
        var stored = (await harness.AssociationStore().Events.GetAsync("salon-2026-09", CancellationToken.None))!.Record;

        Assert.Equal(201, defined.Status);
        Assert.Equal((409, "eventId"), (again.Status, again.Errors[0].Field));
        Assert.Equal(["kind", "capacity"], badKind.Errors.Select(e => e.Field));
        Assert.Null(await harness.AssociationStore().Events.GetAsync("party", CancellationToken.None));
        Assert.Equal((409, "eventId"), (tooEarly.Status, tooEarly.Errors[0].Field));
        Assert.Equal((422, "memberIds[2]"), (stranger.Status, stranger.Errors.Single().Field));
        Assert.Equal((200, 200), (first.Status, repeat.Status));
        Assert.Equal((422, "memberIds"), (full.Status, full.Errors[0].Field));
        Assert.Equal(["stf-701", "stf-702", "stf-703"], stored.Attendees);
    }
}
