using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The tasks the reallocation gives, as staff and the bureau read them on a Chinese page: the facts' labels (their
/// Chinese half) and values carry no English rule text or codes, only ids.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class UnplacedCaseTaskTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2029";
    private static readonly DateTime Due = new(2027, 8, 20, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task BuildTasks_UnplacedCase_ReadsItsReasonsInChinese_WithTheSchoolAndPostByName()
    {
        var (activities, store) = await CountyAsync();
        var own = Staff("stf-b5", "sch-b", 5, section: "primary", subject: "chinese");
        var lines = new[]
        {
            new UnplacedReason(UnplacedReasonKind.OwnPostFull, own.OwnPostId, 1),
            new UnplacedReason(UnplacedReasonKind.NoneOpen, Count: 2, Subject: "chinese"),
        };
        await store.People.PutAsync(new PersonRecord
        {
            ReallocationId = Id,
            Participant = own,
            Unplaced = new UnplacedCase("stf-b5", "sch-b", [.. lines.Select(l => l.Line)]) { Why = lines },
        }, CancellationToken.None);
        // A case recorded before its reasons were kept whole: its lines are read, and one of no known form is not shown.
        var older = Staff("stf-b6", "sch-b", 6, section: "primary", subject: "chinese");
        await store.People.PutAsync(new PersonRecord
        {
            ReallocationId = Id,
            Participant = older,
            Unplaced = new UnplacedCase("stf-b6", "sch-b", ["cross-school competition: no ranked list submitted", "a line no rule writes"]),
        }, CancellationToken.None);

        var requests = await activities.BuildTasksAsync(new(Start, StaffReallocationActivities.Steps.Unplaced, ["stf-b5", "stf-b6"], Due, 1, null), CancellationToken.None);

        Assert.Equal(["stf-b5", "stf-b6"], requests.Select(r => r.Key));
        var facts = requests[0].Request.Context.Select(f => (ContextLabel.For(f.Key, "zh-CN"), f.Value)).ToList();
        Assert.Equal(
            [
                ("县管校聘", "2027年县管校聘"), // the reallocation by its title, not its instance id
                ("教职工", "王老师（stf-b5）"),
                ("原学校", "西苑小学"),
                ("原岗位", "西苑小学 小学语文"),
                ("落聘原因", "校内竞聘：本人岗位（西苑小学 小学语文）1个岗位已由排名靠前的同事聘任或在前几轮聘满"),
                ("落聘原因", "跨校竞聘：所填2个志愿均不招语文教师"),
            ],
            facts);
        var olderFacts = requests[1].Request.Context.Where(f => f.Key == "落聘原因 Reason").Select(f => f.Value);
        Assert.Equal(["跨校竞聘：未提交志愿", StaffReallocationActivities.OtherReason], olderFacts);
        Assert.All(requests, r => Assert.Empty(ChineseText.LatinWords(Read(r.Request))));
    }

    [Fact]
    public async Task BuildTasks_RankedListAndDirectConfirmation_NameSchoolsSectionsSubjectsAndTheRule_InChinese()
    {
        var (activities, store) = await CountyAsync();
        var teacher = Staff("stf-a4", "sch-a", 4, section: "primary", subject: "mathematics");
        var leader = Staff("stf-p1", "sch-a", 1, section: "primary", subject: "mathematics", post: "principal");
        await store.People.PutAllAsync(
            [
                new PersonRecord { ReallocationId = Id, Participant = teacher, PrincipalId = "stf-p1" },
                new PersonRecord { ReallocationId = Id, Participant = leader, PrincipalId = "stf-p1" },
            ],
            4,
            CancellationToken.None);
        await store.Posts.PutAsync(new SchoolPostsRecord(Id, "sch-b", [Post("sch-b", "primary", "mathematics", count: 2)], "stf-p2", DateTimeOffset.UnixEpoch), CancellationToken.None);

        var ranked = Assert.Single(await activities.BuildTasksAsync(new(Start, StaffReallocationActivities.Steps.Ranked, ["stf-a4"], Due, 1, null), CancellationToken.None));
        var direct = Assert.Single(await activities.BuildTasksAsync(new(Start, StaffReallocationActivities.Steps.Direct, ["stf-p1"], Due, 1, null), CancellationToken.None));

        Assert.Contains(new KeyValuePair<string, string>("学校 学段 学科 School, section, subject", "东关小学 小学数学"), ranked.Request.Context);
        var option = Assert.Single(ranked.Request.Fields![0].Options!);
        Assert.Equal((SchoolPost.IdFor("sch-b", "primary", "mathematics"), "西苑小学 小学数学（2 个岗位）"), (option.Value, option.Label.Zh));
        Assert.Contains(direct.Request.Context, f => f.Key == "依据 Criterion" && f.Value.StartsWith("直接聘用：学校领导岗位", StringComparison.Ordinal));
        Assert.Empty(ChineseText.LatinWords(Read(ranked.Request) + " " + option.Label.Zh));
        Assert.Empty(ChineseText.LatinWords(Read(direct.Request)));
    }

    private static ReallocationStart Start => new(Id, "stf-3", new DateOnly(2027, 7, 1), [], StaffReallocationOptions.Default);

    // The facts as a Chinese task page shows them: each label's Chinese half and its value.
    private static string Read(StaffTaskRequest request) =>
        string.Join("\n", request.Context.Select(f => $"{ContextLabel.For(f.Key, "zh-CN")} {f.Value}"));

    private async Task<(StaffReallocationActivities Activities, StaffReallocationStore Store)> CountyAsync()
    {
        var account = new StorageAccount(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString));
        string hub = AzuriteFixture.NewHubName();
        var store = new StaffReallocationStore(account, hub);
        var directory = new DirectoryStore(account, hub + "Dir");
        await directory.Schools.ApplyAsync(
            [
                new School("sch-a", "东关小学", "primary", "城关镇", false, "stf-p1"),
                new School("sch-b", "西苑小学", "primary", "城关镇", false, "stf-p2"),
            ],
            CancellationToken.None);
        await directory.Staff.ApplyAsync([TaskHarness.Staff("stf-b5", "王老师", null) with { SchoolId = "sch-b" }], CancellationToken.None);
        return (new StaffReallocationActivities(store, directory, null!, null!, null!, null!), store);
    }
}
