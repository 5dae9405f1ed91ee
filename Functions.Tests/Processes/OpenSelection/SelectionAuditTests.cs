using EduFlows.Processes.OpenSelection;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>A selection's trail becomes audit-log appends with stable entry ids.</summary>
public sealed class SelectionAuditTests
{
    [Fact]
    public void Appends_OnePerStep_StableIds_ChineseReadablePayload()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var selection = new SelectionCase("cadres-2017", SelectionRulesTests.Announcement(), zone);
        var at = new DateTimeOffset(2016, 12, 5, 9, 0, 0, TimeSpan.FromHours(8));
        Assert.Null(selection.Apply(new() { Id = "stf-1", Name = "王芳", Gender = "female", Post = "teacher" }, "p01", "简述", at));
        Assert.Null(selection.Decide("stf-1", false, "材料不全", "组织科", at.AddDays(7)));

        var appends = SelectionAudit.Appends(selection);

        Assert.Equal(["cadres-2017-000001", "cadres-2017-000002"], appends.Select(a => a.EntryId));
        Assert.All(appends, a => Assert.Equal("open-selection-cadres-2017", a.Stream));
        Assert.Equal(("eligibility", "组织科", "stf-1"), (appends[1].Kind, appends[1].Actor, appends[1].Subject));
        Assert.Equal("{\"detail\":\"不通过：材料不全\",\"at\":\"2016-12-12T09:00:00+08:00\"}", appends[1].Payload);
        Assert.Equal([appends[1]], SelectionAudit.Appends(selection, fromSeq: 2));
    }
}
