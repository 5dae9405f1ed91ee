using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>The year-end presentation is a file field on the task's form; a wrong type or size is refused in Chinese naming the field.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class PresentationUploadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheYearEndForm_HasAFileField_PostedAsMultipartWithTheLinkToken_NotACurlInstruction()
    {
        var task = EntryTask(DateTimeOffset.UtcNow.AddDays(3)) with { Status = StaffTaskStatus.Open, Values = null, SubmittedAt = null, SubmittedBy = null, ReceiptId = null };
        await using var html = new HtmlRendering(new ServiceCollection().BuildServiceProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        string page = System.Net.WebUtility.HtmlDecode(await html.RenderAsync<TaskFormPage>(new Dictionary<string, object?>
        {
            [nameof(TaskFormPage.Task)] = task,
            [nameof(TaskFormPage.Kind)] = AssessmentKinds.YearEndEntry,
            [nameof(TaskFormPage.Culture)] = "zh-CN",
            [nameof(TaskFormPage.ActionUrl)] = "/api/tasks/x?token=t",
            [nameof(TaskFormPage.LanguageSwitchUrl)] = "/api/tasks/x?token=t&lang=en",
            [nameof(TaskFormPage.DueText)] = "2026-12-20 17:00（北京时间）",
            [nameof(TaskFormPage.UploadUrl)] = "/api/department-assessment/presentations/x?token=t",
        }));

        Assert.Contains("<form method=\"post\" action=\"/api/department-assessment/presentations/x?token=t\" enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"file\" id=\"file\" name=\"file\" accept=\".ppt,.pptx,.pdf\"", page, StringComparison.Ordinal);
        Assert.Contains(">展示PPT</label>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("POST /api", page, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", page, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("年终展示.exe", 1024, 415, "“展示PPT”只接受 PPT、PPTX 或 PDF 文件。")]
    public async Task AWrongTypeOrSize_IsRefusedInChineseNamingTheField_AsAPageForABrowser_AndProblemJsonForACaller(string name, int bytes, int status, string zh)
    {
        var task = EntryTask(DateTimeOffset.UtcNow.AddDays(3));
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        await _app.Services.GetRequiredService<AssessmentStore>().YearEndEntries.TryAddAsync(new YearEndEntry { Year = 2026, DepartmentId = "dep-03", HeadId = "stf-1", TaskId = task.Id }, CancellationToken.None);
        string url = $"/api/department-assessment/presentations/{task.Id}{_app.Services.GetRequiredService<TaskDesk>().Links.For(task).Query}";
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var caller = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var page = await browser.PostAsync(url, Upload(name, bytes));
        var problem = await caller.PostAsync(url, Upload(name, bytes));
        var stored = (await _app.Services.GetRequiredService<AssessmentStore>().YearEndEntries.GetAsync("2026-dep-03", CancellationToken.None))!.Record;

        Assert.Equal(status, (int)page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains(zh, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(status, (int)problem.StatusCode);
        var body = (await problem.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("file", (string?)body["field"]);
        Assert.StartsWith(zh, (string?)body["detail"], StringComparison.Ordinal);
        Assert.Null(stored.PresentationBlob);
    }

    private static MultipartFormDataContent Upload(string name, int bytes)
    {
        var file = new ByteArrayContent(new byte[bytes]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    // Answered already (an answered task still takes its file until the due time), so no running process is needed.
    private static StaffTask EntryTask(DateTimeOffset due) => new()
    {
        Id = $"dept-year-end-2026-dep-03-{Guid.NewGuid():N}",
        Kind = AssessmentKinds.YearEndEntry.Name,
        AssigneeId = "stf-1",
        AssigneeName = "王芳",
        InstanceId = "dept-year-end-2026",
        EventName = "e",
        Subject = "2026年度考核展示与创新申报 · 基础教育科",
        Culture = "zh-CN",
        CreatedAt = due.AddDays(-7),
        DueAt = due,
        Status = StaffTaskStatus.Submitted,
        Values = new Dictionary<string, string> { ["claimedPoints"] = "0" },
        SubmittedBy = "stf-1",
        SubmittedAt = due.AddDays(-1),
        ReceiptId = "R-1",
        Upload = new TaskUpload(new LocalizedText("展示PPT", "Presentation"), "department-assessment/presentations/x", PresentationStore.Accept),
    };
}
