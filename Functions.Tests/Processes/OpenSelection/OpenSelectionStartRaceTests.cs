using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// Two starts of one selection's process at once (the office clicks twice, two members at the same time): both look
/// for the instance before either schedules it. One starts it; the other is told it runs already (409, in Chinese,
/// as a second start is), never a 500 from the scheduler's "already exists".
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OpenSelectionStartRaceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        _today = _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Start_TwiceAtOnce_BothPastTheLookBeforeEitherSchedules_OneStarts_TheOtherGetsTheSecondStartsAnswer()
    {
        string id = await PublishAsync();
        var desk = _app.Services.GetRequiredService<OpenSelectionDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        // Each start's look finds no instance, and waits for the other's look before going on to schedule.
        var bothLooked = new Barrier(2);
        var racing = new LookTogether(client, bothLooked);

        var answers = await Task.WhenAll(
            Task.Run(() => desk.StartAsync(racing, id, new ProcessStart("stf-3", null), CancellationToken.None)),
            Task.Run(() => desk.StartAsync(racing, id, new ProcessStart("stf-3", null), CancellationToken.None)));
        var second = await desk.StartAsync(client, id, new ProcessStart("stf-3", null), CancellationToken.None);

        Assert.Equal(2, racing.Looks);
        Assert.Single(answers, a => a is null);
        var refused = Assert.Single(answers, a => a is not null);
        Assert.NotNull(second);
        Assert.Equal(second, refused);
        Assert.Equal((409, "id", "这次选拔的流程已经启动"), (refused!.Status, refused.Field, refused.ReasonZh));
        Assert.NotNull(await client.GetInstanceAsync(OpenSelectionOrchestration.InstanceIdOf(id), CancellationToken.None));
    }

    [Fact]
    public async Task StartRoute_TwoPostsAtOnce_202AndA409InChinese_Never500()
    {
        string id = await PublishAsync();
        using var office = StaffSessions.Browser(_app);
        office.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => office.PostAsJsonAsync($"/api/open-selections/{id}/process", new { officeId = "stf-3" })));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var conflict = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var body = (await conflict.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("id", (string)body["field"]!);
        Assert.StartsWith("这次选拔的流程已经启动", (string)body["detail"]!, StringComparison.Ordinal);
    }

    private async Task<string> PublishAsync()
    {
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        // Applications open in a week: a started run only waits for its deadline.
        var announcement = new SelectionAnnouncement
        {
            Title = "2017年教育局中层干部阳光选优",
            Posts = [new SelectionPost("p01", "人事科副科长", 1, 0)],
            Weights = new StageWeights(40, 60),
            Timetable = new SelectionTimetable(_today.AddDays(7), _today.AddDays(8), _today.AddDays(9), _today.AddDays(10), _today.AddDays(11), 5),
            JudgesPerGroup = 1,
        };
        Assert.True(await _app.Services.GetRequiredService<OpenSelectionStore>().PublishAsync(id, announcement, DateTimeOffset.UtcNow, CancellationToken.None));
        return id;
    }

    /// <summary>The app's client, except that a look for an instance returns only once both starts have looked.</summary>
    private sealed class LookTogether(DurableTaskClient inner, Barrier bothLooked) : ForwardingDurableTaskClient(inner, "look-together")
    {
        private int _looks;

        public int Looks => Volatile.Read(ref _looks);

        public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            var found = await Inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            Interlocked.Increment(ref _looks);
            Assert.True(bothLooked.SignalAndWait(TimeSpan.FromSeconds(30), cancellation), "the other start did not look");
            return found;
        }
    }
}
