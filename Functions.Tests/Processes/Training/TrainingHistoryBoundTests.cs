using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// Issue 21's history bound for training and lectures: zero events. Registration, check-in, feedback and credited hours
/// are single writes to the training tables (the capacity guarded by the lecture's ETag), so a lecture at the demo's
/// full size (200 seats) runs no orchestration whose history could grow; this holds it to that.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class TrainingHistoryBoundTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AFullDemoLecture_RegisteredCheckedInAndRated_StartsNoOrchestration()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub));
        var county = DemoCounty.Generate();
        var demo = TrainingDemo.LecturesOf(county, 2026).Where(l => l.Seats.Count == TrainingDemo.LectureSeats).First();
        var people = demo.Seats.Select(s => s.StaffId).ToHashSet(StringComparer.Ordinal);
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        await directory.Schools.ApplyAsync([.. county.Schools], CancellationToken.None);
        await directory.Staff.ApplyAsync([.. county.Staff.Where(s => people.Contains(s.Id))], CancellationToken.None);
        var store = harness.Services.GetRequiredService<TrainingStore>();
        var lecture = demo with { Seats = [], Waiting = [], Date = new DateOnly(2026, 10, 15) };
        Assert.True(await store.Lectures.TryAddAsync(lecture, CancellationToken.None));
        var desk = harness.Services.GetRequiredService<TrainingDesk>();
        foreach (string id in people)
        {
            Assert.Equal(RegistrationOutcome.Registered, (await desk.RegisterAsync(lecture.Id, id, CancellationToken.None)).Outcome);
        }

        harness.Time.SetUtcNow(new DateTimeOffset(lecture.Date.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8)));
        string code = harness.Services.GetRequiredService<TrainingLinks>().CheckInCode(lecture);
        foreach (string id in people)
        {
            Assert.Null((await desk.CheckInAsync(lecture.Id, code, id, CancellationToken.None)).Refusal);
            Assert.Null((await desk.FeedbackAsync(lecture.Id, id, 5, "很有收获。", CancellationToken.None)).Refusal);
        }

        var attended = await store.AttendanceOfLectureAsync(lecture.Id, CancellationToken.None);
        Assert.Equal((TrainingDemo.LectureSeats, TrainingDemo.LectureSeats * lecture.Hours), (attended.Count, attended.Sum(a => a.Hours)));
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in harness.Host.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        Assert.Empty(instances);
    }
}
