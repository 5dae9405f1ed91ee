using System.Net;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DeputyRenewal;

/// <summary>The round's office page starts the round from a form (<c>/api/office/deputy-renewals/{roundId}/start</c>), through the JSON route's rules.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeDeputyRenewalActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Start = "/api/office/deputy-renewals/2026/start";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await DeputyRenewalHarness.SeedSchoolAsync(_app.Services.GetRequiredService<DirectoryStore>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task StartForm_BadOwnerShowsTheChineseReasonAtTheField_NonAdminRefused_ThenStartsAndGoesBack()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string instanceId = RenewalRecord.InstanceIdOf("2026", "sch-qc");
        string linked = await OfficeFormPosts.GetPageAsync(_http, "/api/office/deputy-renewals/2026");
        string form = await OfficeFormPosts.GetPageAsync(_http, Start);

        var bad = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-999")]);
        string badHtml = await bad.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")], key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")], OfficeFormPosts.FunctionKey);
        Assert.Null(await client.GetInstanceAsync(instanceId));

        var done = await OfficeFormPosts.PostAsync(_http, Start, [("ownerId", "stf-3")]);

        Assert.Contains($"href=\"/api/office/deputy-renewals/2026/start?code={TaskAppFactory.MasterKey}\"", linked, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/office/deputy-renewals/2026/start?code=", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("<span class=\"error\" id=\"error-ownerId\" role=\"alert\">“教育局审核人编号（必填）”：请填写名录中的审核人编号</span>", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"stf-999\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("未作任何更改。", badHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/deputy-renewals/2026?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(instanceId));
    }
}
