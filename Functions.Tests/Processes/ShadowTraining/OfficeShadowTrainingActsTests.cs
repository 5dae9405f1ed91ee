using System.Globalization;
using System.Net;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary>
/// The shadow-training office pages define a batch (<c>/api/office/shadow-training/new-batch</c>) and confirm it
/// (<c>…/{batchId}/confirm</c>) from forms, through the JSON routes' rules, without curl.
/// </summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeShadowTrainingActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string NewBatch = "/api/office/shadow-training/new-batch";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private string _batchId = null!;
    private (string, string)[] _good = [];

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _app.SeedStaffAsync();
        await ShadowTrainingHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());

        // A Monday about two months ahead of the app's clock, so the batch can still be confirmed.
        var monday = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(56);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }

        _batchId = monday.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        _good = [("batchId", _batchId), ("weekStart", monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("candidates", "stf-1\r\nstf-5"), ("ownerId", "stf-3"), ("leaveWaiting", string.Empty)];
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NewBatchForm_RefusesBadInputAtTheFieldInChinese_AndAnyoneWithoutTheOffice_ThenPlacesTheBatchAndShowsItsBoard()
    {
        var store = _app.Services.GetRequiredService<ShadowTrainingStore>();
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/shadow-training");
        string form = await OfficeFormPosts.GetPageAsync(_http, NewBatch);

        var unknown = await OfficeFormPosts.PostAsync(_http, NewBatch, _good.With("candidates", "stf-1，stf-404"));
        string unknownHtml = await unknown.Content.ReadAsStringAsync();
        var notADate = await OfficeFormPosts.PostAsync(_http, NewBatch, _good.With("weekStart", "下周一"));
        string notADateHtml = await notADate.Content.ReadAsStringAsync();
        var badId = await OfficeFormPosts.PostAsync(_http, NewBatch, _good.With("batchId", "五月"));
        string badIdHtml = await badId.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, NewBatch, _good, key: null);
        var functionKey = await OfficeFormPosts.PostAsync(_http, NewBatch, _good, OfficeFormPosts.FunctionKey);
        var nothing = await store.Batches.GetAsync(_batchId, CancellationToken.None);

        var done = await OfficeFormPosts.PostAsync(_http, NewBatch, _good);
        string listAfter = await OfficeFormPosts.GetPageAsync(_http, "/api/office/shadow-training");
        string board = await OfficeFormPosts.GetPageAsync(_http, "/api/office/shadow-training/" + _batchId);

        Assert.Contains($"id=\"act-new-batch\" class=\"button\" href=\"/api/office/shadow-training/new-batch?code={TaskAppFactory.MasterKey}\"", list, StringComparison.Ordinal);
        Assert.Contains("name=\"candidates\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("id=\"error-candidates\" role=\"alert\">“候选人编号第2项”：候选人“stf-404”不在人员名录中。</span>", unknownHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notADate.StatusCode);
        Assert.Contains("id=\"error-weekStart\" role=\"alert\">“培训周周一”须填写日期，如 2027-03-01。</span>", notADateHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.Contains("id=\"error-batchId\" role=\"alert\">", badIdHtml, StringComparison.Ordinal);
        Assert.Contains("批次编号须写作“年-月”", badIdHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Null(nothing);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/shadow-training/{_batchId}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Contains($"data-batch=\"{_batchId}\"", listAfter, StringComparison.Ordinal);
        Assert.Contains("王芳", board, StringComparison.Ordinal);
        Assert.Contains("陈静", board, StringComparison.Ordinal);
        Assert.Contains($"id=\"act-confirm\" class=\"button\" href=\"/api/office/shadow-training/{_batchId}/confirm?code={TaskAppFactory.MasterKey}\"", board, StringComparison.Ordinal);
        Assert.Equal(BatchStatus.Draft, (await store.Batches.GetAsync(_batchId, CancellationToken.None))!.Record.Status);
        Assert.Equal(["stf-1", "stf-5"], (await store.Batches.GetAsync(_batchId, CancellationToken.None))!.Record.Placements.Select(p => p.TraineeId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfirmForm_StartsTheWeekOnce_AndIsRefusedWithoutTheOffice()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string confirm = $"/api/office/shadow-training/{_batchId}/confirm";
        await OfficeFormPosts.PostAsync(_http, NewBatch, _good);
        string form = await OfficeFormPosts.GetPageAsync(_http, confirm);

        var noKey = await OfficeFormPosts.PostAsync(_http, confirm, [], key: null);
        var notStarted = await client.GetInstanceAsync(ShadowBatch.InstanceIdOf(_batchId));
        var done = await OfficeFormPosts.PostAsync(_http, confirm, []);
        var again = await OfficeFormPosts.PostAsync(_http, confirm, []);
        string againHtml = await again.Content.ReadAsStringAsync();
        string board = await OfficeFormPosts.GetPageAsync(_http, "/api/office/shadow-training/" + _batchId);

        Assert.Contains("确认并开始", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Null(notStarted);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/shadow-training/{_batchId}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.NotNull(await client.GetInstanceAsync(ShadowBatch.InstanceIdOf(_batchId)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Matches("role=\"alert\"[^>]*>[^<]*[\u4e00-\u9fff]", againHtml);
        Assert.DoesNotContain("id=\"act-confirm\"", board, StringComparison.Ordinal);
        Assert.Contains("进行中", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveForm_LinkedPerTraineeFromTheBoard_RefusesABaseNotOfTheBatchInChinese_AndAnyoneWithoutTheOffice_ThenMovesTheTrainee()
    {
        var store = _app.Services.GetRequiredService<ShadowTrainingStore>();
        string move = $"/api/office/shadow-training/{_batchId}/placements/stf-1";
        await OfficeFormPosts.PostAsync(_http, NewBatch, _good);
        string board = await OfficeFormPosts.GetPageAsync(_http, "/api/office/shadow-training/" + _batchId);
        string form = await OfficeFormPosts.GetPageAsync(_http, move);
        string before = (await store.Batches.GetAsync(_batchId, CancellationToken.None))!.Record.Placements.Single(p => p.TraineeId == "stf-1").BaseId;

        var notOfTheBatch = await OfficeFormPosts.PostAsync(_http, move, [("baseId", "base-9")]);
        string notOfTheBatchHtml = await notOfTheBatch.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, move, [("baseId", "base-1")], key: null);
        string unchanged = (await store.Batches.GetAsync(_batchId, CancellationToken.None))!.Record.Placements.Single(p => p.TraineeId == "stf-1").BaseId;
        var done = await OfficeFormPosts.PostAsync(_http, move, [("baseId", "base-1")]);
        var moved = (await store.Batches.GetAsync(_batchId, CancellationToken.None))!.Record.Placements.Single(p => p.TraineeId == "stf-1");

        Assert.Contains($"class=\"act-move\" href=\"/api/office/shadow-training/{_batchId}/placements/stf-1?code={TaskAppFactory.MasterKey}\"", board, StringComparison.Ordinal);
        Assert.Contains("<option value=\"base-1\"", form, StringComparison.Ordinal);
        Assert.NotEqual("base-1", before);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOfTheBatch.StatusCode);
        Assert.Contains("id=\"error-baseId\" role=\"alert\">", notOfTheBatchHtml, StringComparison.Ordinal);
        Assert.Contains("不是本批次的基地", notOfTheBatchHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(before, unchanged);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/api/office/shadow-training/{_batchId}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.Equal(("base-1", true), (moved.BaseId, moved.Adjusted));
    }

    [Fact]
    public async Task DeferralForm_LinkedWhileARequestWaits_RefusesNoDecisionInChinese_AndAnyoneWithoutTheOffice_ThenGrantsIt()
    {
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var tasks = _app.Services.GetRequiredService<EduFlows.Tasks.TaskDesk>();
        string boardPath = "/api/office/shadow-training/" + _batchId;
        string decide = $"/api/office/shadow-training/{_batchId}/deferrals/stf-5";
        await OfficeFormPosts.PostAsync(_http, NewBatch, _good);
        await OfficeFormPosts.PostAsync(_http, $"/api/office/shadow-training/{_batchId}/confirm", []);
        string confirmation = $"shadow-confirmation-{_batchId}-stf-5-confirm";
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await tasks.GetCurrentAsync(client, confirmation, cts.Token) is null)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        await tasks.SubmitAsync(client, confirmation, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "学校迎检。" }, CancellationToken.None);
        string board = await BoardOnceAsync(boardPath, "class=\"act-deferral\"");

        var noDecision = await OfficeFormPosts.PostAsync(_http, decide, [("approve", string.Empty), ("note", "同意。")]);
        string noDecisionHtml = await noDecision.Content.ReadAsStringAsync();
        var noKey = await OfficeFormPosts.PostAsync(_http, decide, [("approve", "是"), ("note", "同意。")], key: null);
        string stillWaiting = await OfficeFormPosts.GetPageAsync(_http, boardPath);
        var done = await OfficeFormPosts.PostAsync(_http, decide, [("approve", "是"), ("note", "同意。")]);
        string after = await BoardOnceAsync(boardPath, "已延期到以后的批次");

        Assert.Contains($"class=\"act-deferral\" href=\"{decide}?code={TaskAppFactory.MasterKey}\"", board, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDecision.StatusCode);
        Assert.Contains("id=\"error-approve\" role=\"alert\">", noDecisionHtml, StringComparison.Ordinal);
        Assert.Contains("请决定是否同意延期。", noDecisionHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Contains("class=\"act-deferral\"", stillWaiting, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"{boardPath}?code={TaskAppFactory.MasterKey}#done", done.Headers.Location!.OriginalString);
        Assert.DoesNotContain("class=\"act-deferral\"", after, StringComparison.Ordinal);
        var record = (await _app.Services.GetRequiredService<ShadowTrainingStore>().Trainees.GetAsync(TraineeRecord.IdOf(_batchId, "stf-5"), CancellationToken.None))!.Record;
        Assert.Equal((TraineeStatus.Deferred, true, "同意。"), (record.Status, record.Deferral!.Granted, record.Deferral.Note));
    }

    // The board as soon as it shows what the trainee's week reached.
    private async Task<string> BoardOnceAsync(string path, string shows)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string board = await OfficeFormPosts.GetPageAsync(_http, path);
            if (board.Contains(shows, StringComparison.Ordinal))
            {
                return board;
            }

            await Task.Delay(100, cts.Token);
        }
    }
}
