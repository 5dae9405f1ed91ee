using System.Text.Json;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.StaffReallocation.Office;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Workbench;
using MiniExcelLibs;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// One wording of the reallocation's rounds and stages (<see cref="ReallocationNames"/>): the office page, the
/// workbench's stage column (<see cref="ProcessStage"/>) and the report, its page and its Excel file, say the same.
/// </summary>
public sealed class ReallocationNamesTests
{
    private const string Id = "staff-reallocation-2027";
    private static readonly BureauClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly OfficeLinks Chinese = new(string.Empty, null, "zh-CN");
    private static readonly OfficeLinks English = new(string.Empty, null, "en");

    [Fact]
    public void EveryRound_IsNamedTheSame_OnTheOfficePage_InTheWorkbench_AndInTheReport()
    {
        var state = CountyState.Start([], []);
        var report = ReallocationReport.Of(state);
        var record = new ReallocationRecord { Id = Id, OwnerId = "stf-3", AsOf = new DateOnly(2027, 9, 1), Stage = "finished" };

        var office = ReallocationOfficeView.Of(
            record, state, [], [], new Dictionary<string, School>(), new Dictionary<string, string>(), "已完成", [], new Dictionary<string, OpenTaskRow>(), [], Chinese, Clock)
            .Rounds.Select(r => r.Title).ToList();
        var page = ReallocationReportView.Of(Id, report, new Dictionary<string, School>()).Rows.Select(r => r.Name ?? string.Empty).ToList();
        using var file = new MemoryStream();
        ReallocationReportFile.Write(file, report);
        file.Position = 0;
        var sheet = file.Query(useHeaderRow: true, sheetName: ReallocationReportFile.RoundsSheet).Cast<IDictionary<string, object?>>()
            .Select(r => Convert.ToString(r[ReallocationReportFile.Header[1]], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var workbench = ReallocationProcess.Rounds.Select(r => Describe(r.ToString(), "zh-CN")).Append(Describe("unplaced", "zh-CN")).ToList();
        var appealWindows = ReallocationProcess.Rounds.Select(r => Describe("appeal:" + r, "zh-CN")).ToList();
        var appealReviews = ReallocationProcess.Rounds.Select(r => Describe(ReallocationProcess.AppealReviewStage(r), "zh-CN")).ToList();

        string[] rounds = ["第一轮 直接聘用", "第二轮 支教交流", "第三轮 校内竞聘", "第四轮 跨校竞聘", "落聘处理（教育局）"];
        Assert.Equal(rounds, office);
        Assert.Equal(rounds, page);
        Assert.Equal(rounds, sheet);
        Assert.Equal([.. rounds[..4].Select(r => r + " · 进行中"), rounds[4]], workbench);
        Assert.Equal(rounds[..4].Select(r => r + " · 结果公布，申诉期"), appealWindows);
        Assert.Equal(rounds[..4].Select(r => r + " · 申诉期已结束，教育局处理申诉"), appealReviews);
    }

    /// <summary>Every stage the reallocation records or publishes.</summary>
    public static TheoryData<string> Stages()
    {
        var stages = new TheoryData<string>();
        IEnumerable<string> all =
        [
            PointsObjectionWindow.Stage, StaffReallocationActivities.Steps.Posts, .. Enum.GetNames<Round>(), .. ReallocationProcess.Rounds.Select(r => "appeal:" + r),
            .. ReallocationProcess.Rounds.Select(ReallocationProcess.AppealReviewStage),
            StaffReallocationActivities.Steps.Unplaced, "finished",
        ];
        foreach (string stage in all)
        {
            stages.Add(stage);
        }

        return stages;
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void EveryStage_ReadsTheSame_InTheWorkbench_AsOnTheOfficePage(string stage)
    {
        Assert.Equal(ReallocationOfficeWords.Stage(stage, Chinese), Describe(stage, "zh-CN"));
        Assert.Equal(ReallocationOfficeWords.Stage(stage, English), Describe(stage, "en"));
        Assert.NotEqual(Describe(stage, "zh-CN"), Describe(stage, "en"));
    }

    // The custom status the orchestration publishes, read as the workbench reads it.
    private static string Describe(string stage, string culture) =>
        ProcessStage.Describe(JsonSerializer.Serialize(new ReallocationProgress(Id, stage, "appeals")), culture, Clock);
}
