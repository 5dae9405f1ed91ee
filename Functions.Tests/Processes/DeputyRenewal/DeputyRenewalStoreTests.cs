using System.Text.Json;
using Azure.Data.Tables;
using EduFlows.DurableTask;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using RenewalProcess = EduFlows.Processes.DeputyRenewal.DeputyRenewal;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>
/// Issue 21's second bound: a school's round at its limit of <see cref="RenewalProcess.MaxObjectionEvents"/> objections,
/// each as long as allowed (objector 100 characters, objection 500, the bureau's note 1,000), against Azurite. The record
/// keeps counts only and every objection reads back whole; records of either earlier shape still read.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeputyRenewalStoreTests(AzuriteFixture azurite)
{
    // The record's row as stored stays this small at the limit (it is about 1,000 characters without objections).
    private const int RecordRowBound = 4_000;

    [Fact]
    public async Task Save_TheLimitOfLongestObjections_RecordRowStaysSmall_EveryObjectionReadsWhole()
    {
        var (store, rounds) = CreateSut();
        var objections = Enumerable.Range(1, RenewalProcess.MaxObjectionEvents).Select(n => Longest(n, n % 2 == 0 ? "stf-42" : "stf-43")).ToList();
        foreach (var objection in objections)
        {
            await store.Objections.PutAsync(objection, CancellationToken.None);
        }

        await store.SaveAsync(Record(), CancellationToken.None);

        var read = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        var ofRound = Assert.Single(await store.OfRoundAsync("2026", CancellationToken.None));
        Assert.Equal([0, 0, 100, 100], read.Candidates.Select(c => c.ObjectionCount));
        Assert.Equal([0, 0, 100, 100], ofRound.Candidates.Select(c => c.ObjectionCount));
        Assert.Equal(objections.Where(o => o.AgainstStaffId == "stf-42").Select(o => o.Line()), read.Candidates[2].Objections);
        Assert.Equal(objections.Where(o => o.AgainstStaffId == "stf-43").Select(o => o.Line()), ofRound.Candidates[3].Objections);
        Assert.All(read.Candidates[2].Objections, line => Assert.Equal(100 + 1 + 500 + 3 + 5 + 1 + 1000 + 1, line.Length));
        Assert.True(await RowLengthAsync(rounds) < RecordRowBound, $"the record's row is {await RowLengthAsync(rounds)} characters");
    }

    [Fact]
    public async Task Save_ARoundOnTheFirstPathCarryingTheLimitOfLongestLines_MovesThemToRows()
    {
        // A round started before 3.0 keeps each objection's line in its record; at the limit they would not fit one row.
        var (store, rounds) = CreateSut();
        var lines = Enumerable.Range(1, RenewalProcess.MaxObjectionEvents).Select(n => Longest(n, "stf-42").Line()).ToList();
        var record = Record() with { Candidates = [.. Record().Candidates.Select(c => c.StaffId == "stf-42" ? c with { Objections = lines } : c)] };

        await store.SaveAsync(record, CancellationToken.None);

        var read = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        Assert.Equal(lines, read.Candidates[2].Objections);
        Assert.Equal(RenewalProcess.MaxObjectionEvents, read.Candidates[2].ObjectionCount);
        Assert.Equal(RenewalProcess.MaxObjectionEvents, (await store.Objections.OfRecordAsync(record.Id, CancellationToken.None)).Count);
        Assert.Empty((await store.Rounds.GetAsync(record.Id, CancellationToken.None))!.Record.Candidates[2].Objections);
        Assert.True(await RowLengthAsync(rounds) < RecordRowBound, $"the record's row is {await RowLengthAsync(rounds)} characters");
    }

    [Fact]
    public async Task Get_ARecordStoredWithItsLines_ReadsThemAndCountsThem()
    {
        // Stored before objections had rows: the lines in the record's own row.
        var (store, _) = CreateSut();
        string[] lines = ["张老师 13800000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）"];
        await store.Rounds.PutAsync(Record() with { Candidates = [.. Record().Candidates.Select(c => c.StaffId == "stf-42" ? c with { Objections = lines } : c)] }, CancellationToken.None);

        var read = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        var ofRound = Assert.Single(await store.OfRoundAsync("2026", CancellationToken.None));

        Assert.Equal(lines, read.Candidates[2].Objections);
        Assert.Equal(lines, ofRound.Candidates[2].Objections);
        Assert.Equal([0, 0, 1, 0], read.Candidates.Select(c => c.ObjectionCount));
    }

    [Fact]
    public async Task Get_DuringTheNotice_CountsEachPersonsRowsSoFar()
    {
        // The record is saved as the notice starts; objections come as rows afterwards, one still being looked into.
        var (store, _) = CreateSut();
        await store.SaveAsync(Record() with { Stage = "notice" }, CancellationToken.None);
        await store.Objections.PutAsync(Longest(1, "stf-43") with { Objector = "张老师", Reason = "听说其曾有违规补课。", Note = "经核查无此事。" }, CancellationToken.None);
        await store.Objections.PutAsync(new RenewalObjectionFinding("2026", "sch-qc", 2, "stf-43") { Objector = "李老师", Reason = "其在职称评审中材料造假。" }, CancellationToken.None);

        var read = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;

        Assert.Equal([0, 0, 0, 2], read.Candidates.Select(c => c.ObjectionCount));
        Assert.Equal(["张老师：听说其曾有违规补课。 → 异议不成立（经核查无此事。）", "李老师：其在职称评审中材料造假。 → 核查中"], read.Candidates[3].Objections);
    }

    [Fact]
    public async Task Get_ARecordStoredWithACount_ReadsIt_CountsItsLines_NoCountWrittenAgain()
    {
        // Stored while the count was written: in the row, 5 against stf-42 (who has 1 line), 0 for the others.
        var (store, rounds) = CreateSut();
        string[] lines = ["张老师 13800000000：听说其曾有违规补课。 → 异议不成立（经核查无此事。）"];
        var earlier = JsonSerializer.SerializeToNode(Record() with { Candidates = [.. Record().Candidates.Select(c => c.StaffId == "stf-42" ? c with { Objections = lines } : c)] }, RecordJson.Options)!;
        foreach (var person in earlier["candidates"]!.AsArray())
        {
            person!["objectionCount"] = person["staffId"]!.GetValue<string>() == "stf-42" ? 5 : 0;
        }

        await rounds.CreateIfNotExistsAsync();
        await rounds.UpsertEntityAsync(new TableEntity("2026-sch-qc", "2026-sch-qc") { ["Json"] = earlier.ToJsonString(), ["RoundId"] = "2026", ["SchoolId"] = "sch-qc", ["Stage"] = "done" });

        var read = (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!;
        Assert.Equal([0, 0, 1, 0], read.Candidates.Select(c => c.ObjectionCount));

        // Neither its row, once saved again, nor an orchestration's output or status (the payload JSON) holds a count.
        await store.SaveAsync(read, CancellationToken.None);
        var row = (await rounds.GetEntityAsync<TableEntity>("2026-sch-qc", "2026-sch-qc")).Value.GetString("Json");
        Assert.DoesNotContain("objectionCount", row, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("objectionCount", PayloadJson.Serialize(read)!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([0, 0, 1, 0], (await store.GetAsync("2026", "sch-qc", CancellationToken.None))!.Candidates.Select(c => c.ObjectionCount));
    }

    // The store on a hub of its own, and the table its records are stored in.
    private (DeputyRenewalStore Store, TableClient Rounds) CreateSut()
    {
        string hub = AzuriteFixture.NewHubName();
        return (new DeputyRenewalStore(StorageAccount.FromConnectionString(azurite.ConnectionString), hub), new TableClient(azurite.ConnectionString, hub + "DeputyRenewals"));
    }

    // The characters of the record's row as stored.
    private static async Task<int> RowLengthAsync(TableClient rounds) =>
        (await rounds.GetEntityAsync<TableEntity>("2026-sch-qc", "2026-sch-qc")).Value.GetString("Json").Length;

    private static RenewalRecord Record() => new("2026", "sch-qc", "旗城学校", "stf-10", "stf-3")
    {
        Stage = "done",
        Candidates =
        [
            new RenewalCandidate("stf-40", "王副校长", "vice-principal") { Proposal = RenewalChoices.Renew, Result = RenewalChoices.Renewed },
            new RenewalCandidate("stf-41", "李副校长", "vice-principal") { Proposal = RenewalChoices.Renew, Result = RenewalChoices.Renewed },
            new RenewalCandidate("stf-42", "陈主任", "mid-level-leader") { Proposal = RenewalChoices.Promote, Result = RenewalChoices.Promoted },
            new RenewalCandidate("stf-43", "韩主任", "mid-level-leader") { Proposal = RenewalChoices.Promote, Result = RenewalChoices.Promoted },
        ],
    };

    // As long as the objection API (objector 100, reason 500) and the review's form (note 1,000) allow.
    private static RenewalObjectionFinding Longest(int number, string against) => new("2026", "sch-qc", number, against)
    {
        Objector = new string('群', 99) + (number % 10),
        Reason = new string('异', 500),
        Concluded = true,
        Finding = "dismiss",
        Note = new string('查', 1000),
        FoundBy = "stf-3",
    };
}
