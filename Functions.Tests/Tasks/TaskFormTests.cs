using System.Text.Json;
using EduFlows.Tasks;

namespace EduFlows.Tests.Tasks;

/// <summary>Answers checked against a task kind's fields: every problem named by its field, values normalised.</summary>
public sealed class TaskFormTests
{
    private static readonly TaskKind Review = new(
        "self-review",
        new LocalizedText("自评", "Self-review"),
        new LocalizedText("请自评", "Rate yourself"),
        [
            new TaskField("score", new LocalizedText("得分", "Score"), TaskFieldType.Number) { Min = 0, Max = 100 },
            new TaskField("grade", new LocalizedText("等次", "Grade"), TaskFieldType.Choice)
            {
                Options = [new("excellent", new LocalizedText("优秀", "Excellent")), new("pass", new LocalizedText("合格", "Pass"))],
            },
            new TaskField("visitedOn", new LocalizedText("听课日期", "Visited on"), TaskFieldType.Date, Required: false),
            new TaskField("title", new LocalizedText("标题", "Title"), TaskFieldType.Text, Required: false) { MaxLength = 10 },
            new TaskField("confirmed", new LocalizedText("确认", "Confirmed"), TaskFieldType.Confirm),
        ]);

    [Fact]
    public void ValidAnswer_IsNormalised_AndOptionalBlanksAreLeftOut()
    {
        var (values, errors) = TaskForm.Validate(Review, new Dictionary<string, string?> { ["score"] = " 92.50 ", ["grade"] = "excellent", ["visitedOn"] = "", ["confirmed"] = "on" });

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["score"] = "92.50", ["grade"] = "excellent", ["confirmed"] = "true" }, values);
    }

    [Fact]
    public void EveryProblem_IsNamedByItsField_AndNoValuesAreReturned()
    {
        var (values, errors) = TaskForm.Validate(Review, new Dictionary<string, string?>
        {
            ["score"] = "101",
            ["grade"] = "good",
            ["visitedOn"] = "2026-13-01",
            ["title"] = "一二三四五六七八九十十一",
            ["extra"] = "x",
        });

        Assert.Null(values);
        Assert.Equal(["confirmed", "extra", "grade", "score", "title", "visitedOn"], errors.Select(e => e.Field).Order());
        Assert.Contains(errors, e => e.Field == "score" && e.Reason.Contains("between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "grade" && e.Reason.Contains("excellent, pass", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "confirmed" && e.Reason == "must be confirmed.");
    }

    [Fact]
    public void EveryProblem_HasItsReasonInChinese_NamingLabelsNotCodes()
    {
        var (_, errors) = TaskForm.Validate(Review, new Dictionary<string, string?>
        {
            ["score"] = "101",
            ["grade"] = "good",
            ["visitedOn"] = "2026-13-01",
            ["title"] = "一二三四五六七八九十十一",
            ["extra"] = "x",
        });

        var zh = errors.ToDictionary(e => e.Field, e => e.ReasonFor("zh-CN"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["confirmed"] = "请勾选确认。",
                ["extra"] = "不是本任务的填写项。",
                ["grade"] = "请从以下选项中选择：优秀、合格。",
                ["score"] = "须在 0 到 100 之间。",
                ["title"] = "最多 10 个字。",
                ["visitedOn"] = "须为日期，格式如 2026-05-11。",
            },
            zh);
        Assert.Equal("must be confirmed.", errors.Single(e => e.Field == "confirmed").ReasonFor("en"));
    }

    [Fact]
    public void RankedList_ItemErrors_AreChineseCountingFromOne()
    {
        var ranked = new TaskKind("ranked", new LocalizedText("志愿", "Choices"), new LocalizedText("填写志愿", "Rank"), [new TaskField("choices", new LocalizedText("志愿", "Choices"), TaskFieldType.RankedChoices) { Options = [new("sch-a", new LocalizedText("甲校", "A")), new("sch-b", new LocalizedText("乙校", "B"))], MaxItems = 3 }]);

        var (_, wrong) = TaskForm.Validate(ranked, new Dictionary<string, string?> { ["choices"] = "sch-a\nsch-x\nsch-a" });
        var (_, tooMany) = TaskForm.Validate(ranked, new Dictionary<string, string?> { ["choices"] = "sch-a\nsch-b\nsch-c\nsch-d" });

        Assert.Equal(["第 2 个志愿“sch-x”不在可选范围内（不存在或已关闭）。", "第 3 个志愿与第 1 个重复。"], wrong.Select(e => e.ReasonFor("zh-CN")));
        Assert.Equal("最多填写 3 个志愿，现填了 4 个。", tooMany[0].ReasonFor("zh-CN"));
    }

    [Fact]
    public void Json_NumbersAndBooleansAreTaken_ListsAreRefused()
    {
        using var body = JsonDocument.Parse("""{"score": 88, "grade": "pass", "confirmed": true, "title": ["a"]}""");

        var (raw, shapeErrors) = TaskForm.FromJson(body.RootElement);
        raw.Remove("title");
        var (values, errors) = TaskForm.Validate(Review, raw);

        Assert.Equal("title", Assert.Single(shapeErrors).Field);
        Assert.Empty(errors);
        Assert.Equal("88", values!["score"]);
        Assert.Equal("true", values["confirmed"]);
    }

    [Fact]
    public void Catalog_RefusesDuplicateKindsAndFields()
    {
        var catalog = new TaskKindCatalog().Add(Review);

        Assert.Throws<ArgumentException>(() => catalog.Add(Review));
        Assert.Throws<ArgumentException>(() => new TaskKindCatalog().Add(Review with { Name = "x", Fields = [Review.Fields[0], Review.Fields[0]] }));
        Assert.Throws<KeyNotFoundException>(() => catalog.Get("unknown"));
    }
}
