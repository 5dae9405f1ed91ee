using System.Globalization;
using System.Net;
using EduFlows.Processes.Secondment;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>The secondments' office page starts an assignment from a form (<c>/api/office/secondments/start</c>), through the JSON route's rules.</summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeSecondmentActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/secondments/start";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private (string, string)[] _good = [];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await SecondmentHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());
        var start = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(30);
        _good =
        [
            ("secondmentId", "2026-form"), ("kind", SecondmentKinds.Secondment), ("personId", "stf-30"), ("homeUnitId", "dep-02"), ("hostUnitId", "sch-qc"),
            ("role", "挂职副校长"), ("hostPost", "vice-principal"), ("start", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("months", "12"),
            ("mentorId", "stf-12"), ("ownerId", "stf-3"),
        ];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartForm_BadInputShowsTheChineseReasonAtTheField_NonAdminRefused_ThenStartsAndGoesBack()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string instanceId = SecondmentPlan.InstanceIdOf("2026-form");
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/secondments");
        string form = await OfficeFormPosts.GetPageAsync(_http, Start);

        var tooLong = await OfficeFormPosts.PostAsync(_http, Start, _good.With("months", "30"));
        string tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        var notANumber = await OfficeFormPosts.PostAsync(_http, Start, _good.With("months", "十二"));
        string notANumberHtml = await notANumber.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, _good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, _good, OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(instanceId));

        var done = await OfficeFormPosts.PostAsync(_http, Start, _good);

        Assert.Contains("id=\"act-start\"", linked, StringComparison.Ordinal);
        Assert.Contains($"id=\"open-tasks\" href=\"/api/office/tasks?process=Secondment&amp;code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<option value=\"secondment\">挂职锻炼</option>", form, StringComparison.Ordinal);
        // The host post is one of the directory's posts, chosen, never a free text the route would refuse.
        Assert.Contains("<select id=\"hostPost\" name=\"hostPost\">", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"vice-principal\">副校长</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("external-expert", form, StringComparison.Ordinal);
        Assert.DoesNotContain("可不填", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Matches("id=\"error-months\" role=\"alert\">“期限（月）”：[^<]*[\u4e00-\u9fff][^<]*</span>", tooLongHtml);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notANumber.StatusCode);
        Assert.Contains("id=\"error-months\" role=\"alert\">“期限（月）”须填写整数。</span>", notANumberHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/secondments?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(instanceId));
    }
}
