using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.Processes.ShadowTraining;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ShadowTraining;

/// <summary><c>/api/shadow-training</c> through the whole app on Azurite: keys, batch definition, refusals, certificates and reports.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ShadowTrainingApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;
    private DateOnly _monday;
    private string _batchId = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await ShadowTrainingHarness.SeedCountyAsync(_app.Services.GetRequiredService<DirectoryStore>());

        // A Monday about two months ahead of the app's clock, so the batch can always still be confirmed.
        _monday = DateOnly.FromDateTime(_app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(56);
        while (_monday.DayOfWeek != DayOfWeek.Monday)
        {
            _monday = _monday.AddDays(1);
        }

        _batchId = _monday.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task DefineAdjustConfirm_WithTheMasterKey_PlacesExplainsAndStartsTheBatchInstance()
    {
        var body = new { weekStart = Date(_monday), candidates = new[] { "stf-1", "stf-5" }, ownerId = "stf-3" };

        var noKey = await _http.PutAsJsonAsync(Batch(), body);
        var functionKey = await SendAsync(HttpMethod.Put, Batch(), body, "task-function-key");
        var defined = await SendAsync(HttpMethod.Put, Batch(), body);
        var preview = await SendAsync(HttpMethod.Get, Batch());
        var notATrainee = await SendAsync(HttpMethod.Post, Batch("/placements/stf-10"), new { baseId = "base-1" });
        var unknownBase = await SendAsync(HttpMethod.Post, Batch("/placements/stf-1"), new { baseId = "base-9" });
        var adjusted = await SendAsync(HttpMethod.Post, Batch("/placements/stf-1"), new { baseId = "base-1" });
        var confirmed = await SendAsync(HttpMethod.Post, Batch("/confirm"));
        var again = await SendAsync(HttpMethod.Post, Batch("/confirm"));
        var redefine = await SendAsync(HttpMethod.Put, Batch(), body);
        var waiting = await WaitForTraineesAsync(2);
        var noRequest = await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-1"), new { approve = true });
        var noTrainee = await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-6"), new { approve = true });
        var noApprove = await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-1"), new { aprove = true, note = new string('x', 501) });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        var placements = (await preview.Content.ReadFromJsonAsync<JsonObject>())!["placements"]!.AsArray();
        Assert.Equal(
            ["stf-1 base-4 西苑小学: same section (primary); the only trainee from 东关小学.", "stf-5 base-1 旗城学校: nine-year school, matching the trainee's junior section; the only trainee from 弥河初级中学."],
            placements.Select(p => $"{p!["traineeId"]} {p["baseId"]} {p["explanation"]}"));
        Assert.Equal(HttpStatusCode.NotFound, notATrainee.StatusCode);
        Assert.Equal("traineeId", await FieldAsync(notATrainee));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownBase.StatusCode);
        Assert.Equal("baseId", await FieldAsync(unknownBase));
        var moved = (await adjusted.Content.ReadFromJsonAsync<JsonObject>())!["placements"]!.AsArray()[0]!;
        Assert.Equal(("base-1", "旗城学校: moved here from 西苑小学 by an administrator.", true), ((string)moved["baseId"]!, (string)moved["explanation"]!, (bool)moved["adjusted"]!));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        var started = (await confirmed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(($"shadow-training-{_batchId}", 2, "confirmed"), ((string)started["instanceId"]!, (int)started["trainees"]!, (string)started["status"]!));
        Assert.Equal($"/api/shadow-training/batches/{_batchId}/status", new Uri(new Uri("https://x" + Batch("/confirm")), confirmed.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, redefine.StatusCode);
        Assert.Equal("batchId", await FieldAsync(redefine));
        Assert.Equal(
            ["stf-1 旗城学校 awaiting-confirmation", "stf-5 旗城学校 awaiting-confirmation"],
            waiting.Select(t => $"{t!["traineeId"]} {t["base"]} {t["stage"]}").Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, noRequest.StatusCode);
        Assert.Equal("traineeId", await FieldAsync(noRequest));
        Assert.Equal(HttpStatusCode.NotFound, noTrainee.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noApprove.StatusCode);
        Assert.Equal(["approve", "note"], (await noApprove.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!));
    }

    [Fact]
    public async Task Adjust_KeepsWhoMovedTheTraineeAndWhen_AndARedefinitionKeepsTheMoveWhileItIsStillValid()
    {
        var body = new { weekStart = Date(_monday), candidates = new[] { "stf-1", "stf-5" }, ownerId = "stf-3" };
        await SendAsync(HttpMethod.Put, Batch(), body);
        var nobody = await SendAsync(HttpMethod.Post, Batch("/placements/stf-1"), new { baseId = "base-1", adjustedBy = "nobody" });
        var before = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await SendAsync(HttpMethod.Post, Batch("/placements/stf-1"), new { baseId = "base-1", adjustedBy = "stf-3" });
        var after = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var redefined = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = new[] { "stf-1", "stf-5", "stf-6" }, ownerId = "stf-3" });
        var withoutBase1 = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = new[] { "stf-1", "stf-5" }, bases = new[] { new { baseId = "base-4" } }, ownerId = "stf-3" });

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "adjustedBy"), (nobody.StatusCode, await FieldAsync(nobody)));
        Assert.Equal(HttpStatusCode.OK, redefined.StatusCode);
        var wang = (await redefined.Content.ReadFromJsonAsync<JsonObject>())!["placements"]!.AsArray().Single(p => (string)p!["traineeId"]! == "stf-1")!;
        Assert.Equal(("base-1", "旗城学校: moved here from 西苑小学 by an administrator.", true, "stf-3"), ((string)wang["baseId"]!, (string)wang["explanation"]!, (bool)wang["adjusted"]!, (string)wang["adjustedBy"]!));
        Assert.InRange(DateTimeOffset.Parse((string)wang["adjustedAt"]!, CultureInfo.InvariantCulture), before, after);
        var moved = (await withoutBase1.Content.ReadFromJsonAsync<JsonObject>())!["placements"]!.AsArray().Single(p => (string)p!["traineeId"]! == "stf-1")!;
        Assert.Equal(("base-4", false), ((string)moved["baseId"]!, (bool)moved["adjusted"]!));
    }

    [Fact]
    public async Task FullBase_RefusesTheMove_AndADeferralIsDecidedOverHttp()
    {
        var body = new
        {
            weekStart = Date(_monday),
            candidates = new[] { "stf-1", "stf-5" },
            bases = new[] { new { baseId = "base-1", capacity = 1 }, new { baseId = "base-4", capacity = 1 } },
            ownerId = "stf-3",
        };
        await SendAsync(HttpMethod.Put, Batch(), body);
        var full = await SendAsync(HttpMethod.Post, Batch("/placements/stf-1"), new { baseId = "base-1" });
        await SendAsync(HttpMethod.Post, Batch("/confirm"));
        await WaitForTraineesAsync(2);
        var notRequested = await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-1"), new { approve = true });
        var tasks = _app.Services.GetRequiredService<EduFlows.Tasks.TaskDesk>();
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        string confirmation = $"shadow-confirmation-{_batchId}-stf-5-confirm";
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await tasks.GetCurrentAsync(client, confirmation, cts.Token) is null)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        await tasks.SubmitAsync(client, confirmation, "stf-5", new Dictionary<string, string?> { ["decision"] = "defer", ["reason"] = "学校迎检。" }, CancellationToken.None);
        await WaitForStageAsync("stf-5", "deferral-requested");
        var decided = await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-5"), new { approve = true, note = "同意。" });
        await WaitForStageAsync("stf-5", "deferred");
        var record = (await _app.Services.GetRequiredService<ShadowTrainingStore>().Trainees.GetAsync(TraineeRecord.IdOf(_batchId, "stf-5"), CancellationToken.None))!.Record;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        var fullProblem = (await full.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("baseId", "baseId: 旗城学校 is full (1 of 1): move someone out first."), ((string?)fullProblem["field"], (string?)fullProblem["detail"]));
        await ProblemAssertions.AssertProblemAsync(notRequested, HttpStatusCode.Conflict, "traineeId");
        var conflict = (await notRequested.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("延期申请无法决定", "王芳没有待决定的延期申请（目前等待本人确认参训）。"), ((string?)conflict["titleZh"], (string?)conflict["detailZh"]));
        Assert.StartsWith("王芳 has no deferral request waiting", (string)conflict["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        Assert.Equal((TraineeStatus.Deferred, "学校迎检。", true, DeferralRuling.ByMasterKey, "同意。"), (record.Status, record.Deferral!.Reason, record.Deferral.Granted, record.Deferral.DecidedBy, record.Deferral.Note));
    }

    [Fact]
    public async Task ImpossibleOrInvalidBatch_Is422ProblemJsonNamingTheField_AndNothingIsStored()
    {
        var tooMany = await SendAsync(HttpMethod.Put, Batch(), new
        {
            weekStart = Date(_monday),
            candidates = new[] { "stf-1", "stf-5", "stf-6" },
            bases = new[] { new { baseId = "base-1", capacity = 1 }, new { baseId = "base-4", capacity = 1 } },
        });
        var tuesday = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday.AddDays(1)), candidates = new[] { "stf-1", "nobody" } });
        var stored = await SendAsync(HttpMethod.Get, Batch());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType!.MediaType);
        var problem = (await tooMany.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("bases", (string)problem["field"]!);
        Assert.Equal("The batch cannot be placed", (string)problem["title"]!);
        Assert.Equal("bases: 3 candidates but the bases take only 2 (旗城学校 1, 西苑小学 1): add places or move 1 candidates to a later batch.", (string)problem["detail"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tuesday.StatusCode);
        var errors = (await tuesday.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["field"]!);
        Assert.Equal(["weekStart", "candidates[1]"], errors);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task BatchRefusals_GiveTheOfficeChineseBesideTheEnglish_WithoutEnglishRuleText()
    {
        var unconfirmable = await SendAsync(HttpMethod.Post, Batch("/confirm"));
        var tooMany = await SendAsync(HttpMethod.Put, Batch(), new
        {
            weekStart = Date(_monday),
            candidates = new[] { "stf-1", "stf-5", "stf-6" },
            bases = new[] { new { baseId = "base-1", capacity = 1 }, new { baseId = "base-4", capacity = 1 } },
        });
        var tuesday = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday.AddDays(1)), candidates = new[] { "stf-1" } });

        var noBatch = (await unconfirmable.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.NotFound, unconfirmable.StatusCode);
        Assert.Equal($"没有 {_batchId} 批次。", (string)noBatch["detailZh"]!);
        Assert.Equal($"There is no batch {_batchId}.", (string)noBatch["detail"]!);
        var problem = (await tooMany.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal("批次无法安排", (string)problem["titleZh"]!);
        Assert.Equal("共有 3 名候选人，但各基地只能接收 2 名（旗城学校 1 名、西苑小学 1 名）：请增加名额，或将 1 名候选人移到以后的批次。", (string)problem["detailZh"]!);
        Assert.DoesNotMatch("[A-Za-z]", (string)problem["detailZh"]! + (string)problem["titleZh"]!);
        Assert.Equal("bases", (string)problem["errors"]![0]!["field"]!);
        Assert.Equal((string)problem["detailZh"]!, (string)problem["errors"]![0]!["reasonZh"]!);
        var weekday = (await tuesday.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("批次设置有误", (string)weekday["titleZh"]!);
        Assert.Equal(("weekStart", $"培训周须从星期一开始；{Date(_monday.AddDays(1))} 是星期二。"), ((string)weekday["errors"]![0]!["field"]!, (string)weekday["errors"]![0]!["reasonZh"]!));
        Assert.StartsWith("must be a Monday", (string)weekday["errors"]![0]!["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApisOwnRefusals_NoBatchBadIdsYearAndDeferral_GiveTheOfficeChineseBesideTheEnglish_NamingTheField()
    {
        var cases = new List<(HttpResponseMessage Response, HttpStatusCode Status, string Field, string TitleZh, string ReasonZh)>
        {
            (await SendAsync(HttpMethod.Get, Batch()), HttpStatusCode.NotFound, "batchId", "没有这个批次", $"没有 {_batchId} 批次。"),
            (await SendAsync(HttpMethod.Get, Batch("/report")), HttpStatusCode.NotFound, "batchId", "没有这个批次", $"没有 {_batchId} 批次。"),
            (await SendAsync(HttpMethod.Get, "/api/shadow-training/batches/2026-13/status"), HttpStatusCode.UnprocessableEntity, "batchId", "没有这个批次", "批次编号须写作“年-月”，即培训周所在的月份（如 2026-05）。"),
            (await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = new[] { "stf-1", "stf#2" }, ownerId = "stf-3" }), HttpStatusCode.UnprocessableEntity, "candidates[1]", "批次未定义", "编号中不能有 / \\ # ? 或控制字符。"),
            (await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = new[] { "stf-1" }, ownerId = new string('x', 129) }), HttpStatusCode.UnprocessableEntity, "ownerId", "批次未定义", "编号过长：最多 128 个字符（现为 129 个）。"),
            (await SendAsync(HttpMethod.Get, "/api/shadow-training/reports/twenty"), HttpStatusCode.UnprocessableEntity, "year", "报告无法生成", "年份须在 2000 至 2100 之间（现为“twenty”）。"),
            (await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-1"), new { note = "同意。" }), HttpStatusCode.UnprocessableEntity, "approve", "延期申请无法决定", "请决定是否同意延期。"),
            (await SendAsync(HttpMethod.Post, Batch("/deferrals/stf-9"), new { approve = false }), HttpStatusCode.NotFound, "traineeId", "没有这名学员", $"{_batchId} 批次中没有学员“stf-9”的培训周。"),
        };

        foreach (var (response, status, field, titleZh, reasonZh) in cases)
        {
            await ProblemAssertions.AssertProblemAsync(response, status, field);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal((titleZh, reasonZh), ((string?)problem["titleZh"], (string?)problem["detailZh"]));
            if (problem["errors"] is JsonArray errors)
            {
                Assert.Equal((field, reasonZh), ((string)errors[0]!["field"]!, (string)errors[0]!["reasonZh"]!));
            }

            // English rule text stays beside for the scripts; the Chinese has none but ids the office typed.
            Assert.Matches("[A-Za-z]", (string)problem["detail"]!);
            Assert.DoesNotContain(EduFlows.Tests.Notifications.ChineseText.LatinWords(titleZh + reasonZh), w => w != "twenty");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, Batch())).StatusCode);
    }

    [Fact]
    public async Task BadInput_NullBaseMalformedBatchIdTooManyCandidates_Is4xxNamingTheField_AndCarriedTraineesAreNamedWhenTheyOverfillTheBatch()
    {
        await _app.Services.GetRequiredService<ShadowTrainingStore>().Carryovers.PutAsync(new Carryover("stf-6", "周磊", "2000-01", CarryoverReason.Deferred), CancellationToken.None);

        var nullBase = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = new[] { "stf-1" }, bases = new object?[] { null } });
        var tooMany = await SendAsync(HttpMethod.Put, Batch(), new { weekStart = Date(_monday), candidates = Enumerable.Range(100, BatchDesk.MaxCandidates + 1).Select(i => $"stf-{i}").ToArray() });
        var overfilled = await SendAsync(HttpMethod.Put, Batch(), new
        {
            weekStart = Date(_monday),
            candidates = new[] { "stf-1", "stf-5" },
            bases = new[] { new { baseId = "base-1", capacity = 1 }, new { baseId = "base-4", capacity = 1 } },
        });
        var notEligible = await SendAsync(HttpMethod.Put, Batch(), new
        {
            weekStart = Date(_monday),
            candidates = new[] { "stf-1", "stf-3", "stf-5" },
            bases = new[] { new { baseId = "base-1", mentorId = (string?)"stf-5" }, new { baseId = "base-4", mentorId = (string?)null } },
        });
        var badIds = new List<(HttpStatusCode, string?)>();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/shadow-training/batches/x'y"),
            (HttpMethod.Get, "/api/shadow-training/batches/2026-13/status"),
            (HttpMethod.Get, "/api/shadow-training/batches/2026-1%2F/report"),
            (HttpMethod.Post, "/api/shadow-training/batches/x'y/confirm"),
            (HttpMethod.Post, "/api/shadow-training/batches/x'y/placements/stf-1"),
            (HttpMethod.Post, "/api/shadow-training/batches/x'y/deferrals/stf-1"),
            (HttpMethod.Get, "/api/shadow-training/certificates/x'y/stf-1"),
        })
        {
            var response = await SendAsync(method, path, method == HttpMethod.Post ? new { approve = true, baseId = "base-1" } : null);
            badIds.Add((response.StatusCode, await FieldAsync(response)));
        }

        var stored = await SendAsync(HttpMethod.Get, Batch());

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "bases[0]"), (nullBase.StatusCode, await FieldAsync(nullBase)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "candidates"), (tooMany.StatusCode, await FieldAsync(tooMany)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overfilled.StatusCode);
        var problem = (await overfilled.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(
            "bases: 3 candidates but the bases take only 2 (旗城学校 1, 西苑小学 1): add places or move 1 candidates to a later batch. This includes 1 waiting from earlier batches (stf-6 周磊 from 2000-01); list any of them in leaveWaiting to keep them waiting for a later batch.",
            (string)problem["detail"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notEligible.StatusCode);
        Assert.Equal(
            [
                "candidates[1]: 'stf-3' (赵主任) is neither a reserve principal nor a principal for less than 3 years; shadow training is for them.",
                "candidates[2]: 'stf-5' is the mentor at 旗城学校 in this batch and cannot also be a trainee.",
            ],
            (await notEligible.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => $"{e!["field"]}: {e["reason"]}"));
        Assert.All(badIds, b => Assert.Equal((HttpStatusCode.UnprocessableEntity, "batchId"), b));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task Certificate_OpensForItsHolderByLinkOrSession_AndForAdmins_NotForOthers()
    {
        var store = _app.Services.GetRequiredService<ShadowTrainingStore>();
        await store.Trainees.TryAddAsync(Record("stf-1", "王芳", TraineeStatus.Completed, "base-4", "西苑小学", 5, 5, 88.8m), CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-5", "陈静", TraineeStatus.NotCompleted, "base-1", "旗城学校", 3, 1, 68.8m), CancellationToken.None);
        var links = _app.Services.GetRequiredService<CertificateLinks>();
        var expires = DateTimeOffset.UtcNow.AddYears(1);
        string wangLink = links.For("2026-09", "stf-1", expires).PathAndQuery;
        string chenToken = links.For("2026-09", "stf-5", expires).Query;
        const string Path = "/api/shadow-training/certificates/2026-09/stf-1";

        var byLink = await _http.GetAsync(wangLink);
        var anonymous = await _http.GetAsync(Path);
        var otherToken = await _http.GetAsync(Path + chenToken);
        var admin = await SendAsync(HttpMethod.Get, Path);
        var notCompleted = await SendAsync(HttpMethod.Get, "/api/shadow-training/certificates/2026-09/stf-5");
        using var wang = await SignedInAsync("wang.fang@qz.example.cn");
        using var principal = await SignedInAsync("li.principal@qz.example.cn");
        var ownSession = await wang.GetAsync(Path);
        var otherSession = await principal.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, byLink.StatusCode);
        Assert.Equal("text/html", byLink.Content.Headers.ContentType!.MediaType);
        Assert.True(byLink.Headers.CacheControl!.NoStore);
        string page = await byLink.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"name\" id=\"trainee\">王芳</span>", page, StringComparison.Ordinal);
        Assert.Contains("2026年9月14日 至 2026年9月18日 在<strong id=\"base\">西苑小学</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<span id=\"certificate-no\">SHT-202609-stf-1</span>", page, StringComparison.Ordinal);
        Assert.Contains("出勤 5/5 天 · 培训日志 5 篇 · 指导老师评价 88.8 分", page, StringComparison.Ordinal);
        Assert.Contains("@page{size:A4 landscape", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherToken.StatusCode);
        Assert.Equal("token", await FieldAsync(otherToken));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notCompleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownSession.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSession.StatusCode);
    }

    [Fact]
    public async Task Reports_PerBatchPerBaseAndForTheYear()
    {
        var store = _app.Services.GetRequiredService<ShadowTrainingStore>();
        await store.Batches.TryAddAsync(
            new ShadowBatch { Id = "2026-09", WeekStart = new DateOnly(2026, 9, 14), Candidates = [], Bases = [], Placements = [], Status = BatchStatus.Finished },
            CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-1", "王芳", TraineeStatus.Completed, "base-4", "西苑小学", 5, 5, 88.8m), CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-5", "陈静", TraineeStatus.NotCompleted, "base-1", "旗城学校", 3, 1, 68.8m), CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-6", "周磊", TraineeStatus.Deferred, "base-1", "旗城学校", 0, 0, null) with { Days = 0 }, CancellationToken.None);

        var batch = await SendAsync(HttpMethod.Get, "/api/shadow-training/batches/2026-09/report");
        var year = await SendAsync(HttpMethod.Get, "/api/shadow-training/reports/2026");
        var badYear = await SendAsync(HttpMethod.Get, "/api/shadow-training/reports/twenty");
        var noBatch = await SendAsync(HttpMethod.Get, "/api/shadow-training/batches/2026-05/report");
        var noKey = await _http.GetAsync("/api/shadow-training/reports/2026");

        var report = (await batch.Content.ReadFromJsonAsync<JsonObject>())!;
        var totals = report["totals"]!;
        Assert.Equal((2, 1, 1, 1, 50.0m, 80.0m, 60.0m, 78.8m), ((int)totals["trainees"]!, (int)totals["completed"]!, (int)totals["notCompleted"]!, (int)totals["deferred"]!, (decimal)totals["completionRate"]!, (decimal)totals["attendanceRate"]!, (decimal)totals["journalRate"]!, (decimal)totals["evaluationAverage"]!));
        Assert.Equal(
            ["base-1 旗城学校 1 60.0 20.0 68.8 1", "base-4 西苑小学 1 100.0 100.0 88.8 0"],
            report["bases"]!.AsArray().Select(b => string.Create(CultureInfo.InvariantCulture, $"{b!["baseId"]} {b["name"]} {b["figures"]!["trainees"]} {(decimal)b["figures"]!["attendanceRate"]!:0.0} {(decimal)b["figures"]!["journalRate"]!:0.0} {(decimal)b["figures"]!["evaluationAverage"]!:0.0} {b["figures"]!["deferred"]}")));
        var yearReport = (await year.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((2026, 1, 2, 2), ((int)yearReport["year"]!, (int)yearReport["batches"]!, (int)yearReport["totals"]!["trainees"]!, (int)yearReport["totals"]!["people"]!));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Equal("year", await FieldAsync(badYear));
        Assert.Equal(HttpStatusCode.NotFound, noBatch.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task OfficeYearReport_ShowsTheYearByBatchAndBaseInChinese_ItsDownloadsNeutraliseFormulas_AndOnlyTheOfficeOpensIt()
    {
        var store = _app.Services.GetRequiredService<ShadowTrainingStore>();
        await store.Batches.TryAddAsync(
            new ShadowBatch { Id = "2026-09", WeekStart = new DateOnly(2026, 9, 14), Candidates = [], Bases = [], Placements = [], Status = BatchStatus.Finished },
            CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-1", "王芳", TraineeStatus.Completed, "base-4", "西苑小学", 5, 5, 88.8m), CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-5", "陈静", TraineeStatus.NotCompleted, "base-1", "=旗城学校", 3, 1, 68.8m), CancellationToken.None);
        await store.Trainees.TryAddAsync(Record("stf-6", "周磊", TraineeStatus.Deferred, "base-1", "=旗城学校", 0, 0, null) with { Days = 0 }, CancellationToken.None);
        using var office = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        office.DefaultRequestHeaders.Add("x-functions-key", TaskAppFactory.MasterKey);
        office.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var teacher = await StaffSessions.SignInAsync(_app, "wang.fang@qz.example.cn");
        teacher.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        const string Page = "/api/office/shadow-training/reports/2026";

        string list = await office.GetStringAsync("/api/office/shadow-training");
        string html = await office.GetStringAsync(Page);
        var xlsx = await office.GetAsync(Page + "/xlsx");
        var csv = await office.GetAsync(Page + "/csv");
        var refused = await teacher.GetAsync(Page);
        var refusedFile = await teacher.GetAsync(Page + "/xlsx");
        var noKey = await _http.GetAsync(Page + "/csv");
        var badYear = await office.GetAsync("/api/office/shadow-training/reports/1999");
        var emptyYear = await office.GetAsync("/api/office/shadow-training/reports/2031/xlsx");

        Assert.Contains($"href=\"{Page}\"", list, StringComparison.Ordinal);
        Assert.Contains("2026年跟岗培训年度报告", html, StringComparison.Ordinal);
        Assert.Contains("结业率（%）", html, StringComparison.Ordinal);
        Assert.Contains("日常管理均分", html, StringComparison.Ordinal);
        Assert.Contains("2026-09（2026-09-14 起）", html, StringComparison.Ordinal);
        Assert.Equal(["totals", "batch-2026-09", "base-base-1", "base-base-4"], System.Text.RegularExpressions.Regex.Matches(html, "<tr id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Workbench.OfficeClients.AssertNoLatinWords([(Page, System.Text.RegularExpressions.Regex.Replace(html, "<code>.*?</code>", " "))]);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var (header, rows) = Workbench.DownloadedTable.Xlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["范围", "名称", "参训人次", "人数", "结业", "未结业", "延期", "结业率（%）", "出勤率（%）", "日志提交率（%）", "导师评价均分", "日常管理均分", "教育教学均分", "文化建设均分", "教育创新均分"], header);
        Assert.Equal(["全年", "2026年", 2.0, 2.0, 1.0, 1.0, 1.0, 50.0, 80.0, 60.0, 78.8, 78.8, 78.8, 78.8, 78.8], rows[0]);
        Assert.Equal(["批次", "2026-09（2026-09-14 起）", 2.0], rows[1].Take(3));
        Assert.Equal(["基地", "'=旗城学校", 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 60.0, 20.0, 68.8], rows[2].Take(11));
        Assert.Equal(["基地", "西苑小学", 1.0, 1.0, 1.0, 0.0, 0.0, 100.0, 100.0, 100.0, 88.8], rows[3].Take(11));
        var (csvHeader, csvRows) = Workbench.DownloadedTable.Csv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(header, csvHeader);
        Assert.Equal(["基地", "'=旗城学校", "1", "1", "0", "1", "1", "0", "60", "20", "68.8"], csvRows[2].Take(11));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedFile.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Equal("year", await FieldAsync(badYear));
        Assert.Equal(HttpStatusCode.NotFound, emptyYear.StatusCode);
        Assert.Equal("year", await FieldAsync(emptyYear));
    }

    private static TraineeRecord Record(string id, string name, TraineeStatus status, string baseId, string baseName, int attended, int journals, decimal? average) => new()
    {
        BatchId = "2026-09",
        TraineeId = id,
        TraineeName = name,
        BaseId = baseId,
        BaseName = baseName,
        WeekStart = new DateOnly(2026, 9, 14),
        Status = status,
        Days = 5,
        AttendedDays = attended,
        Journals = journals,
        Evaluation = average is { } a ? new Dictionary<string, decimal> { ["management"] = a, ["teaching"] = a, ["culture"] = a, ["innovation"] = a } : null,
        EvaluationAverage = average,
        Summary = true,
        CertificateNo = status == TraineeStatus.Completed ? "SHT-202609-" + id : null,
        RecordedAt = new DateTimeOffset(2026, 9, 23, 2, 0, 0, TimeSpan.Zero),
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["field"];

    private string Batch(string rest = "") => $"/api/shadow-training/batches/{_batchId}{rest}";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string key = TaskAppFactory.MasterKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", key);
        return await _http.SendAsync(request);
    }

    private async Task WaitForStageAsync(string traineeId, string stage)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = (await (await SendAsync(HttpMethod.Get, Batch("/status"))).Content.ReadFromJsonAsync<JsonObject>(cts.Token))!;
            if (status["trainees"]!.AsArray().Any(t => (string?)t!["traineeId"] == traineeId && (string?)t["stage"] == stage))
            {
                return;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private async Task<List<JsonNode?>> WaitForTraineesAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = (await (await SendAsync(HttpMethod.Get, Batch("/status"))).Content.ReadFromJsonAsync<JsonObject>(cts.Token))!;
            var trainees = status["trainees"]!.AsArray().ToList();
            if (trainees.Count == count && trainees.All(t => (string?)t!["stage"] == "awaiting-confirmation"))
            {
                return trainees;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    // Signs in through the e-mailed link, as a person would, and returns a browser holding the session cookie.
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/me/sign-in", new { email })).StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!_app.Mailbox.All.Any(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接"))
        {
            await Task.Delay(20, cts.Token);
        }

        var mail = _app.Mailbox.All.First(m => m.To.Contains(email) && m.Subject == "EduFlows 登录链接");
        string link = mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(link, null)).StatusCode);
        return browser;
    }
}
