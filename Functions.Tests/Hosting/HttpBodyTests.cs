using System.Text;
using EduFlows.Hosting;
using EduFlows.Tests.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Hosting;

/// <summary>A body that cannot be read is refused by field, titled and explained in Chinese first, English beside.</summary>
public sealed class HttpBodyTests
{
    [Theory]
    [InlineData("text/plain", "hello", 415, "body", "内容格式不受支持", "内容须为 JSON 格式。 Expected a supported JSON media type")]
    [InlineData("application/json; charset=latin1", """{"year":2027}""", 415, "body", "内容格式不受支持", "内容须为 UTF-8 编码的 JSON，不支持“latin1”编码。 JSON is read as UTF-8")]
    [InlineData("application/json", "{oops}", 400, "body", "请求有误", "提交的内容无法读取：须为格式正确的 JSON 对象。 'body' could not be read")]
    [InlineData("application/json", """{"year":"twenty"}""", 400, "year", "请求有误", "“year”无法读取：类型或格式不对。 'year' could not be read")]
    [InlineData("application/json", "null", 400, "body", "请求有误", "请求没有内容：须提交一个 JSON 对象。 The request has no body")]
    public async Task AnUnreadableBody_IsRefusedInChineseFirst_NamingTheField(string contentType, string body, int status, string field, string title, string detailStart)
    {
        var read = await Request(contentType, body).ReadJsonAsync<Input>(CancellationToken.None);

        var problem = Assert.IsType<ProblemHttpResult>(read.Problem);
        Assert.Equal((status, field, title), (problem.StatusCode, problem.ProblemDetails.Extensions["field"], problem.ProblemDetails.Title));
        Assert.StartsWith(detailStart, problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnObjectNamingNoKnownMember_Is422InChinese_ListingTheMembers()
    {
        var read = await Request("application/json", """{"yaer":2027}""").ReadJsonObjectAsync<Input>(CancellationToken.None);

        var problem = Assert.IsType<ProblemHttpResult>(read.Problem);
        Assert.Equal((422, "body", "请求内容有误"), (problem.StatusCode, problem.ProblemDetails.Extensions["field"], problem.ProblemDetails.Title));
        Assert.StartsWith("提交的内容中没有任何应填的项（half, year），未作任何保存。 ", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormThatCannotBeRead_Is400InChinese()
    {
        var (form, problem) = await Request("multipart/form-data", "--x\r\nbroken").ReadFormOrProblemAsync(CancellationToken.None);

        Assert.Null(form);
        Assert.Equal((400, "body", "请求有误"), (problem!.StatusCode, problem.ProblemDetails.Extensions["field"], problem.ProblemDetails.Title));
        string zh = problem.ProblemDetails.Detail!.Split(" The form", 2)[0];
        Assert.Equal("表单无法读取，未作任何处理；请重新提交。", zh);
        Assert.Empty(ChineseText.LatinWords(zh));
    }

    [Fact]
    public void TooLarge_WithTheHostsLimit_Is413NamingTheBody_WithTheLimitInMegabytesInChinese()
    {
        var withLimit = HttpBody.TooLarge("The body may be at most 4194304 bytes.", 4 * 1024 * 1024);
        var withoutLimit = HttpBody.TooLarge("Request body too large.");

        Assert.Equal((413, "body", "内容过大"), (withLimit.StatusCode, withLimit.ProblemDetails.Extensions["field"], withLimit.ProblemDetails.Title));
        Assert.Equal("提交的内容过大，未作任何处理：一次最多 4 MB。 The body may be at most 4194304 bytes.", withLimit.ProblemDetails.Detail);
        Assert.Equal("提交的内容过大，未作任何处理。 Request body too large.", withoutLimit.ProblemDetails.Detail);
    }

    [Fact]
    public void NotJson_NamingTheHeader_KeepsTheReadersWords()
    {
        var refused = HttpBody.NotJson(Request("text/plain", "id=sch-009"), "Content-Type");

        Assert.Equal((415, "Content-Type", "内容格式不受支持"), (refused.StatusCode, refused.ProblemDetails.Extensions["field"], refused.ProblemDetails.Title));
        Assert.Equal("内容须为 JSON 格式。 Expected a supported JSON media type but got \"text/plain\".", refused.ProblemDetails.Detail);
    }

    private static HttpRequest Request(string contentType, string body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddOptions().BuildServiceProvider() };
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private sealed record Input(int? Year, int? Half);
}
