using EduFlows.Durable;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.DepartmentAssessment;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using static EduFlows.Tests.Processes.StaffReallocation.County;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The reallocation's tasks about one person (direct-appointment confirmation, support-teaching volunteering, the
/// cross-school list, an appeal, an unplaced case) name them in their subject as the directory has them, "… · 申诉 · 孙德胜",
/// and so do the timers that quote the subject ("催办提醒：…"): staff read no id there; one the directory lacks is a
/// readable placeholder. The people's names are read in bulk, one directory query per batch.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class TaskSubjectPersonNamesTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private const string Title = "2026年县管校聘";
    private const string Math = "primary:math";
    private const string Chinese = "primary:chinese";

    // The three-school county of StaffReallocationOrchestrationTests, each person with a Chinese name.
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["stf-pa"] = "陈校长", ["stf-a1"] = "张一鸣", ["stf-a2"] = "李二华", ["stf-a3"] = "王三丽", ["stf-a4"] = "赵四海", ["stf-a5"] = "钱五福",
        ["stf-a6"] = "周六顺", ["stf-aold"] = "孙德胜", ["stf-pb"] = "吴校长", ["stf-b1"] = "郑一帆", ["stf-b2"] = "冯二江", ["stf-b3"] = "褚三明",
        ["stf-b4"] = "卫四平", ["stf-b5"] = "蒋五云", ["stf-pr"] = "沈校长", ["stf-r1"] = "韩一林", ["stf-r2"] = "杨二娟", ["stf-3"] = "赵主任",
    };

    [Fact]
    public async Task RunAsync_TasksAboutAPerson_NameThemInSubjectAndTimerPurpose_NeverByTheirId()
    {
        await using var harness = await ReallocationHarness.StartAsync(azurite, ReallocationCounty.ThreeSchools.Named(Names));
        var client = harness.Host.Client;
        var published = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal)
        {
            ["stf-pa"] = new() { ["primary-math"] = "4", ["primary-chinese"] = "2" },
            ["stf-pb"] = new() { ["primary-math"] = "6", ["primary-chinese"] = "1" },
            ["stf-pr"] = new() { ["primary-math"] = "3", ["primary-chinese"] = "1" },
        };
        Dictionary<string, string?>? Answer(StaffTask task) => task.Kind switch
        {
            "reallocation-posts" => published[task.AssigneeId],
            "reallocation-posts-approval" => new() { ["decision"] = "approve" },
            "reallocation-direct-confirm" => new() { ["decision"] = task.Id.EndsWith("stf-aold", StringComparison.Ordinal) ? "decline" : "confirm" },
            "reallocation-support-volunteer" => new() { ["decision"] = task.AssigneeId == "stf-a5" ? "volunteer" : "decline" },
            "reallocation-ranked-list" when task.AssigneeId == "stf-a4" => new() { ["choices"] = $"sch-b:{Math}" },
            "reallocation-ranked-list" when task.AssigneeId == "stf-b5" => new() { ["choices"] = $"sch-a:{Chinese}\nsch-r:{Chinese}" },
            "reallocation-appeal-review" => new() { ["decision"] = "uphold", ["note"] = "经核实符合临近退休条件，应予直接聘用" },
            "reallocation-unplaced" => new() { ["decision"] = "other", ["note"] = "待岗培训" },
            _ => null,
        };

        // The first task of each kind about a person stays open until the run is quiet, so its published timer can be read.
        string[] aboutAPerson = ["reallocation-direct-confirm", "reallocation-support-volunteer", "reallocation-ranked-list", "reallocation-appeal-review", "reallocation-unplaced"];
        var held = new List<StaffTask>();
        var read = new List<(StaffTask Task, string Purpose)>();
        bool appealed = false;
        var driver = new ProcessDriver(harness, task =>
        {
            if (aboutAPerson.Contains(task.Kind) && !held.Any(h => h.Kind == task.Kind))
            {
                held.Add(task);
                return null;
            }

            return Answer(task);
        });

        await ReallocationHarness.ScheduleAsync(client, ReallocationHarness.Start(Id));
        await driver.RunUntilAsync(
            async () =>
            {
                if (held.FirstOrDefault(h => !read.Any(r => r.Task.Id == h.Id)) is { } task)
                {
                    var instance = await client.GetInstanceAsync(task.InstanceId);
                    Assert.True(TimerStatus.TryRead(instance?.SerializedCustomStatus, out var timer) && timer is not null, $"{task.InstanceId} publishes no timer.");
                    read.Add((task, timer!.Purpose));
                    // Then answered as the others are (a list nobody submits is left to expire).
                    if (Answer(task) is { } values)
                    {
                        var outcome = await harness.Desk.SubmitAsync(client, task.Id, task.AssigneeId, values, CancellationToken.None);
                        Assert.Equal(SubmitResult.Accepted, outcome.Result);
                        await harness.Host.WaitForHistoryAsync(task.InstanceId, h => h.OfType<global::DurableTask.Core.History.EventRaisedEvent>().Any(e => e.Name == task.EventName));
                    }

                    return false;
                }

                var meta = await client.GetInstanceAsync(Id);
                if (!appealed && meta?.ReadCustomStatusAs<ReallocationProgress>() is { Stage: "appeal:DirectAppointment" })
                {
                    await client.RaiseEventAsync(Id, ReallocationProcess.AppealEvent, new ReallocationAppeal("stf-aold", "本人已满59周岁，符合直接聘用条件，校长未予确认"));
                    appealed = true;
                    return false;
                }

                return meta?.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
            },
            TimeSpan.FromMinutes(10));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync(Id))!.RuntimeStatus);
        Assert.Equal(aboutAPerson.Order(), read.Select(r => r.Task.Kind).Order());
        var worded = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reallocation-direct-confirm"] = "县管校聘：直接聘用确认",
            ["reallocation-support-volunteer"] = "县管校聘：支教交流报名",
            ["reallocation-ranked-list"] = "县管校聘：跨校竞聘志愿",
            ["reallocation-appeal-review"] = "直接聘用 · 申诉",
            ["reallocation-unplaced"] = "落聘处理",
        };
        foreach (var (task, purpose) in read)
        {
            // The person the task is about: the appellant, or the one its id ends with ("{kind}-{reallocation}-{staff id}").
            string person = task.Kind == "reallocation-appeal-review" ? "stf-aold" : task.Id[$"{task.Kind}-{Id}-".Length..];
            string subject = $"{Title} · {worded[task.Kind]} · {Names[person]}";
            Assert.Equal((task.Kind, subject), (task.Kind, task.Subject));
            // "催办提醒：{subject}（{assignee}）", or for a window of several "N 项任务催办提醒，如：{subject}（{assignee}）",
            // naming its first task: each kind's first by id, held open here.
            Assert.Contains("催办提醒", purpose, StringComparison.Ordinal);
            Assert.Contains($"{subject}（{Names[task.AssigneeId]}）", purpose, StringComparison.Ordinal);
            Assert.DoesNotContain("stf-", purpose, StringComparison.Ordinal);
        }

        Assert.Equal("stf-b5", read.Single(r => r.Task.Kind == "reallocation-unplaced").Task.Id[^6..]);

        // No task of the run, about a person or a school, shows an id in its subject.
        var all = driver.Seen.Select(t => t.Subject).ToList();
        Assert.Contains(all, s => s.EndsWith("岗位发布", StringComparison.Ordinal));
        Assert.All(all, s => Assert.DoesNotContain("stf-", s, StringComparison.Ordinal));
        Assert.All(all, s => Assert.StartsWith(Title + " · ", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildTasks_PeopleOfABatch_NamedFromOneDirectoryQuery_TheOneMissingByAPlaceholder()
    {
        var (activities, store, hub) = await CountyAsync();
        string[] keys = ["stf-b5", "stf-b6", "stf-b7"];
        foreach (string key in keys)
        {
            var who = Staff(key, "sch-b", int.Parse(key[^1..], System.Globalization.CultureInfo.InvariantCulture), section: "primary", subject: "chinese");
            await store.People.PutAsync(
                new PersonRecord { ReallocationId = Id, Participant = who, PrincipalId = "stf-p2", Unplaced = new UnplacedCase(key, "sch-b", ["cross-school competition: no ranked list submitted"]) },
                CancellationToken.None);
        }

        var start = new ReallocationStart(Id, "stf-3", new DateOnly(2027, 7, 1), [], StaffReallocationOptions.Default);
        var due = new DateTime(2027, 8, 20, 9, 0, 0, DateTimeKind.Utc);
        var (unplaced, requests) = await StorageRequests.CountAsync(() => activities.BuildTasksAsync(new(start, StaffReallocationActivities.Steps.Unplaced, keys, due, 1, null), CancellationToken.None));
        var volunteers = await activities.BuildTasksAsync(new(start, StaffReallocationActivities.Steps.Volunteer, keys, due, 1, null), CancellationToken.None);

        // stf-b7 left the directory: named by the placeholder, not by the id; the facts keep the id the bureau acts on.
        Assert.Equal(["2027年县管校聘 · 落聘处理 · 王老师", "2027年县管校聘 · 落聘处理 · 李老师", "2027年县管校聘 · 落聘处理 · 教师（档案缺失）"], unplaced.Select(r => r.Request.Subject));
        Assert.Equal(["2027年县管校聘 · 县管校聘：支教交流报名 · 王老师", "2027年县管校聘 · 县管校聘：支教交流报名 · 李老师", "2027年县管校聘 · 县管校聘：支教交流报名 · 教师（档案缺失）"], volunteers.Select(r => r.Request.Subject));
        Assert.Equal(["王老师（stf-b5）", "李老师（stf-b6）", "stf-b7"], volunteers.Select(r => r.Request.Context.Single(f => f.Key == "教职工 Staff").Value));
        Assert.All(unplaced.Concat(volunteers), r => Assert.Equal("2027年县管校聘", r.Request.Context.Single(f => f.Key == "县管校聘 Reallocation").Value));
        // One query for the batch's staff (a range of ids), not a read per person.
        Assert.Single(requests, r => r.Contains(hub + "DirStaff", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WordAsync_AppealAndObjectionReviews_NameThePersonAndTheReallocation_AMissingOneByAPlaceholder()
    {
        var (_, store, hub) = await CountyAsync();
        await store.Reallocations.PutAsync(new ReallocationRecord { Id = Id, OwnerId = "stf-3", AsOf = new DateOnly(2027, 7, 1) }, CancellationToken.None);
        var wording = new ReviewTaskWording(new DirectoryStore(azurite.ConnectionString, hub + "Dir"), store);
        var due = new DateTime(2027, 8, 20, 9, 0, 0, DateTimeKind.Utc);
        // As the orchestrators ask for them (StaffReallocation.AppealWindowAsync, PointsObjectionWindow).
        var appeal = new StaffTaskRequest(StaffReallocationTasks.AppealReview.Name, "stf-3", "2027年县管校聘 · 直接聘用 · 申诉 · stf-b5", due)
        {
            Context = [new("教职工 Staff", "stf-b5"), new("轮次 Round", "直接聘用"), new("申诉理由 Reason", "校长未予确认")],
        };
        var objection = new StaffTaskRequest(PointsObjectionTasks.Review.Name, "stf-3", $"县管校聘 {Id} · 积分异议 · stf-b6", due)
        {
            Context = [new("县管校聘 Reallocation", Id), new("教职工 Staff", "stf-b6"), new("异议理由 Reason", "支教年限少算一年"), new("提出人 Lodged by", PointsObjectionApi.ByMasterKey)],
        };
        var missing = appeal with { Subject = "2027年县管校聘 · 直接聘用 · 申诉 · stf-b7", Context = [new("教职工 Staff", "stf-b7"), new("提出人 Lodged by", "stf-b5")] };

        var worded = await wording.WordAsync(appeal, CancellationToken.None);
        var wordedObjection = await wording.WordAsync(objection, CancellationToken.None);
        var wordedMissing = await wording.WordAsync(missing, CancellationToken.None);

        Assert.Equal("2027年县管校聘 · 直接聘用 · 申诉 · 王老师", worded.Subject);
        Assert.Equal("王老师（stf-b5）", worded.Context[0].Value);
        Assert.Equal(appeal.Context.Skip(1), worded.Context.Skip(1));
        Assert.Equal("2027年县管校聘 · 积分异议 · 李老师", wordedObjection.Subject);
        Assert.Equal("2027年县管校聘 · 直接聘用 · 申诉 · 教师（档案缺失）", wordedMissing.Subject);
        // The facts staff read name the reallocation by its title and who brought it in Chinese, not by ids or English.
        Assert.Equal(
            [new("县管校聘 Reallocation", "2027年县管校聘"), new("教职工 Staff", "李老师（stf-b6）"), new("异议理由 Reason", "支教年限少算一年"), new("提出人 Lodged by", "管理员（主密钥）")],
            wordedObjection.Context);
        Assert.Equal([new("教职工 Staff", "stf-b7"), new("提出人 Lodged by", "王老师（stf-b5）")], wordedMissing.Context);
        Assert.Equal(new[] { StaffReallocationTasks.AppealReview.Name, PointsObjectionTasks.Review.Name }, wording.Kinds);
    }

    private async Task<(StaffReallocationActivities Activities, StaffReallocationStore Store, string Hub)> CountyAsync()
    {
        string hub = AzuriteFixture.NewHubName();
        var store = ReallocationHarness.NewStore(azurite, hub);
        var directory = new DirectoryStore(azurite.ConnectionString, hub + "Dir");
        await directory.Schools.ApplyAsync([new School("sch-b", "西苑小学", "primary", "城关镇", false, "stf-p2")], CancellationToken.None);
        // Others around the batch's ids, so a read of the whole directory would show.
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-a1", "张老师", null) with { SchoolId = "sch-b" },
                TaskHarness.Staff("stf-b5", "王老师", null) with { SchoolId = "sch-b" },
                TaskHarness.Staff("stf-b6", "李老师", null) with { SchoolId = "sch-b" },
                TaskHarness.Staff("stf-p2", "陈校长", null) with { SchoolId = "sch-b", Post = "principal" },
            ],
            CancellationToken.None);
        return (ReallocationHarness.Activities(store, directory: directory), store, hub);
    }
}
