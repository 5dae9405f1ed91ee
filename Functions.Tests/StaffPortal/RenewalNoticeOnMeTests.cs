using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// /api/me lists a deputy-renewal promotion notice (公示) while it is open, to those it is mailed to: the school's staff
/// and each person on it (issue 20). The link opens the notice page with the session; a notice of another school, one
/// whose objections have closed and a round not yet on notice are not listed.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class RenewalNoticeOnMeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string WangFang = "wang.fang@qz.example.cn";
    private const string Other = "sun.other@qz.example.cn";
    private TaskAppFactory _app = null!;
    private BureauClock _clock = null!;
    private DateTime _endsAt;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        // 王芳 (stf-1) teaches at sch-001, as the seeded staff do; 孙老师 at another school.
        await _app.SeedStaffAsync();
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.UpsertAsync(
            new StaffMember { Id = "stf-9", Name = "孙老师", Gender = "female", Email = Other, SchoolId = "sch-009", Post = "teacher" }, CancellationToken.None);
        _clock = _app.Services.GetRequiredService<BureauClock>();
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        _endsAt = now.AddDays(3);
        await SeedAsync(now);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Me_ListsTheOpenNoticesOfOnesSchoolAndNamingOneself_LinkedToThePageTheSessionOpens()
    {
        using var json = await StaffSessions.SignInAsync(_app, WangFang);
        using var browser = await BrowserAsync(WangFang);

        var results = (await json.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray()
            .Where(r => (string?)r!["kind"] == "提拔人选公示")
            .Select(r => $"{r!["title"]}|{r["summary"]}|{r["link"]}")
            .ToList();
        string html = await (await browser.GetAsync("/api/me")).Content.ReadAsStringAsync();
        var page = await browser.GetAsync("/api/deputy-renewals/2026/schools/sch-001/notice");
        string pageHtml = await page.Content.ReadAsStringAsync();
        var named = await browser.GetAsync("/api/deputy-renewals/2026/schools/sch-002/notice");

        string closes = _clock.FormatForStaff(new DateTimeOffset(_endsAt), "zh-CN");
        Assert.Equal(
            [
                $"2026年 · 旗城学校|公示中：拟提拔1人为副校长；异议截止{closes}|/api/deputy-renewals/2026/schools/sch-001/notice",
                $"2026年 · 南关小学|公示中：拟提拔2人为副校长，您是拟提拔人选之一；异议截止{closes}|/api/deputy-renewals/2026/schools/sch-002/notice",
            ],
            results);
        Assert.Contains($"<dt>提拔人选公示</dt><dd><a href=\"/api/deputy-renewals/2026/schools/sch-001/notice\">2026年 · 旗城学校</a> · 公示中：拟提拔1人为副校长；异议截止{closes}</dd>", html, StringComparison.Ordinal);
        foreach (string notListed in new[] { "东关小学", "北关小学", "西苑小学" })
        {
            Assert.DoesNotContain(notListed, html, StringComparison.Ordinal);
        }

        Assert.Empty(ChineseText.LatinWords(ChineseText.OfHtml(html)));
        // The link opens the notice with the session alone (no mailed token), and the objection form with it.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("陈老师", pageHtml, StringComparison.Ordinal);
        Assert.Contains("王芳（stf-1）", pageHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }

    [Fact]
    public async Task Me_OfAnotherSchool_ListsNoNotice()
    {
        using var json = await StaffSessions.SignInAsync(_app, Other);

        var results = (await json.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray();

        Assert.DoesNotContain(results, r => (string?)r!["kind"] == "提拔人选公示");
    }

    [Fact]
    public async Task OwnNoticesAndResults_ReadInEnglish_EveryRuleWordTranslated_ChineseByDefault()
    {
        var store = _app.Services.GetRequiredService<DeputyRenewalStore>();
        // 王芳's finished rounds: promoted after a 5-working-day notice in one, an upheld objection in another.
        RenewalCandidate Her(string result, string why) => new("stf-1", "王芳", "mid-level-leader") { Proposal = RenewalChoices.Promote, Review = "approve", Result = result, Why = why };
        await store.Rounds.PutAsync(new RenewalRecord("2024", "sch-001", "旗城学校", "stf-2", "stf-3") { Stage = "done", Candidates = [Her(RenewalChoices.Unchanged, RenewalReasons.ObjectionUpheld)] }, CancellationToken.None);
        await store.Rounds.PutAsync(new RenewalRecord("2023", "sch-001", "旗城学校", "stf-2", "stf-3") { Stage = "done", Candidates = [Her(RenewalChoices.Promoted, RenewalReasons.Promoted(5))] }, CancellationToken.None);
        var source = _app.Services.GetServices<EduFlows.StaffPortal.IOwnResults>().OfType<RenewalOwnResults>().Single();

        var mine = await source.OfAsync("stf-1", CancellationToken.None);

        string closesZh = _clock.FormatForStaff(new DateTimeOffset(_endsAt), "zh-CN");
        string closesEn = _clock.FormatForStaff(new DateTimeOffset(_endsAt), "en");
        Assert.Equal(
            [
                $"提拔人选公示|2026年 · 旗城学校|公示中：拟提拔1人为副校长；异议截止{closesZh}",
                $"提拔人选公示|2026年 · 南关小学|公示中：拟提拔2人为副校长，您是拟提拔人选之一；异议截止{closesZh}",
                "副职续聘提拔结果|2024年 · 旗城学校|维持现职（依据：公示期间异议经核查属实，不予提拔）",
                "副职续聘提拔结果|2023年 · 旗城学校|已提拔（依据：学校建议提拔，教育局同意，公示5个工作日无异议或异议不成立）",
            ],
            mine.Select(r => r.In("zh-CN")).Select(r => $"{r.Kind}|{r.Title}|{r.Summary}"));
        Assert.Equal(
            [
                $"Promotion notice|2026 · 旗城学校|on notice: 1 person proposed for deputy principal; objections close {closesEn}",
                $"Promotion notice|2026 · 南关小学|on notice: 2 people proposed for deputy principal, you among them; objections close {closesEn}",
                "Deputy renewal or promotion result|2024 · 旗城学校|post unchanged (an objection during the notice was found true: not promoted)",
                "Deputy renewal or promotion result|2023 · 旗城学校|promoted to deputy principal (promotion proposed by the school and approved by the bureau; no objection upheld during the 5-working-day notice)",
            ],
            mine.Select(r => r.In("en")).Select(r => $"{r.Kind}|{r.Title}|{r.Summary}"));
        Assert.Contains("Beijing time", closesEn, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryReasonTheRoundRecords_HasItsEnglish()
    {
        var reasons = typeof(RenewalReasons).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Append(RenewalReasons.Promoted(7)).ToList();

        Assert.Equal(10, reasons.Count);
        Assert.All(reasons, why => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", RenewalReasons.InEnglish(why)));
        Assert.Equal("a reason the bureau typed: 另有安排", RenewalReasons.InEnglish("a reason the bureau typed: 另有安排"));
    }

    private async Task<HttpClient> BrowserAsync(string email)
    {
        var browser = await StaffSessions.SignInAsync(_app, email);
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return browser;
    }

    private async Task SeedAsync(DateTime now)
    {
        var store = _app.Services.GetRequiredService<DeputyRenewalStore>();
        var today = DateOnly.FromDateTime(now);
        RenewalCandidate Promoted(string id, string name) => new(id, name, "mid-level-leader") { Proposal = RenewalChoices.Promote, Review = "approve" };
        RenewalRecord OnNotice(string round, string school, string name, DateTime endsAt, params RenewalCandidate[] people) =>
            new(round, school, name, "stf-2", "stf-3") { Stage = "notice", Candidates = people, NoticeFrom = today, NoticeUntil = today.AddDays(3), NoticeEndsAt = endsAt };

        // 王芳's school: a promotion on notice, and a deputy renewed (not on notice).
        await store.Rounds.PutAsync(
            OnNotice("2026", "sch-001", "旗城学校", _endsAt, Promoted("stf-50", "陈老师"), new("stf-51", "周副校长", "vice-principal") { Proposal = RenewalChoices.Renew, Review = "approve", Result = RenewalChoices.Renewed, Why = "学校建议续聘，教育局同意" }),
            CancellationToken.None);
        // Another school's notice naming 王芳.
        await store.Rounds.PutAsync(OnNotice("2026", "sch-002", "南关小学", _endsAt, Promoted("stf-1", "王芳"), Promoted("stf-60", "吴老师")), CancellationToken.None);
        // A notice of another school not naming her; one of her school whose objections closed an hour ago; a round of her school still in review.
        await store.Rounds.PutAsync(OnNotice("2026", "sch-003", "东关小学", _endsAt, Promoted("stf-70", "郑老师")), CancellationToken.None);
        await store.Rounds.PutAsync(OnNotice("2025", "sch-001", "北关小学", now.AddHours(-1), Promoted("stf-80", "冯老师")), CancellationToken.None);
        await store.Rounds.PutAsync(new RenewalRecord("2027", "sch-001", "西苑小学", "stf-2", "stf-3") { Stage = "review", Candidates = [Promoted("stf-90", "褚老师")] }, CancellationToken.None);
    }
}
