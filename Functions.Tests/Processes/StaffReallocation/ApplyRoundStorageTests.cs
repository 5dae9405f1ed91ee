using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// ApplyRound's storage traffic on Azurite, counted on the wire: a round that changes hundreds of people writes them as
/// entity transactions, and an activity stopped part-way and run again tells everyone it changed, each once.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class ApplyRoundStorageTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private const int People = 450;

    [Fact]
    public async Task ApplyRound_InSchoolOverHundreds_WritesThemAsTransactions_AndARunChangingNobodyWritesNothing()
    {
        var wire = new Wire();
        var store = await CountyAsync(wire);
        var activities = ReallocationHarness.Activities(store);
        var at = new DateTimeOffset(2027, 7, 20, 9, 0, 0, TimeSpan.Zero);

        wire.Reset();
        var changed = await activities.ApplyRoundAsync(new(Id, Round.InSchoolCompetition, false, at), CancellationToken.None);
        int firstWrites = wire.Writes, firstRequests = wire.Requests;
        wire.Reset();
        var again = await activities.ApplyRoundAsync(new(Id, Round.InSchoolCompetition, false, at.AddDays(1)), CancellationToken.None);

        Assert.Equal(People, changed.Count);
        // 450 rows in transactions of 100: 5 writes, not 450; the reads are a page of people, the posts and the rankings.
        Assert.Equal(5, firstWrites);
        Assert.True(firstRequests <= 10, $"{firstRequests} requests");
        Assert.Empty(again);
        Assert.Equal(0, wire.Writes);
        var everyone = await store.PeopleOfAsync(Id, CancellationToken.None);
        Assert.Equal(People, everyone.Count(p => p.Placement is { Round: Round.InSchoolCompetition }));
    }

    [Fact]
    public async Task ApplyRound_StoppedMidWrite_RunAgain_TellsEveryoneOnce_AndRewritesOnlyWhatWasNotStored()
    {
        var wire = new Wire();
        var store = await CountyAsync(wire);
        var activities = ReallocationHarness.Activities(store);
        var input = new StaffReallocationActivities.ApplyInput(Id, Round.InSchoolCompetition, false, new DateTimeOffset(2027, 7, 20, 9, 0, 0, TimeSpan.Zero));

        // The second transaction fails before it is sent (the worker dies or storage refuses): the activity fails part-way.
        wire.Reset();
        wire.FailBatch = 2;
        await Assert.ThrowsAnyAsync<Exception>(() => activities.ApplyRoundAsync(input, CancellationToken.None));
        var stored = (await store.PeopleOfAsync(Id, CancellationToken.None)).Count(p => p.Placement is not null);
        wire.FailBatch = 0;
        wire.Reset();
        var changed = await activities.ApplyRoundAsync(input, CancellationToken.None);

        Assert.InRange(stored, 100, People - 100);
        // The retry's answer is whom the process mails: everyone the round changed, those stored by the first try too.
        Assert.Equal(People, changed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(People, changed.Count);
        Assert.Equal((People - stored + 99) / 100, wire.Writes);
        var everyone = await store.PeopleOfAsync(Id, CancellationToken.None);
        Assert.All(everyone, p => Assert.Single(p.Trace, t => t.Step == nameof(Round.InSchoolCompetition)));
        Assert.All(everyone, p => Assert.Equal(Round.InSchoolCompetition, p.Placement?.Round));
    }

    // One school of 450 in one subject with a seat each, stored as Prepare and the posts window leave them.
    private async Task<StaffReallocationStore> CountyAsync(Wire wire)
    {
        var options = new TableClientOptions();
        options.AddPolicy(wire, HttpPipelinePosition.PerCall);
        var account = new StorageAccount(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString));
        var store = new StaffReallocationStore(account, AzuriteFixture.NewHubName());
        var people = Enumerable.Range(1, People).Select(n => Person(Id, $"stf-{n:D5}", n));
        await store.People.PutAllAsync(people, 16, CancellationToken.None);
        await store.Posts.PutAsync(new SchoolPostsRecord(Id, "sch-a", [Post("sch-a", count: People)], "nobody", DateTimeOffset.UnixEpoch), CancellationToken.None);
        return store;
    }

    /// <summary>Counts the table requests on the wire (writes: anything but GET) and can fail the n-th transaction.</summary>
    private sealed class Wire : HttpPipelinePolicy
    {
        private int _requests, _writes, _batches, _batchesDone;

        public int FailBatch { get; set; }

        public int Requests => Volatile.Read(ref _requests);

        public int Writes => Volatile.Read(ref _writes);

        public void Reset() => (_requests, _writes, _batches, _batchesDone) = (0, 0, 0, 0);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref _requests);
            string path = message.Request.Uri.ToUri().AbsolutePath;
            // Rows written: a table's creation (once per store) is not one.
            if (message.Request.Method != RequestMethod.Get && !path.EndsWith("/Tables", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _writes);
            }

            bool batch = path.EndsWith("$batch", StringComparison.Ordinal);
            if (batch && Interlocked.Increment(ref _batches) == FailBatch)
            {
                // Once the transactions before it are stored, as a worker dying part-way leaves them.
                while (Volatile.Read(ref _batchesDone) < FailBatch - 1)
                {
                    await Task.Delay(10);
                }

                throw new IOException("storage went away before the transaction was sent");
            }

            await ProcessNextAsync(message, pipeline);
            if (batch)
            {
                Interlocked.Increment(ref _batchesDone);
            }
        }
    }
}
