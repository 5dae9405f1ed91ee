using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Tasks;
using EduFlows.Tasks.Pages;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
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
    public async Task TheYearEndForm_HasARequiredFileField_InItsOwnMultipartForm_NotASeparateUploadOrACurlInstruction()
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
        }));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<form "));
        Assert.Contains("<form method=\"post\" action=\"/api/tasks/x?token=t\" enctype=\"multipart/form-data\" novalidate>", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".ppt,.pptx,.pdf\" required />", page, StringComparison.Ordinal);
        Assert.Contains(">展示PPT *</label>", page, StringComparison.Ordinal);
        Assert.Contains("须上传 PPT、PPTX 或 PDF 文件，最大 4 MB。", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("name=\"file\"", StringComparison.Ordinal) < page.IndexOf("<button type=\"submit\">", StringComparison.Ordinal));
        Assert.DoesNotContain("department-assessment/presentations", page, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", page, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(page)));
    }

    [Fact]
    public async Task TheAnswerAndItsFile_PostedTogetherAsMultipart_AreBothStored()
    {
        var (task, url) = await OpenEntryTaskAsync();
        byte[] slides = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i % 199))];
        using var caller = _app.CreateClient();
        caller.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var answered = await caller.PostAsync(url, Answer(("claims", "课堂改革成果"), ("claimedPoints", "20")).With("年终展示.pptx", slides));

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var stored = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(task.Id, CancellationToken.None))!.Record;
        Assert.Equal(StaffTaskStatus.Submitted, stored.Status);
        Assert.Equal(new Dictionary<string, string> { ["claims"] = "课堂改革成果", ["claimedPoints"] = "20" }, stored.Values);
        Assert.Equal(stored.ReceiptId, (string?)(await answered.Content.ReadFromJsonAsync<JsonObject>())!["receiptId"]);
        var entry = (await _app.Services.GetRequiredService<AssessmentStore>().YearEndEntries.GetAsync("2026-dep-03", CancellationToken.None))!.Record;
        Assert.Equal("年终展示.pptx", entry.PresentationFileName);
        var (content, _) = (await _app.Services.GetRequiredService<PresentationStore>().OpenAsync(entry.PresentationBlob!, CancellationToken.None))!.Value;
        using var read = new MemoryStream();
        await content.CopyToAsync(read);
        Assert.Equal(slides, read.ToArray());
    }

    [Fact]
    public async Task AnAnswerWithoutTheRequiredFile_IsRefusedInChineseNamingTheField_AndNothingIsStored()
    {
        var (task, url) = await OpenEntryTaskAsync();
        using var browser = _app.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var caller = _app.CreateClient();
        caller.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        const string Missing = "请选择“展示PPT”文件（PPT、PPTX 或 PDF，最大 4 MB）后再提交。";

        // A browser posts the form with the file input left empty: an empty part, no file.
        var page = await browser.PostAsync(url, Answer(("claims", "课堂改革成果"), ("claimedPoints", "20")).With(string.Empty, []));
        var json = await caller.PostAsJsonAsync(url, new { claims = "课堂改革成果", claimedPoints = "20" });
        // A wrong file beside a wrong answer: both named at once.
        var both = await caller.PostAsync(url, Answer(("claimedPoints", "abc")).With("年终展示.exe", new byte[100]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"<div class=\"error\" data-field=\"file\">{Missing}</div>", html, StringComparison.Ordinal);
        Assert.Contains(">课堂改革成果</textarea>", html, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        var problem = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("file", (string?)problem["field"]);
        Assert.StartsWith("file：" + Missing, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        var errors = (await both.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToList();
        Assert.Equal(["claimedPoints", "file"], errors);
        var stored = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(task.Id, CancellationToken.None))!.Record;
        Assert.Equal((StaffTaskStatus.Open, null), (stored.Status, stored.Values));
        Assert.Null((await _app.Services.GetRequiredService<AssessmentStore>().YearEndEntries.GetAsync("2026-dep-03", CancellationToken.None))!.Record.PresentationBlob);
    }

    [Fact]
    public async Task SignedIn_AnAnswerToTheOwnApi_WithoutTheRequiredFile_IsRefusedNamingTheField_AndNothingIsStored()
    {
        var (task, _) = await OpenEntryTaskAsync();
        using var signedIn = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");

        var answered = await signedIn.PostAsJsonAsync($"/api/me/tasks/{task.Id}", new { claims = "课堂改革成果", claimedPoints = "20" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answered.StatusCode);
        var problem = (await answered.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("file", (string?)problem["field"]);
        Assert.Contains("此任务须附“展示PPT”文件", (string?)problem["detail"], StringComparison.Ordinal);
        var stored = (await _app.Services.GetRequiredService<StaffTaskStore>().GetAsync(task.Id, CancellationToken.None))!.Record;
        Assert.Equal((StaffTaskStatus.Open, null), (stored.Status, stored.Values));
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

    // An open year-end task of a running process (a notice stands for it: the answer is raised to it), with its entry.
    private async Task<(StaffTask Task, string Url)> OpenEntryTaskAsync()
    {
        var client = _app.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        string instance = await client.ScheduleNewOrchestrationInstanceAsync(EduFlows.Processes.Samples.NoticeAcknowledgement.Name, new EduFlows.Processes.Samples.NoticeAcknowledgement.Input("stf-1", "通知", 72));
        await client.WaitForInstanceStartAsync(instance);
        var task = EntryTask(DateTimeOffset.UtcNow.AddDays(3)) with
        {
            InstanceId = instance,
            Status = StaffTaskStatus.Open,
            Values = null,
            SubmittedAt = null,
            SubmittedBy = null,
            ReceiptId = null,
            Fields = [AssessmentKinds.YearEndEntry.Fields[0], AssessmentKinds.YearEndEntry.Fields[1] with { Max = 100 }],
        };
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(task, CancellationToken.None);
        await _app.Services.GetRequiredService<AssessmentStore>().YearEndEntries.PutAsync(new YearEndEntry { Year = 2026, DepartmentId = "dep-03", HeadId = "stf-1", TaskId = task.Id }, CancellationToken.None);
        return (task, _app.Services.GetRequiredService<TaskDesk>().Links.For(task).PathAndQuery);
    }

    private static MultipartFormDataContent Answer(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
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
        Upload = PresentationFiles.For("x"),
    };
}

/// <summary>Adds a file part to a test's multipart answer.</summary>
internal static class MultipartAnswers
{
    /// <summary>The form with a file in field <c>file</c>; an empty name posts what a browser posts when none was chosen.</summary>
    public static MultipartFormDataContent With(this MultipartFormDataContent form, string fileName, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{fileName}\"" };
        form.Add(file);
        return form;
    }
}
