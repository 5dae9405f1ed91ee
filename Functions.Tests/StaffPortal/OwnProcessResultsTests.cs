using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.Samples;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Training;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.StaffPortal;

/// <summary>
/// /api/me lists one's own reserve-pool file, training, secondments and published renewal result, each from its own
/// process, with links that open; another person's rows and a result not yet published are not there.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OwnProcessResultsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string WangFang = "wang.fang@qz.example.cn";
    private const string Li = "li.principal@qz.example.cn";
    private const string CheckInTask = "secondment-check-in-sec-1-m04";
    private TaskAppFactory _app = null!;
    private int _year;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
        _year = _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow).Year;
        await SeedPoolAsync();
        await SeedTrainingAsync();
        await SeedSecondmentsAsync();
        await SeedRenewalsAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Me_ListsOnesOwnPoolFileTrainingSecondmentAndPublishedRenewal_NobodyElses()
    {
        using var browser = await SignInBrowserAsync(WangFang);

        string html = await (await browser.GetAsync("/api/me")).Content.ReadAsStringAsync();

        Assert.Contains("<dt>后备人才库</dt><dd>后备教研员 · 在库；2026-03-01入库（选拔：2026年教研员阳光选优）</dd>", html, StringComparison.Ordinal);
        Assert.Contains("年度考察已进行，结果由教育局掌握。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("表达能力有待加强", html, StringComparison.Ordinal);
        Assert.DoesNotContain("讲堂学时记入档案", html, StringComparison.Ordinal);
        Assert.DoesNotContain("培养中", html, StringComparison.Ordinal);
        Assert.Contains("<dt>后备人才档案</dt><dd>2026-03-01 入库 · 经2026年教研员阳光选优进入后备教研员库。</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>年度培训学时</dt><dd>{_year}年 · 共 4.5 学时（参训 2 次）</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>年度培训学时</dt><dd>{_year - 1}年 · 共 2 学时（参训 1 次）</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/training/lectures/lec-a/registration\">{_year}-01-10 新课标下的大单元教学</a> · 已签到，计入 3 学时", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/training/lectures/lec-next/registration\">", html, StringComparison.Ordinal);
        Assert.Contains("<dt>挂职锻炼</dt>", html, StringComparison.Ordinal);
        Assert.Contains("城关一中→西苑小学（副校长（挂职））</a> · 交流/挂职中；2026-09-01 至 2027-05-31，共9个月（原定6个月，延期1次）；本月月度报告待提交", html, StringComparison.Ordinal);
        Assert.Contains("<dt>副职续聘提拔结果</dt><dd>2026年 · 西苑小学 · 续聘（依据：学校建议续聘，教育局同意）</dd>", html, StringComparison.Ordinal);
        foreach (string others in new[] { "李校长档案", "南关小学", "候补第", "不再续聘", "东关小学", "北关小学", "renewed", "running", "researcher" })
        {
            Assert.DoesNotContain(others, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DepartmentAndShadowTrainingResults_HaveEnglish_ShownOnLangEn_ChineseByDefault()
    {
        string head = $"stf-head-{Guid.NewGuid():N}";
        await _app.Services.GetRequiredService<EduFlows.Processes.DepartmentAssessment.AssessmentStore>().YearResults.PutAsync(
            new EduFlows.Processes.DepartmentAssessment.YearResult { Year = 2039, DepartmentId = $"dep-{head}", DepartmentName = "基础教育科", HeadId = head, Score = new EduFlows.Processes.DepartmentAssessment.DepartmentScore($"dep-{head}", 880, 0, 20, 80, 912.5m, 2) },
            CancellationToken.None);
        await _app.Services.GetRequiredService<ShadowTrainingStore>().Trainees.PutAsync(
            new TraineeRecord { BatchId = "2039-1", TraineeId = head, TraineeName = "王芳", BaseId = "base-1", BaseName = "青州市实验小学", WeekStart = new DateOnly(2039, 5, 9), Status = TraineeStatus.Completed, Days = 5, AttendedDays = 5, CertificateNo = "YZ-2039-1-001" },
            CancellationToken.None);
        var sources = _app.Services.GetServices<EduFlows.StaffPortal.IOwnResults>().ToList();

        var department = Assert.Single(await sources.OfType<EduFlows.Processes.DepartmentAssessment.DepartmentOwnResults>().Single().OfAsync(head, CancellationToken.None));
        var training = Assert.Single(await sources.OfType<TraineeOwnResults>().Single().OfAsync(head, CancellationToken.None));

        Assert.Equal(("科室千分考核结果", "2039年度 基础教育科", "总分 912.5，第 2 名"), (department.In("zh-CN").Kind, department.In("zh-CN").Title, department.In("zh-CN").Summary));
        Assert.Equal(("Department assessment result", "2039 · 基础教育科", "total 912.5 of 1000, rank 2"), (department.In("en").Kind, department.In("en").Title, department.In("en").Summary));
        Assert.Equal(("跟岗培训结业证书", "已结业，证书编号 YZ-2039-1-001"), (training.In("zh-CN").Kind, training.In("zh-CN").Summary));
        Assert.Equal(("Shadow training certificate", "batch 2039-1 · 青州市实验小学", "completed, certificate no. YZ-2039-1-001"), (training.In("en").Kind, training.In("en").Title, training.In("en").Summary));
    }

    [Fact]
    public async Task Me_Links_OpenOnesOwnRegistrationAndMonthlyReport()
    {
        using var json = await StaffSessions.SignInAsync(_app, WangFang);
        using var browser = await SignInBrowserAsync(WangFang);

        var results = (await json.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray();
        var links = results.Select(r => (string?)r!["link"]).Where(l => l is not null && !l.Contains("researcher", StringComparison.Ordinal)).ToList();
        var registration = await browser.GetAsync("/api/training/lectures/lec-next/registration");
        string report = links.Single(l => l!.StartsWith($"/api/tasks/{CheckInTask}?token=", StringComparison.Ordinal))!;
        var reportPage = await browser.GetAsync(report);

        Assert.Equal(
            ["/api/training/lectures/lec-next/registration", "/api/training/lectures/lec-b/registration", "/api/training/lectures/lec-a/registration", "/api/training/lectures/lec-old/registration", report],
            links);
        Assert.Equal(HttpStatusCode.OK, registration.StatusCode);
        Assert.Contains("<dt>我的状态</dt><dd>已报名</dd>", await registration.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reportPage.StatusCode);
        Assert.Contains("交流挂职月度报告", await reportPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(
            results.Where(r => (string?)r!["kind"] is "后备人才库" or "后备人才档案" or "副职续聘提拔结果" or "年度培训学时"),
            r => Assert.Null((string?)r!["link"]));
    }

    [Fact]
    public async Task Me_OfAnotherPerson_ShowsTheirsOnly_AndNoResultBeforePublication()
    {
        using var json = await StaffSessions.SignInAsync(_app, Li);

        var results = (await json.GetFromJsonAsync<JsonObject>("/api/me"))!["results"]!.AsArray()
            .Select(r => $"{(string?)r!["kind"]}|{(string?)r!["title"]}|{(string?)r!["summary"]}").ToList();

        // Sorted: the next lecture falls in next year's group late in December.
        Assert.Equal(
            new[]
            {
                "后备人才库|后备校长|在库；2026-04-01入库（续聘轮次：renewal-2026）",
                "后备人才档案|2026-04-01 入库|李校长档案：续聘轮次入库。",
                $"年度培训学时|{_year}年|共 3 学时（参训 1 次）",
                $"青州教育讲堂报名|{NextLecture:yyyy-MM-dd} 下一期讲堂|候补第 1 位",
                $"高端对接参训记录|{_year}-01-10 新课标下的大单元教学|已签到，计入 3 学时",
                "双向交流|城关二中→南关小学（教研组长）|期满返回；2025-09-01 至 2026-08-31，共12个月",
                "副职续聘提拔结果|2026年 · 西苑小学|不再续聘（依据：学校建议续聘，教育局不同意）",
            }.Order(StringComparer.Ordinal),
            results.Order(StringComparer.Ordinal));
    }

    // Issue 18: the pool, its file, training and secondments read in English on ?lang=en, the Chinese by default.
    [Fact]
    public async Task Me_InEnglish_ShowsPoolAndFileInEnglish_ChineseByDefault()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        var today = _app.Services.GetRequiredService<PoolEntrance>().Today;
        // Entered by a renewal round through the pool's own desk, then appointed: the exit reads as its rule.
        var (entered, created) = await desk.EnterAsync(new PoolEntryRequest("stf-1", ReservePoolDesk.Principals, "renewal", "renewal-2031") { SourceName = "2031年副职续聘", Note = "提拔为西苑小学副校长。" }, CancellationToken.None);
        Assert.True(created);
        Assert.True(await desk.DecideAsync(entered!.Id, 2031, null, new PoolExit(PoolExitReason.Appointed, today, "已任用为校长。", "rule"), string.Empty, CancellationToken.None));
        using var json = await StaffSessions.SignInAsync(_app, WangFang);

        var english = (await ResultsAsync(json, "/api/me?lang=en")).Where(r => r.StartsWith("Reserve", StringComparison.Ordinal));
        var chinese = (await ResultsAsync(json, "/api/me")).Where(r => r.StartsWith("后备", StringComparison.Ordinal));

        Assert.Equal(
            [
                $"Reserve talent pool|Reserve principals|left the pool: appointed; entered {today:yyyy-MM-dd} (renewal round: 2031年副职续聘)",
                "Reserve talent pool|Reserve researchers|in the pool; entered 2026-03-01 (selection: 2026年教研员阳光选优)",
                $"Reserve pool file|{today:yyyy-MM-dd} exit|left the pool: appointed",
                $"Reserve pool file|{today:yyyy-MM-dd} entry|Entered the reserve principals pool by renewal round (2031年副职续聘). 提拔为西苑小学副校长。",
                "Reserve pool file|2026-03-20 annual review|The annual review took place; its result is kept by the bureau.",
                "Reserve pool file|2026-03-01 entry|Entered the pool (Reserve researchers) by selection: 2026年教研员阳光选优.",
            ],
            english);
        Assert.Equal(
            [
                $"后备人才库|后备校长|已任用出库；{today:yyyy-MM-dd}入库（续聘轮次：2031年副职续聘）",
                "后备人才库|后备教研员|在库；2026-03-01入库（选拔：2026年教研员阳光选优）",
                $"后备人才档案|{today:yyyy-MM-dd} 出库|已任用出库",
                $"后备人才档案|{today:yyyy-MM-dd} 入库|经续聘轮次（2031年副职续聘）进入后备校长人才库。提拔为西苑小学副校长。",
                "后备人才档案|2026-03-20 年度考察|年度考察已进行，结果由教育局掌握。",
                "后备人才档案|2026-03-01 入库|经2026年教研员阳光选优进入后备教研员库。",
            ],
            chinese);
    }

    // Issue 18: entries written before entries kept their English. The entrance's own templates read in English as the
    // entrance now writes them; words written freely stay as written, marked as Chinese, and only in English.
    [Fact]
    public async Task Me_InEnglish_OlderEntriesReadFromTheEntranceTemplates_OtherWordsMarkedAsChinese()
    {
        var pool = _app.Services.GetRequiredService<ReservePoolStore>();
        // An entry from a selection before this membership's round (the membership tells it no more), and a round's
        // naming while already in; both as the entrance wrote them then, without English.
        await pool.File.PutAsync(new ReservePoolEntry("stf-2", PoolEntryKinds.Entry, "principal.selection-2024", new DateOnly(2024, 5, 6), "经选拔（2024年校长阳光选优）进入后备校长人才库。", null), CancellationToken.None);
        await pool.File.PutAsync(new ReservePoolEntry("stf-2", PoolEntryKinds.Entry, "principal.renewal-2027", new DateOnly(2027, 4, 2), "经续聘轮次（2027年副职续聘）再次入选；已在后备校长人才库（2026-04-01入库），未重复入库。", null), CancellationToken.None);
        await pool.File.PutAsync(new ReservePoolEntry("stf-2", PoolEntryKinds.Assessment, "assessment-2027", new DateOnly(2027, 7, 1), "2027年上半年考核：优秀。", null), CancellationToken.None);
        using var json = await StaffSessions.SignInAsync(_app, Li);

        var english = (await ResultsAsync(json, "/api/me?lang=en")).Where(r => r.StartsWith("Reserve pool file", StringComparison.Ordinal));
        var chinese = (await ResultsAsync(json, "/api/me")).Where(r => r.StartsWith("后备人才档案", StringComparison.Ordinal));

        Assert.Equal(
            [
                "Reserve pool file|2027-07-01 assessment result|(Original in Chinese) 2027年上半年考核：优秀。",
                "Reserve pool file|2027-04-02 entry|Named again by renewal round (2027年副职续聘); already in the reserve principals pool (entered 2026-04-01), not entered twice.",
                "Reserve pool file|2026-04-01 entry|(Original in Chinese) 李校长档案：续聘轮次入库。",
                "Reserve pool file|2024-05-06 entry|Entered the reserve principals pool by selection (2024年校长阳光选优).",
            ],
            english);
        Assert.Equal(
            [
                "后备人才档案|2027-07-01 考核结果|2027年上半年考核：优秀。",
                "后备人才档案|2027-04-02 入库|经续聘轮次（2027年副职续聘）再次入选；已在后备校长人才库（2026-04-01入库），未重复入库。",
                "后备人才档案|2026-04-01 入库|李校长档案：续聘轮次入库。",
                "后备人才档案|2024-05-06 入库|经选拔（2024年校长阳光选优）进入后备校长人才库。",
            ],
            chinese);
    }

    // The templates read back are the entrance's: what it writes today in Chinese reads as the English it writes beside.
    [Fact]
    public async Task OlderEntryEnglish_OfWhatTheEntranceWritesNow_IsTheEnglishItWritesBeside()
    {
        var desk = _app.Services.GetRequiredService<ReservePoolDesk>();
        await desk.EnterAsync(new PoolEntryRequest("stf-3", ReservePoolDesk.Principals, "selection", "selection-2031") { SourceName = "2031年校长阳光选优" }, CancellationToken.None);
        await desk.EnterAsync(new PoolEntryRequest("stf-3", ReservePoolDesk.Principals, "renewal", "renewal-2031") { SourceName = "2031年副职续聘", Note = "提拔为西苑小学副校长。" }, CancellationToken.None);
        await desk.EnterAsync(new PoolEntryRequest("stf-3", ReservePoolDesk.Principals, "renewal", "renewal-2032") { SourceName = "2032年副职续聘" }, CancellationToken.None);
        await desk.EnterAsync(new PoolEntryRequest("stf-3", ReservePoolDesk.Researchers, "selection", "selection-2032") { Note = "笔试第一名。" }, CancellationToken.None);
        // Named again by a source whose name holds brackets of its own.
        await desk.EnterAsync(new PoolEntryRequest("stf-3", ReservePoolDesk.Principals, "selection", "selection-2033") { SourceName = "2033年选拔（第二批）" }, CancellationToken.None);

        var entries = (await _app.Services.GetRequiredService<ReservePoolStore>().FileOfAsync("stf-3", CancellationToken.None)).Where(e => e.Kind == PoolEntryKinds.Entry).ToList();

        Assert.Equal(5, entries.Count);
        Assert.Contains(entries, e => e.Text.Contains("（2033年选拔（第二批））", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(e.TextEn, OlderEntryEnglish.FromTemplate(e.Text)));
    }

    [Fact]
    public async Task Me_InEnglish_ShowsTrainingHoursAttendanceAndRegistrationsInEnglish()
    {
        using var wang = await StaffSessions.SignInAsync(_app, WangFang);
        using var li = await StaffSessions.SignInAsync(_app, Li);

        var wangEnglish = (await ResultsAsync(wang, "/api/me?lang=en")).Where(r => r.StartsWith("Qingzhou", StringComparison.Ordinal) || r.StartsWith("Expert", StringComparison.Ordinal) || r.StartsWith("Training", StringComparison.Ordinal));
        var liEnglish = (await ResultsAsync(li, "/api/me?lang=en")).Where(r => r.StartsWith("Qingzhou", StringComparison.Ordinal) || r.StartsWith("Expert", StringComparison.Ordinal) || r.StartsWith("Training", StringComparison.Ordinal));
        var wangChinese = await ResultsAsync(wang, "/api/me");

        Assert.Equal(
            new[]
            {
                $"Training hours of the year|{_year}|4.5 hours in all (2 sessions attended)",
                $"Qingzhou education lecture registration|{NextLecture:yyyy-MM-dd} 下一期讲堂|registered",
                $"Qingzhou education lecture attendance|{_year}-01-12 作业设计|attendance recorded by the office, 1.5 hours credited",
                $"Expert course attendance|{_year}-01-10 新课标下的大单元教学|checked in, 3 hours credited",
                $"Training hours of the year|{_year - 1}|2 hours in all (1 session attended)",
                $"Qingzhou education lecture attendance|{_year - 1}-11-20 教育家精神|checked in, 2 hours credited",
            }.Order(StringComparer.Ordinal),
            wangEnglish.Order(StringComparer.Ordinal));
        Assert.Equal(
            new[]
            {
                $"Training hours of the year|{_year}|3 hours in all (1 session attended)",
                $"Qingzhou education lecture registration|{NextLecture:yyyy-MM-dd} 下一期讲堂|waiting list, place 1",
                $"Expert course attendance|{_year}-01-10 新课标下的大单元教学|checked in, 3 hours credited",
            }.Order(StringComparer.Ordinal),
            liEnglish.Order(StringComparer.Ordinal));
        Assert.Contains($"年度培训学时|{_year}年|共 4.5 学时（参训 2 次）", wangChinese);
        Assert.DoesNotContain(wangChinese, r => r.StartsWith("Training", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Me_InEnglish_ShowsSecondmentsAndExchangesInEnglish_WithTheReportDue()
    {
        using var wang = await StaffSessions.SignInAsync(_app, WangFang);
        using var li = await StaffSessions.SignInAsync(_app, Li);

        var wangEnglish = (await ResultsAsync(wang, "/api/me?lang=en")).Where(r => r.StartsWith("Secondment|", StringComparison.Ordinal) || r.StartsWith("Two-way exchange|", StringComparison.Ordinal));
        var liEnglish = (await ResultsAsync(li, "/api/me?lang=en")).Where(r => r.StartsWith("Secondment|", StringComparison.Ordinal) || r.StartsWith("Two-way exchange|", StringComparison.Ordinal));
        var wangChinese = await ResultsAsync(wang, "/api/me");

        Assert.Equal(["Secondment|城关一中 → 西苑小学 (副校长（挂职）)|at the host; 2026-09-01 to 2027-05-31, 9 months (planned 6 months, extended once); this month's report is due"], wangEnglish);
        Assert.Equal(["Two-way exchange|城关二中 → 南关小学 (教研组长)|ended, back in the home post; 2025-09-01 to 2026-08-31, 12 months"], liEnglish);
        Assert.Contains("挂职锻炼|城关一中→西苑小学（副校长（挂职））|交流/挂职中；2026-09-01 至 2027-05-31，共9个月（原定6个月，延期1次）；本月月度报告待提交", wangChinese);
    }

    private static async Task<List<string>> ResultsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonObject>(path))!["results"]!.AsArray().Select(r => $"{(string?)r!["kind"]}|{(string?)r!["title"]}|{(string?)r!["summary"]}")];

    // Issue 18: an entry another process writes through the pool's API carries its English from there.
    [Fact]
    public async Task Me_InEnglish_ShowsAnAssessmentEntryAddedThroughThePoolApi_InTheEnglishItWasGiven_ChineseByDefault()
    {
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reserve-pool/files/stf-1/entries")
        {
            Content = JsonContent.Create(new { kind = "assessment", reference = "assessment-2026", date = "2026-07-10", text = "2026年上半年教研员考核：第2名，88.5分。", textEn = "2026 first half-year researcher review: ranked 2nd, 88.5 points." }),
        };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        var added = await http.SendAsync(request);
        using var json = await StaffSessions.SignInAsync(_app, WangFang);

        var english = (await ResultsAsync(json, "/api/me?lang=en")).Where(r => r.StartsWith("Reserve pool file|2026-07-10", StringComparison.Ordinal));
        var chinese = (await ResultsAsync(json, "/api/me")).Where(r => r.StartsWith("后备人才档案|2026-07-10", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(["Reserve pool file|2026-07-10 assessment result|2026 first half-year researcher review: ranked 2nd, 88.5 points."], english);
        Assert.Equal(["后备人才档案|2026-07-10 考核结果|2026年上半年教研员考核：第2名，88.5分。"], chinese);
    }

    [Fact]
    public async Task PoolApi_AnEnglishTextOver1000Characters_IsRefusedNamingTextEn_AndNothingIsWritten()
    {
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reserve-pool/files/stf-1/entries")
        {
            Content = JsonContent.Create(new { kind = "assessment", reference = "assessment-2027", date = "2027-07-10", text = "2027年考核结果。", textEn = new string('x', 1001) }),
        };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);

        var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("textEn", (string?)problem["field"]);
        Assert.Equal("英文内容不超过1000字。", (string?)problem["errors"]![0]!["reason"]);
        Assert.DoesNotContain(await _app.Services.GetRequiredService<ReservePoolStore>().FileOfAsync("stf-1", CancellationToken.None), e => e.Reference == "assessment-2027");
    }

    private DateOnly NextLecture => _app.Services.GetRequiredService<BureauClock>().DateOf(DateTimeOffset.UtcNow).AddDays(20);

    private async Task<HttpClient> SignInBrowserAsync(string email)
    {
        var browser = await StaffSessions.SignInAsync(_app, email);
        browser.DefaultRequestHeaders.Accept.Clear();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return browser;
    }

    private async Task SeedPoolAsync()
    {
        var pool = _app.Services.GetRequiredService<ReservePoolStore>();
        await pool.Members.PutAsync(
            new PoolMember("stf-1", ReservePoolDesk.Researchers, "王芳", null, "junior", new DateOnly(1985, 5, 1), "selection", "open-selection-2026", new DateOnly(2026, 3, 1)) { SourceName = "2026年教研员阳光选优" },
            CancellationToken.None);
        await pool.Members.PutAsync(
            new PoolMember("stf-2", ReservePoolDesk.Principals, "李校长", "sch-1", "primary", new DateOnly(1980, 1, 1), "renewal", "renewal-2026", new DateOnly(2026, 4, 1)),
            CancellationToken.None);
        // Written before entries kept their English: keyed as the entrance keys it ("{pool}.{source reference}").
        await pool.File.PutAsync(new ReservePoolEntry("stf-1", PoolEntryKinds.Entry, "researcher.open-selection-2026", new DateOnly(2026, 3, 1), "经2026年教研员阳光选优进入后备教研员库。", null), CancellationToken.None);
        // The office's yearly review, with its officer's words: the member sees that it took place, not what was written.
        await pool.File.PutAsync(new ReservePoolEntry("stf-1", PoolEntryKinds.Review, "review-2026", new DateOnly(2026, 3, 20), "年度考察：培养中；考察意见：表达能力有待加强。", null), CancellationToken.None);
        // Hours credited to the file by training: /api/me lists them once, under training, not again under the file.
        await pool.File.PutAsync(new ReservePoolEntry("stf-1", PoolEntryKinds.Training, "lecture-x", new DateOnly(2026, 3, 25), "讲堂学时记入档案：3 学时。", null), CancellationToken.None);
        await pool.File.PutAsync(new ReservePoolEntry("stf-2", PoolEntryKinds.Entry, "principal", new DateOnly(2026, 4, 1), "李校长档案：续聘轮次入库。", null), CancellationToken.None);
    }

    private async Task SeedTrainingAsync()
    {
        var training = _app.Services.GetRequiredService<TrainingStore>();
        Lecture Lecture(string id, string series, string title, DateOnly date, decimal hours) =>
            new(id, series, title, "张教授", "教育局报告厅", date, new TimeOnly(14, 0), new TimeOnly(17, 0), hours, 50, true, "stf-3");
        var now = DateTimeOffset.UtcNow;
        var lectures = new[]
        {
            Lecture("lec-old", "lecture", "教育家精神", new DateOnly(_year - 1, 11, 20), 2),
            Lecture("lec-a", "course", "新课标下的大单元教学", new DateOnly(_year, 1, 10), 3),
            Lecture("lec-b", "lecture", "作业设计", new DateOnly(_year, 1, 12), 1.5m),
            Lecture("lec-next", "lecture", "下一期讲堂", NextLecture, 2) with { Capacity = 1 },
            Lecture("lec-later", "lecture", "再下一期讲堂", NextLecture.AddDays(1), 2),
        };
        foreach (var lecture in lectures)
        {
            await training.Lectures.PutAsync(lecture, CancellationToken.None);
        }

        // Registered as people do, through the desk: 王芳 takes the one seat, 李校长 waits; his cancelled seat shows nowhere.
        var desk = _app.Services.GetRequiredService<TrainingDesk>();
        Assert.Equal(RegistrationOutcome.Registered, (await desk.RegisterAsync("lec-next", "stf-1", CancellationToken.None)).Outcome);
        Assert.Equal(RegistrationOutcome.Waiting, (await desk.RegisterAsync("lec-next", "stf-2", CancellationToken.None)).Outcome);
        Assert.Equal(RegistrationOutcome.Registered, (await desk.RegisterAsync("lec-later", "stf-2", CancellationToken.None)).Outcome);
        Assert.Null((await desk.CancelAsync("lec-later", "stf-2", CancellationToken.None)).Refusal);

        foreach (var (lecture, staffId, name, source) in new[] { (lectures[0], "stf-1", "王芳", TrainingAttendance.ByCheckIn), (lectures[1], "stf-1", "王芳", TrainingAttendance.ByCheckIn), (lectures[2], "stf-1", "王芳", TrainingAttendance.ByOffice), (lectures[1], "stf-2", "李校长", TrainingAttendance.ByCheckIn) })
        {
            await training.Attendance.PutAsync(
                new TrainingAttendance(lecture.Id, lecture.Series, lecture.Title, staffId, name, null, null, "teacher", lecture.Date, lecture.Hours, now) { Source = source },
                CancellationToken.None);
        }

        // A check-in the office removed counts as none.
        await training.Attendance.PutAsync(
            new TrainingAttendance("lec-old", "lecture", "教育家精神", "stf-2", "李校长", null, null, "teacher", lectures[0].Date, 0, now) { Withdrawn = new AttendanceWithdrawal(now, "office", "误签", 2) },
            CancellationToken.None);
    }

    private async Task SeedSecondmentsAsync()
    {
        var store = _app.Services.GetRequiredService<SecondmentStore>();
        SecondmentUnit Unit(string id, string name) => new(id, name, true, "stf-3", "赵主任");
        var mine = new SecondmentPlan("sec-1", SecondmentKinds.Secondment, "stf-1", "王芳", "teacher", Unit("sch-9", "城关一中"), Unit("sch-4", "西苑小学"), "副校长（挂职）", "vice-principal", new DateOnly(2026, 9, 1), 6, "stf-3", "赵主任", "stf-3", "Asia/Shanghai");
        var theirs = new SecondmentPlan("sec-2", SecondmentKinds.Exchange, "stf-2", "李校长", "teacher", Unit("sch-8", "城关二中"), Unit("sch-5", "南关小学"), "教研组长", "teacher", new DateOnly(2025, 9, 1), 12, "stf-3", "赵主任", "stf-3", "Asia/Shanghai");
        var now = DateTimeOffset.UtcNow;
        await store.Assignments.PutAsync(new SecondmentRecord(mine, new SecondmentState { Stage = SecondmentStages.Running, Month = 4, TotalMonths = 9, Extensions = 1, MidTermGrade = "excellent" }, now), CancellationToken.None);
        await store.Assignments.PutAsync(new SecondmentRecord(theirs, new SecondmentState { Stage = SecondmentStages.Returned, Month = 13, TotalMonths = 12 }, now), CancellationToken.None);

        // The month's report waits in a live instance under the assignment's id (a notice stands in for the month's run).
        await _app.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-3", "占位", 72), new StartOrchestrationOptions(mine.InstanceId));
        await _app.Services.GetRequiredService<StaffTaskStore>().CreateAsync(
            new StaffTask
            {
                Id = CheckInTask,
                Kind = SecondmentTasks.CheckIn.Name,
                AssigneeId = "stf-1",
                AssigneeName = "王芳",
                InstanceId = mine.InstanceId,
                EventName = TaskDesk.EventName(CheckInTask),
                Subject = "挂职锻炼 · 王芳 · 西苑小学",
                Culture = "zh-CN",
                CreatedAt = now,
                DueAt = now.AddDays(7),
            },
            CancellationToken.None);
    }

    private async Task SeedRenewalsAsync()
    {
        var store = _app.Services.GetRequiredService<DeputyRenewalStore>();
        RenewalCandidate Deputy(string id, string name, string result, string why) =>
            new(id, name, "vice-principal") { Proposal = RenewalChoices.Renew, Review = "approve", Result = result, Why = why };
        await store.Rounds.PutAsync(
            new RenewalRecord("2026", "sch-4", "西苑小学", "stf-3", "stf-3")
            {
                Stage = "done",
                Candidates = [Deputy("stf-1", "王芳", RenewalChoices.Renewed, "学校建议续聘，教育局同意"), Deputy("stf-2", "李校长", RenewalChoices.NotRenewed, "学校建议续聘，教育局不同意")],
            },
            CancellationToken.None);

        // Still on notice: the deputies' results are set, but nobody has been told.
        await store.Rounds.PutAsync(
            new RenewalRecord("2026", "sch-6", "东关小学", "stf-3", "stf-3") { Stage = "notice", Candidates = [Deputy("stf-1", "王芳", RenewalChoices.Renewed, "学校建议续聘，教育局同意")] },
            CancellationToken.None);

        // A mid-level leader not proposed is not told of the round, so does not see it either.
        await store.Rounds.PutAsync(
            new RenewalRecord("2025", "sch-7", "北关小学", "stf-3", "stf-3")
            {
                Stage = "done",
                Candidates = [new RenewalCandidate("stf-1", "王芳", "mid-level-leader") { Proposal = RenewalChoices.None, Result = RenewalChoices.Unchanged, Why = "学校未提名" }],
            },
            CancellationToken.None);
    }
}
