using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>An id no assignment can have is refused in Chinese first on the status and report routes, as every other refusal staff read.</summary>
[Collection(ProcessTests.Name)]
public sealed class SecondmentBadIdProblemTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("status")]
    [InlineData("report")]
    public async Task StatusAndReport_AnIdNoAssignmentCanHave_Is422TitledInChineseFirst(string route)
    {
        await using var app = new TaskAppFactory(azurite);
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/secondments/a!b/{route}");
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);

        using var refused = await http.SendAsync(request);

        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "secondmentId");
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("没有这项交流挂职 No such assignment", (string)problem["title"]!);
        Assert.Equal("编号须为 1 至 64 个字母、数字、- 或 _。", (string)problem["errors"]![0]!["reason"]!);
    }
}
