using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ReservePool;

/// <summary>
/// The entry activity other processes call (<see cref="ReservePoolApi.EnterActivity"/>): an activity runs at least once,
/// so the same entry run again (a replay after a crash) must enter the person once with one file entry, and a bad
/// request must write nothing.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReservePoolEntryActivityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnterActivity_RunTwiceFromARenewalRound_EntersOnceWithOneFileEntry_BadRequestsWriteNothing()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddReservePool(),
            services: (s, storage, hub) => s.AddReservePoolServices(storage, hub).AddTrainingServices(storage, hub),
            startAt: new DateTimeOffset(2026, 10, 10, 2, 0, 0, TimeSpan.Zero));
        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(
            [TaskHarness.Staff("stf-42", "陈主任", "chen.mid@qz.example.cn") with { BirthDate = new DateOnly(1984, 3, 1), Section = "nine-year" }],
            CancellationToken.None);
        var activity = new ReservePoolApi(harness.Services.GetRequiredService<ReservePoolDesk>(), harness.Services.GetRequiredService<DirectoryStore>());
        var store = harness.Services.GetRequiredService<ReservePoolStore>();
        var entry = new PoolEntryRequest("stf-42", "principal", "renewal", "renewal-2026-sch-qc");

        bool first = await activity.EnterFromProcessAsync(entry, CancellationToken.None);
        bool again = await activity.EnterFromProcessAsync(entry, CancellationToken.None);
        bool unknown = await activity.EnterFromProcessAsync(entry with { StaffId = "stf-999" }, CancellationToken.None);
        bool badSource = await activity.EnterFromProcessAsync(new PoolEntryRequest("stf-43", "principal", "lottery", "x"), CancellationToken.None);

        Assert.Equal((true, true, false, false), (first, again, unknown, badSource));
        var member = Assert.Single(await store.AllAsync(CancellationToken.None));
        Assert.Equal(("stf-42", "principal", "renewal", "renewal-2026-sch-qc", new DateOnly(2026, 10, 10)), (member.StaffId, member.Pool, member.Source, member.SourceReference, member.EnteredOn));
        var file = await store.FileOfAsync("stf-42", CancellationToken.None);
        Assert.Equal("经续聘轮次（renewal-2026-sch-qc）进入后备校长人才库。", Assert.Single(file, e => e.Kind == PoolEntryKinds.Entry).Text);
        Assert.Empty(await store.FileOfAsync("stf-43", CancellationToken.None));
        Assert.Empty(await store.FileOfAsync("stf-999", CancellationToken.None));
    }
}
