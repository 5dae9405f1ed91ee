using System.Globalization;
using System.Net;
using System.Text.Json;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>
/// The researcher review scheme's office form (<c>/api/office/researcher-reviews/schemes/{section}</c>): the scheme in
/// force in Chinese, changed from the page by the scheme route's rules, a bad form refused with nothing stored, and a
/// save over a version someone else replaced refused with 409.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeResearcherSchemeActsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Schemes = "/api/office/researcher-reviews/schemes";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SchemeForm_ShowsTheSchemeInForceInChinese_LinkedFromTheReviewsPage()
    {
        string list = await OfficeFormPosts.GetPageAsync(_http, "/api/office/researcher-reviews");
        string form = await OfficeFormPosts.GetPageAsync(_http, $"{Schemes}/junior");
        var defaults = DefaultSchemes.For("junior");

        Assert.Contains($"href=\"{Schemes}/junior?code={TaskAppFactory.MasterKey}\"", list, StringComparison.Ordinal);
        Assert.Contains("<h1>初中教研员考核方案</h1>", form, StringComparison.Ordinal);
        Assert.Contains("现行为默认方案（第 1 版，尚未修改过）：学科教学质量 35 分（6 项二级指标）、教学常规落实 25 分（6 项二级指标）、个人专业发展 20 分（6 项二级指标）、基层学校满意度 20 分（4 项二级指标）。", form, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Schemes}/junior/1?code={TaskAppFactory.MasterKey}\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"levelA[0].weight\" name=\"levelA[0].weight\" value=\"35\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"indicators[2].name\" name=\"indicators[2].name\" value=\"听课评课\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"indicators[2].target\" name=\"indicators[2].target\" value=\"40\"", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"quality\" selected>学科教学质量</option>", form, StringComparison.Ordinal);
        Assert.Equal(4 + 22, defaults.LevelA.Count + defaults.Indicators.Count);
        Assert.Equal(defaults.LevelA.Count * 2 + defaults.Indicators.Count * 6 + 1, CountOf(form, "<label for="));
        OfficeClients.AssertNoLatinWords([($"{Schemes}/junior", form)]);
    }

    // Issue 18: the 4 A-level and 22 secondary indicators had no English, so the English form named them in Chinese only.
    [Theory]
    [InlineData("primary", "Guidance on moving between school stages")]
    [InlineData("junior", "Guidance for the senior-high entrance exam")]
    [InlineData("senior", "Guidance for the college entrance exam")]
    public async Task SchemeForm_InEnglish_NamesEveryIndicatorInEnglish_TheFieldsKeepTheStoredNames(string section, string transition)
    {
        string form = WebUtility.HtmlDecode(await OfficeFormPosts.GetPageAsync(_http, $"{Schemes}/{section}?lang=en"));
        var scheme = DefaultSchemes.For(section);

        Assert.Contains(
            "The default scheme (version 1, never changed) is in force: Quality of subject teaching 35 points (6 indicators); Teaching routines in practice 25 points (6 indicators); Professional growth 20 points (6 indicators); Schools' satisfaction 20 points (4 indicators).",
            form,
            StringComparison.Ordinal);
        Assert.Contains("<option value=\"quality\" selected>Quality of subject teaching</option>", form, StringComparison.Ordinal);
        Assert.Contains($"In English: {transition}.", form, StringComparison.Ordinal);
        Assert.Contains("In English: Lessons observed and discussed.", form, StringComparison.Ordinal);
        Assert.Equal(26, scheme.LevelA.Select(a => a.Name).Concat(scheme.Indicators.Select(i => i.Name)).Count(name => form.Contains($"In English: {IndicatorNames.En(name)}.", StringComparison.Ordinal)));

        // Saving keeps what the fields hold: the names as stored.
        Assert.Contains("id=\"indicators[2].name\" name=\"indicators[2].name\" value=\"听课评课\"", form, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultSchemes_EveryIndicatorAndBonus_HasAnEnglishName_AndTheTaskFormsUseIt()
    {
        foreach (string section in new[] { "primary", "junior", "senior" })
        {
            var scheme = DefaultSchemes.For(section);
            var names = scheme.LevelA.Select(a => a.Name).Concat(scheme.Indicators.Select(i => i.Name)).Concat(scheme.Bonuses.Select(b => b.Name)).ToList();

            Assert.Equal(4 + 22 + 2, names.Count);
            Assert.All(names, name => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", IndicatorNames.En(name)));
            Assert.Equal(names.Count, names.Select(IndicatorNames.En).Distinct().Count());
            var fields = ReviewTaskKinds.ScoringFields(scheme).Concat(ReviewTaskKinds.SurveyFields(scheme)).Concat(ReviewTaskKinds.SelfAssessmentFields(scheme));
            Assert.All(fields, f => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", f.Label.En));
        }

        // A name the office wrote in a scheme of its own is kept as written.
        Assert.Equal("教研工作", IndicatorNames.En("教研工作"));
    }

    [Fact]
    public async Task SchemeForm_BadWeights_AreRefusedInChinese_FormAgainOrProblemJson_NothingStored()
    {
        var good = Fields(DefaultSchemes.For("primary"));

        var badSum = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("levelA[0].weight", "40"));
        string badSumHtml = await badSum.Content.ReadAsStringAsync();
        var zero = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("levelA[1].weight", "0").With("levelA[0].weight", "60"));
        string zeroHtml = await zero.Content.ReadAsStringAsync();
        var blankMax = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("indicators[3].maxPoints", ""));
        string blankMaxHtml = await blankMax.Content.ReadAsStringAsync();
        var countedWithoutKind = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("indicators[2].recordKind", ""));
        string countedWithoutKindHtml = await countedWithoutKind.Content.ReadAsStringAsync();
        using var script = new HttpRequestMessage(HttpMethod.Post, $"{Schemes}/primary/1?code={TaskAppFactory.MasterKey}")
        {
            Content = new FormUrlEncodedContent(good.With("levelA[0].weight", "40").Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        var json = await _http.SendAsync(script);
        var noKey = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good, key: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badSum.StatusCode);
        Assert.Contains("一级指标权重合计须为 100（现为 105）。", badSumHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"40\"", badSumHtml, StringComparison.Ordinal);
        Assert.Contains("未作任何更改。", badSumHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero.StatusCode);
        Assert.Contains("id=\"error-levelA[1].weight\" role=\"alert\">“一级指标 2 权重（分）”：权重须大于 0。", zeroHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blankMax.StatusCode);
        Assert.Contains("id=\"error-indicators[3].maxPoints\" role=\"alert\">“二级指标 4 满分”：请填写满分。</span>", blankMaxHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, countedWithoutKind.StatusCode);
        Assert.Contains("id=\"error-indicators[2].recordKind\" role=\"alert\">“二级指标 3 计数的记录类别”：按记录计数的指标须指定记录类别", countedWithoutKindHtml, StringComparison.Ordinal);
        await AssertProblemAsync(json, HttpStatusCode.UnprocessableEntity, "levelA");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var stored = await _app.Services.GetRequiredService<ResearcherReviewStore>().CurrentSchemeAsync("primary", CancellationToken.None);
        Assert.Equal(1, stored.Version);
        Assert.Null(stored.SavedAt);
    }

    [Fact]
    public async Task SchemeForm_SavesTheNextVersion_ThenAStaleSaveIs409_AndChangesNothing()
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var edit = Fields(DefaultSchemes.For("senior"))
            .With("levelA[0].weight", "30").With("levelA[1].weight", "30")
            .With("indicators[2].name", "听课与评课").With("indicators[2].target", "36")
            .With("bonusCap", "8");
        string first = await OfficeFormPosts.GetPageAsync(_http, $"{Schemes}/senior");

        // Two people opened version 1; the first saves, the second's save would overwrite it.
        var saved = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/senior/1", edit);
        var stale = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/senior/1", edit.With("levelA[0].weight", "25").With("levelA[2].weight", "25"));
        string staleHtml = await stale.Content.ReadAsStringAsync();
        using var staleScript = new HttpRequestMessage(HttpMethod.Post, $"{Schemes}/senior/1?code={TaskAppFactory.MasterKey}")
        {
            Content = new FormUrlEncodedContent(edit.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        var staleJson = await _http.SendAsync(staleScript);
        string staleDetail = JsonDocument.Parse(await staleJson.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        string reopened = await OfficeFormPosts.GetPageAsync(_http, $"{Schemes}/senior");
        var current = await store.CurrentSchemeAsync("senior", CancellationToken.None);

        Assert.Contains($"action=\"{Schemes}/senior/1?code=", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/api/office/researcher-reviews?code={TaskAppFactory.MasterKey}#done", saved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改", staleHtml, StringComparison.Ordinal);
        Assert.Contains("本次修改未保存", staleHtml, StringComparison.Ordinal);
        await AssertProblemAsync(staleJson, HttpStatusCode.Conflict, "version");
        Assert.Contains("已被他人修改", staleDetail, StringComparison.Ordinal);

        Assert.Equal(2, current.Version);
        Assert.Equal(OfficeVisitorActor, current.SavedBy);
        Assert.Equal([30m, 30m, 20m, 20m], current.LevelA.Select(a => a.Weight));
        Assert.Equal("听课与评课", current.Indicators[2].Name);
        Assert.Equal(36, current.Indicators[2].Target);
        Assert.Equal(RecordKinds.LessonObserved, current.Indicators[2].RecordKind);
        Assert.Equal(8m, current.BonusCap);
        Assert.Equal(DefaultSchemes.For("senior").Bonuses.Select(b => b.Id), current.Bonuses.Select(b => b.Id));
        Assert.Null(await store.SchemeAsync("senior", 3, CancellationToken.None));
        Assert.Contains($"action=\"{Schemes}/senior/2?code=", reopened, StringComparison.Ordinal);
        Assert.Contains("现行为第 2 版：学科教学质量 30 分", reopened, StringComparison.Ordinal);
        Assert.Contains("value=\"听课与评课\"", reopened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemeForm_PostWithoutVersion_Is409AskingToReopen_AndAStaleFormWithATypoIs409Not422_NothingStored()
    {
        var store = _app.Services.GetRequiredService<ResearcherReviewStore>();
        var good = Fields(DefaultSchemes.For("primary"));

        // A form whose address carries no version (a page opened before forms carried one, or a script): refused.
        var unversioned = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary", good);
        string unversionedHtml = await unversioned.Content.ReadAsStringAsync();
        using var script = new HttpRequestMessage(HttpMethod.Post, $"{Schemes}/primary?code={TaskAppFactory.MasterKey}")
        {
            Content = new FormUrlEncodedContent(good.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        var unversionedJson = await _http.SendAsync(script);
        var afterUnversioned = await store.CurrentSchemeAsync("primary", CancellationToken.None);

        // Version 1 read, version 2 stored meanwhile: the stale form with a blank number is stale first.
        var saved = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("bonusCap", "7"));
        var staleTypo = await OfficeFormPosts.PostAsync(_http, $"{Schemes}/primary/1", good.With("indicators[3].maxPoints", ""));
        var current = await store.CurrentSchemeAsync("primary", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Conflict, unversioned.StatusCode);
        Assert.Contains("本页的地址中没有所读的版本，无法确认小学学段考核方案在您打开本页之后未被他人修改，本次修改未保存；请重新打开本页", unversionedHtml, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Schemes}/primary?code=", unversionedHtml, StringComparison.Ordinal);
        OfficeClients.AssertNoLatinWords([($"{Schemes}/primary", unversionedHtml)]);
        await AssertProblemAsync(unversionedJson, HttpStatusCode.Conflict, "version");
        Assert.Equal(1, afterUnversioned.Version);
        Assert.Null(afterUnversioned.SavedAt);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleTypo.StatusCode);
        Assert.Contains("已被他人修改", await staleTypo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((2, 7m), (current.Version, current.BonusCap));
    }

    [Fact]
    public async Task SchemeForm_NoSuchSection_Is404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Schemes}/college?code={TaskAppFactory.MasterKey}");

        var answer = await _http.SendAsync(request);

        await AssertProblemAsync(answer, HttpStatusCode.NotFound, "section");
    }

    private const string OfficeVisitorActor = EduFlows.Hosting.OfficeVisitor.MasterKeyActor;

    // The form as the page fills it from the scheme.
    private static (string Name, string Value)[] Fields(ResearcherScheme scheme)
    {
        var fields = new List<(string, string)>();
        for (int i = 0; i < scheme.LevelA.Count; i++)
        {
            fields.Add(($"levelA[{i}].name", scheme.LevelA[i].Name));
            fields.Add(($"levelA[{i}].weight", Text(scheme.LevelA[i].Weight)));
        }

        for (int i = 0; i < scheme.Indicators.Count; i++)
        {
            var s = scheme.Indicators[i];
            fields.Add(($"indicators[{i}].name", s.Name));
            fields.Add(($"indicators[{i}].levelA", s.LevelA));
            fields.Add(($"indicators[{i}].maxPoints", Text(s.MaxPoints)));
            fields.Add(($"indicators[{i}].source", s.Source.ToString()));
            fields.Add(($"indicators[{i}].recordKind", s.RecordKind ?? string.Empty));
            fields.Add(($"indicators[{i}].target", s.Target?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
        }

        fields.Add(("bonusCap", Text(scheme.BonusCap)));
        return [.. fields];
    }

    private static string Text(decimal n) => n.ToString(CultureInfo.InvariantCulture);

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
