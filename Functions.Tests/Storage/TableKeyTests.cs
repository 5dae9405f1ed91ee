using EduFlows.Notifications;
using EduFlows.Storage;
using EduFlows.Tests.Notifications;

namespace EduFlows.Tests.Storage;

/// <summary>An id that cannot be a table key is refused by field, in English for the scripts and in Chinese for the office.</summary>
public sealed class TableKeyTests
{
    [Theory]
    [InlineData("a/b", "must be an id without / \\ # ? or control characters.", "编号中不能有 / \\ # ? 或控制字符。")]
    [InlineData("a#b", "must be an id without / \\ # ? or control characters.", "编号中不能有 / \\ # ? 或控制字符。")]
    [InlineData("a\tb", "must be an id without / \\ # ? or control characters.", "编号中不能有 / \\ # ? 或控制字符。")]
    public void ABadCharacter_IsRefusedInBothLanguages(string id, string reason, string reasonZh)
    {
        var error = TableKey.Error("staffIds[2]", id)!;

        Assert.Equal(("staffIds[2]", reason, reasonZh), (error.Field, error.Reason, error.ReasonZh));
        Assert.Equal(reason, TableKey.Problem(id));
        Assert.Empty(ChineseText.LatinWords(error.ReasonFor(Languages.Chinese)));
    }

    [Fact]
    public void ATooLongId_SaysTheLimitAndTheLength_InChinese()
    {
        string id = new('x', TableKey.MaxIdLength + 1);

        Assert.Equal("编号过长：最多 128 个字符（现为 129 个）。", TableKey.ProblemZh(id));
        Assert.Equal("must be an id of at most 128 characters.", TableKey.Problem(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("stf-30")]
    [InlineData("旗城学校")]
    public void AUsableIdOrNone_IsNotRefused(string? id)
    {
        Assert.Null(TableKey.Error("staffId", id));
        Assert.Null(TableKey.ProblemZh(id));
        Assert.Null(TableKey.Problem(id));
    }

    [Fact]
    public void ARefusal_Is422NamingTheField_TitledAndExplainedInChineseFirst()
    {
        var refusal = TableKey.Refusal("ownerId", "a/b")!;

        Assert.Equal(422, refusal.StatusCode);
        Assert.Equal("ownerId", refusal.ProblemDetails.Extensions["field"]);
        Assert.Equal("请求内容有误", refusal.ProblemDetails.Title);
        Assert.Equal("编号中不能有 / \\ # ? 或控制字符。 ownerId must be an id without / \\ # ? or control characters.", refusal.ProblemDetails.Detail);
        Assert.Null(TableKey.Refusal("ownerId", "stf-30"));
    }

    [Fact]
    public void ARefusal_NamingWhatTheIdIs_OrForAPersonsPage_KeepsTheSameReason()
    {
        var named = TableKey.Refusal("stream", "a/b", what: "日志流标识无效：")!;
        var forAPerson = TableKey.Refusal("staffId", "a/b", chineseOnly: true)!;

        Assert.Equal((422, "stream", "请求内容有误"), (named.StatusCode, named.ProblemDetails.Extensions["field"], named.ProblemDetails.Title));
        Assert.Equal("日志流标识无效：编号中不能有 / \\ # ? 或控制字符。 stream must be an id without / \\ # ? or control characters.", named.ProblemDetails.Detail);
        Assert.Equal((422, "staffId", "请求内容有误"), (forAPerson.StatusCode, forAPerson.ProblemDetails.Extensions["field"], forAPerson.ProblemDetails.Title));
        Assert.Equal("编号中不能有 / \\ # ? 或控制字符。", forAPerson.ProblemDetails.Detail);
        Assert.Null(TableKey.Refusal("stream", "stf-30", what: "日志流标识无效：", chineseOnly: true));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("stf-30", true)]
    [InlineData("a?b", false)]
    public void Fits_SaysWhetherAnIdCanBeAKey(string? id, bool fits) => Assert.Equal(fits, TableKey.Fits(id));
}
