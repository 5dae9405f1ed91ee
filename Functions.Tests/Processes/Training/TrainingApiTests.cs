using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.Training;

/// <summary>
/// <c>/api/training</c> through the whole app on Azurite with the dev clock: a lecture over capacity, mailed
/// registration links, the QR check-in on the day only, feedback, the hours in the reserve-pool file, and refusals.
/// </summary>
[Collection(ProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class TrainingApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // 2031-10-15 in Qingzhou; the clock moves within October so no monthly or yearly timer falls in between.
    private static readonly DateTimeOffset DayBefore = new(2031, 10, 14, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OnTheDay = new(2031, 10, 15, 2, 0, 0, TimeSpan.Zero);
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
        await SeedAsync(_app.Services.GetRequiredService<DirectoryStore>());
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 2, 2, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Schools and people with sections and birth dates (stf-31..stf-34), besides stf-1..stf-3.</summary>
    internal static async Task SeedAsync(DirectoryStore directory)
    {
        await directory.Schools.ApplyAsync([new School("sch-001", "东关小学", "primary", "王府街道", false, "stf-2"), new School("sch-002", "弥河初级中学", "junior", "弥河镇", true)], CancellationToken.None);
        await directory.Staff.ApplyAsync(
            [
                TaskHarness.Staff("stf-31", "刘洋", "liu.yang@qz.example.cn") with { Section = "primary", BirthDate = new DateOnly(1990, 5, 1), Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-32", "陈晨", "chen.chen@qz.example.cn") with { SchoolId = "sch-002", Section = "junior", BirthDate = new DateOnly(1985, 3, 1), Post = "mid-level-leader", ReservePrincipal = true },
                TaskHarness.Staff("stf-33", "赵敏", "zhao.min@qz.example.cn") with { Section = "primary", BirthDate = new DateOnly(1980, 1, 1), Post = "teacher", ReserveResearcher = true },
                TaskHarness.Staff("stf-34", "孙丽", "sun.li@qz.example.cn") with { Section = "primary", BirthDate = new DateOnly(1992, 7, 1), Post = "principal" },
            ],
            CancellationToken.None);
    }

    [Fact]
    public async Task Lecture_OverCapacity_WaitsOrRefuses_ChecksInOnTheDayOnly_AndCreditsTheHoursToThePoolFile()
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        string closed = id + "-closed";
        var defined = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 2, waitingList: true));
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{closed}", Lecture(capacity: 1, waitingList: false));
        var entered = await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-31", pool = "principal", source = "selection", sourceReference = "open-selection-2031" });
        var invited = await SendAsync(HttpMethod.Post, $"/api/training/lectures/{id}/invitations", new { staffIds = new[] { "stf-31", "stf-32", "stf-34" } });

        // Registration through the mailed links: two seats, then the waiting list; the same person twice changes nothing.
        string liu = Link("liu.yang@qz.example.cn", id);
        string chen = Link("chen.chen@qz.example.cn", id);
        string sun = Link("sun.li@qz.example.cn", id);
        var first = await _http.PostAsync(liu, null);
        var second = await _http.PostAsync(chen, null);
        var third = await _http.PostAsync(sun, null);
        var again = await _http.PostAsync(liu, null);
        var forged = await _http.PostAsync($"/api/training/lectures/{id}/registration?token=forged.token", null);
        var otherLecture = await _http.PostAsync(liu.Replace(id, closed, StringComparison.Ordinal), null);

        // Without a waiting list the second registration is refused.
        var links = _app.Services.GetRequiredService<TrainingLinks>();
        var closedLecture = (await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(closed, CancellationToken.None))!.Record;
        var closedFirst = await _http.PostAsync($"/api/training/lectures/{closed}/registration?token={links.PersonalToken(closedLecture, "stf-32")}", null);
        var closedFull = await _http.PostAsync($"/api/training/lectures/{closed}/registration?token={links.PersonalToken(closedLecture, "stf-34")}", null);

        // The venue's QR page holds the check-in link.
        var qr = await SendAsync(HttpMethod.Get, $"/api/training/lectures/{id}/qr");
        string page = await qr.Content.ReadAsStringAsync();
        string checkIn = page[page.IndexOf($"/api/training/lectures/{id}/check-in?code=", StringComparison.Ordinal)..];
        checkIn = WebUtility.HtmlDecode(checkIn[..checkIn.IndexOf('"', StringComparison.Ordinal)]);
        string Token(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        var early = await _http.PostAsync($"{checkIn}&token={Token(liu)}", null);
        var fileBefore = await (await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-31")).Content.ReadFromJsonAsync<JsonObject>();
        _app.Services.GetRequiredService<DevClock>().SetTo(OnTheDay);
        var badCode = await _http.PostAsync($"/api/training/lectures/{id}/check-in?code=forged.code&token={Token(liu)}", null);
        var onTime = await _http.PostAsync($"{checkIn}&token={Token(liu)}", null);
        var twice = await _http.PostAsync($"{checkIn}&token={Token(liu)}", null);
        var waiting = await _http.PostAsync($"{checkIn}&token={Token(sun)}", null);
        var badRating = await _http.PostAsJsonAsync($"/api/training/lectures/{id}/feedback?token={Token(liu)}", new { rating = 9, comment = "很好" });
        var noFeedbackYet = await SendAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={Token(liu)}");
        var feedback = await _http.PostAsJsonAsync($"/api/training/lectures/{id}/feedback?token={Token(liu)}", new { rating = 5, comment = "收获很大" });
        var notAttended = await _http.PostAsJsonAsync($"/api/training/lectures/{id}/feedback?token={Token(chen)}", new { rating = 4 });

        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);
        Assert.Equal(3, (int)(await invited.Content.ReadFromJsonAsync<JsonObject>())!["mailed"]!);
        Assert.Contains(_app.Mailbox.All, m => m.To.Contains("liu.yang@qz.example.cn") && m.Subject == "【青州教育讲堂】报名邀请：做有温度的教育");
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK], new[] { first, second, third, again }.Select(r => r.StatusCode));
        Assert.Equal(["registered", "registered", "waiting", "already"], await Task.WhenAll(new[] { first, second, third, again }.Select(async r => (string)(await r.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!)));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherLecture.StatusCode);
        Assert.Equal(HttpStatusCode.Created, closedFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, closedFull.StatusCode);
        Assert.Equal("capacity", await FieldAsync(closedFull));
        Assert.Contains("<svg", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("code", await FieldAsync(early));
        Assert.Equal(0m, (decimal)fileBefore!["trainingHours"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, badCode.StatusCode);
        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRating.StatusCode);
        Assert.Equal("rating", await FieldAsync(badRating));
        Assert.Equal("已签到", (string)(await noFeedbackYet.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notAttended.StatusCode);

        // The hours in the person's record, the pool file and the year's report.
        var file = (await (await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(3m, (decimal)file["trainingHours"]!);
        var training = file["entries"]!.AsArray().Single(e => (string)e!["kind"]! == "training")!;
        Assert.Equal((id, "2031-10-15", "青州教育讲堂《做有温度的教育》：已签到，计3学时。"), ((string)training["reference"]!, (string)training["date"]!, (string)training["text"]!));
        var report = (await (await SendAsync(HttpMethod.Get, "/api/training/reports/2031")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 0, 3m, 5m), ((int)report["totals"]!["personTimes"]!, (int)report["totals"]!["principalAttendances"]!, (decimal)report["totals"]!["hours"]!, (decimal)report["totals"]!["averageRating"]!));
        Assert.Equal("东关小学", (string)report["schools"]![0]!["name"]!);
        var person = (await (await SendAsync(HttpMethod.Get, "/api/training/people/stf-31")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 3m), ((int)person["attendances"]!, (decimal)person["hours"]!));
        var export = await SendAsync(HttpMethod.Get, "/api/training/reports/2031/export/xlsx");
        byte[] xlsx = await export.Content.ReadAsByteArrayAsync();
        var (header, rows) = RosterFile.Read(new MemoryStream(xlsx), RosterFile.Format.Xlsx);
        Assert.Equal(["人员编号", "姓名", "学校", "参训人次", "学时"], header);
        Assert.Equal(("stf-31", "刘洋", "3"), (rows.Single().Cells["人员编号"], rows.Single().Cells["姓名"], rows.Single().Cells["学时"]));
        // Counts and hours are number cells the office can sum; the id stays text.
        var cells = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX).Cast<IDictionary<string, object?>>().Single();
        Assert.IsType<double>(cells["学时"]);
        Assert.IsType<double>(cells["参训人次"]);
        Assert.IsType<string>(cells["人员编号"]);
    }

    [Fact]
    public async Task BadInput_Is422NamingTheField_AndNothingIsStoredOrMailed()
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        var noCapacity = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 0, waitingList: true));
        var tooMany = await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 301, waitingList: true));
        var stored = await SendAsync(HttpMethod.Get, $"/api/training/lectures/{id}");
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 5, waitingList: true));
        int mailBefore = _app.Mailbox.All.Count;
        var unknownPerson = await SendAsync(HttpMethod.Post, $"/api/training/lectures/{id}/invitations", new { staffIds = new[] { "stf-31", "stf-99" } });
        var badPool = await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = "stf-32", pool = "teacher", source = "selection", sourceReference = "x" });
        var notInPool = await SendAsync(HttpMethod.Get, "/api/reserve-pool/files/stf-32");
        var badYear = await SendAsync(HttpMethod.Get, "/api/training/reports/twenty");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCapacity.StatusCode);
        Assert.Equal("capacity", await FieldAsync(noCapacity));
        Assert.Contains("名额应在1至300之间", await noCapacity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal("capacity", await FieldAsync(tooMany));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownPerson.StatusCode);
        Assert.Equal("staffIds[1]", await FieldAsync(unknownPerson));
        Assert.Equal(mailBefore, _app.Mailbox.All.Count);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPool.StatusCode);
        Assert.Equal("pool", await FieldAsync(badPool));
        Assert.Equal(HttpStatusCode.NotFound, notInPool.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        Assert.Equal("year", await FieldAsync(badYear));
    }

    [Fact]
    public async Task Cancel_GivesTheSeatToTheFirstWaiting_WhoIsMailed_AndThePagesAreChineseForAPhone()
    {
        var (id, lecture, links, liu, chen) = await OneSeatTakenOneWaitingAsync();
        var pageBefore = await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={chen}");

        var cancelled = await _http.PostAsync($"/api/training/lectures/{id}/registration/cancel?token={liu}", null);
        var cancelledAgain = await _http.PostAsync($"/api/training/lectures/{id}/registration/cancel?token={liu}", null);
        var stored = (await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(id, CancellationToken.None))!.Record;
        var checkInPage = await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/check-in?code={links.CheckInCode(stored)}");
        var earlyInABrowser = await BrowserAsync(HttpMethod.Post, $"/api/training/lectures/{id}/check-in?code={links.CheckInCode(stored)}&token={chen}");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelledAgain.StatusCode);
        Assert.Equal(["stf-32"], stored.Seats.Select(s => s.StaffId));
        Assert.Empty(stored.Waiting);
        Assert.Contains(_app.Mailbox.All, m => m.To.Contains("chen.chen@qz.example.cn") && m.Subject == "【青州教育讲堂】候补转正：做有温度的教育");
        string before = await pageBefore.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", before, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", before, StringComparison.Ordinal);
        Assert.Contains("<dd>候补中</dd>", before, StringComparison.Ordinal);
        Assert.Equal("no-store", pageBefore.Headers.CacheControl!.ToString());
        Assert.Contains("请先<a href=\"/api/me?returnTo=", await checkInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, earlyInABrowser.StatusCode);
        Assert.Contains("签到仅限课程当天（2031-10-15）进行", await earlyInABrowser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckIn_WithoutTheVenuesCode_Is422NamingCode_AndWritesNoAttendance_TheRegistrationPageOnlyPointsToTheQr()
    {
        var (id, lecture, links, liu, chen) = await OneSeatTakenOneWaitingAsync();
        string checkIn = $"/api/training/lectures/{id}/check-in";

        _app.Services.GetRequiredService<DevClock>().SetTo(DayBefore);
        string pageBefore = await (await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={liu}")).Content.ReadAsStringAsync();
        var signedOutQr = await (await BrowserAsync(HttpMethod.Get, $"{checkIn}?code={links.CheckInCode(lecture)}")).Content.ReadAsStringAsync();

        _app.Services.GetRequiredService<DevClock>().SetTo(OnTheDay);
        string pageOnTheDay = await (await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={liu}")).Content.ReadAsStringAsync();
        // From home, with one's own link or session and no code: refused, as is the registration page's former route.
        var noCode = await _http.PostAsync($"{checkIn}?token={liu}", null);
        var emptyCode = await _http.PostAsync($"{checkIn}?code=&token={liu}", null);
        var noCodeInABrowser = await BrowserAsync(HttpMethod.Post, $"{checkIn}?token={liu}");
        var noCodePage = await BrowserAsync(HttpMethod.Get, checkIn);
        var formerRoute = await _http.PostAsync($"/api/training/lectures/{id}/registration/check-in?token={liu}", null);
        var store = _app.Services.GetRequiredService<TrainingStore>();
        var rowsBefore = await store.AllAttendanceOfLectureAsync(id, CancellationToken.None);
        // With the code the venue shows, the same person checks in.
        var withCode = await _http.PostAsync($"{checkIn}?code={links.CheckInCode(lecture)}&token={liu}", null);

        Assert.DoesNotContain("check-in", pageBefore, StringComparison.Ordinal);
        Assert.Contains("课程当天（2031-10-15）请在会场用手机扫描二维码签到。", pageBefore, StringComparison.Ordinal);
        Assert.DoesNotContain("check-in", pageOnTheDay, StringComparison.Ordinal);
        Assert.DoesNotContain("<button type=\"submit\">签到</button>", pageOnTheDay, StringComparison.Ordinal);
        Assert.Contains("请在会场用手机扫描二维码签到。", pageOnTheDay, StringComparison.Ordinal);
        Assert.Contains($"请先<a href=\"/api/me?returnTo={WebUtility.HtmlEncode(Uri.EscapeDataString($"{checkIn}?code={links.CheckInCode(lecture)}"))}\">登录</a>", signedOutQr, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(noCode, HttpStatusCode.UnprocessableEntity, "code");
        await ProblemAssertions.AssertProblemAsync(emptyCode, HttpStatusCode.UnprocessableEntity, "code");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCodeInABrowser.StatusCode);
        Assert.Contains("缺少签到码：请在会场用手机扫描二维码签到。", await noCodeInABrowser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noCodePage.StatusCode);
        Assert.DoesNotContain("<form", await noCodePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, formerRoute.StatusCode);
        Assert.Empty(rowsBefore);
        Assert.Equal(HttpStatusCode.Created, withCode.StatusCode);
        var rows = await store.AllAttendanceOfLectureAsync(id, CancellationToken.None);
        Assert.Equal([("stf-31", 3m)], rows.Select(a => (a.StaffId, a.Hours)));
    }

    [Fact]
    public async Task CheckInPage_SignedOut_SignsInFromTheMail_AndComesBackToTheCheckInWithItsCode()
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 2, waitingList: true));
        var lecture = (await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(id, CancellationToken.None))!.Record;
        var links = _app.Services.GetRequiredService<TrainingLinks>();
        await _http.PostAsync($"/api/training/lectures/{id}/registration?token={links.PersonalToken(lecture, "stf-31")}", null);
        _app.Services.GetRequiredService<DevClock>().SetTo(OnTheDay);
        string checkIn = $"/api/training/lectures/{id}/check-in?code={links.CheckInCode(lecture)}";
        using var phone = StaffSessions.Browser(_app);
        phone.DefaultRequestHeaders.Accept.Clear();
        phone.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        // The QR code opens the check-in page: signed out, its 登录 leads to /api/me's form, which keeps where to come back.
        string signedOut = await phone.GetStringAsync(checkIn);
        string signIn = Attribute(signedOut, "<a href=\"", "\">登录</a>");
        var form = await phone.GetAsync(signIn);
        string formPage = await form.Content.ReadAsStringAsync();
        string returnTo = Attribute(formPage, "name=\"returnTo\" value=\"", "\"");
        int mailsBefore = _app.Mailbox.All.Count(m => m.To.Contains("liu.yang@qz.example.cn") && m.Subject == "EduFlows 登录链接");
        var asked = await phone.PostAsync("/api/me/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "liu.yang@qz.example.cn", ["returnTo"] = returnTo }));
        string link = await SignInLinkAsync("liu.yang@qz.example.cn", mailsBefore);
        string confirmPage = await phone.GetStringAsync(link);
        var signedIn = await phone.PostAsync(Attribute(confirmPage, "<form method=\"post\" action=\"", "\""), null);
        string back = signedIn.Headers.Location!.OriginalString;
        string signedInPage = await phone.GetStringAsync(back);
        var checkedIn = await phone.PostAsync(Attribute(signedInPage, "<form method=\"post\" action=\"", "\""), null);

        Assert.Equal($"/api/me?returnTo={Uri.EscapeDataString(checkIn)}", signIn);
        Assert.Equal(HttpStatusCode.Unauthorized, form.StatusCode);
        Assert.Contains("id=\"email\"", formPage, StringComparison.Ordinal);
        Assert.Equal(checkIn, returnTo);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Contains("以刘洋的身份登录", confirmPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(checkIn, back);
        Assert.Contains("<button type=\"submit\">签到</button>", signedInPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.Contains("签到成功，已计入3学时。", await checkedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rows = await _app.Services.GetRequiredService<TrainingStore>().AllAttendanceOfLectureAsync(id, CancellationToken.None);
        Assert.Equal([("stf-31", 3m)], rows.Select(a => (a.StaffId, a.Hours)));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task CrossSitePosts_WithTheSessionOrALink_AreRefused403_AndChangeNothing(string header, string value)
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 2, waitingList: true));
        var store = _app.Services.GetRequiredService<TrainingStore>();
        var lecture = (await store.Lectures.GetAsync(id, CancellationToken.None))!.Record;
        var links = _app.Services.GetRequiredService<TrainingLinks>();
        string chen = links.PersonalToken(lecture, "stf-32");
        await _http.PostAsync($"/api/training/lectures/{id}/registration?token={chen}", null);
        _app.Services.GetRequiredService<DevClock>().SetTo(OnTheDay);
        using var liu = await StaffSessions.SignInAsync(_app, "liu.yang@qz.example.cn");
        string at = $"/api/training/lectures/{id}";
        string checkIn = $"{at}/check-in?code={links.CheckInCode(lecture)}";
        async Task<HttpResponseMessage> FromElsewhereAsync(HttpClient client, string path, HttpContent? content = null)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            post.Headers.Add(header, value);
            return await client.SendAsync(post);
        }

        // Another site's forms, riding on 刘洋's session cookie or carrying 陈晨's link.
        var register = await FromElsewhereAsync(liu, $"{at}/registration");
        var cancel = await FromElsewhereAsync(_http, $"{at}/registration/cancel?token={chen}");
        var checkInWithLink = await FromElsewhereAsync(_http, $"{checkIn}&token={chen}");
        var seatsAfter = (await store.Lectures.GetAsync(id, CancellationToken.None))!.Record.Seats.Select(s => s.StaffId).ToList();
        var attendanceAfter = await store.AllAttendanceOfLectureAsync(id, CancellationToken.None);
        // 陈晨 checks in at the venue; a feedback from elsewhere is refused and leaves hers to give.
        var ownCheckIn = await _http.PostAsync($"{checkIn}&token={chen}", null);
        var feedback = await FromElsewhereAsync(_http, $"{at}/feedback?token={chen}", JsonContent.Create(new { rating = 1, comment = "代填" }));
        var ratingAfter = (await store.Attendance.GetAsync(TrainingAttendance.IdOf(id, "stf-32"), CancellationToken.None))!.Record.Rating;
        // The same acts from the app's own pages go through.
        var ownRegister = await liu.PostAsync($"{at}/registration", null);
        var ownFeedback = await _http.PostAsJsonAsync($"{at}/feedback?token={chen}", new { rating = 5 });

        foreach (var refused in new[] { register, cancel, checkInWithLink, feedback })
        {
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "Origin");
            Assert.Contains("其他网站的表单不能代您提交", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["stf-32"], seatsAfter);
        Assert.Empty(attendanceAfter);
        Assert.Equal(HttpStatusCode.Created, ownCheckIn.StatusCode);
        Assert.Null(ratingAfter);
        Assert.Equal(HttpStatusCode.Created, ownRegister.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownFeedback.StatusCode);
    }

    [Fact]
    public async Task Cancel_AfterTheLecture_Is410_MovesNobodyUpOrMails_AndThePageOffersNoCancel()
    {
        var (id, lecture, links, liu, chen) = await OneSeatTakenOneWaitingAsync();
        var store = _app.Services.GetRequiredService<TrainingStore>();
        _app.Services.GetRequiredService<DevClock>().SetTo(new DateTimeOffset(2031, 10, 16, 2, 0, 0, TimeSpan.Zero));

        string page = await (await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={liu}")).Content.ReadAsStringAsync();
        string waitingPage = await (await BrowserAsync(HttpMethod.Get, $"/api/training/lectures/{id}/registration?token={chen}")).Content.ReadAsStringAsync();
        var inABrowser = await BrowserAsync(HttpMethod.Post, $"/api/training/lectures/{id}/registration/cancel?token={liu}");
        var asJson = await _http.PostAsync($"/api/training/lectures/{id}/registration/cancel?token={liu}", null);
        var waitingCancels = await _http.PostAsync($"/api/training/lectures/{id}/registration/cancel?token={chen}", null);
        var stored = (await store.Lectures.GetAsync(id, CancellationToken.None))!.Record;

        Assert.DoesNotContain("registration/cancel", page, StringComparison.Ordinal);
        Assert.Contains("该课程已结束，您没有签到记录", page, StringComparison.Ordinal);
        Assert.DoesNotContain("registration/cancel", waitingPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, inABrowser.StatusCode);
        Assert.Contains("该课程已结束，不能再取消报名。", await inABrowser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, asJson.StatusCode);
        Assert.Equal("token", await FieldAsync(asJson));
        Assert.Equal(HttpStatusCode.Gone, waitingCancels.StatusCode);
        Assert.Equal(["stf-31"], stored.Seats.Select(s => s.StaffId));
        Assert.Equal(["stf-32"], stored.Waiting.Select(s => s.StaffId));
        Assert.DoesNotContain(_app.Mailbox.All, m => m.To.Contains("chen.chen@qz.example.cn") && m.Subject.StartsWith("【青州教育讲堂】候补转正", StringComparison.Ordinal) && m.Text!.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feedback_CountsALineBreakAsOne_AndARefusalGivesTheFormBackWithTheTextAndTheReasonAtTheField()
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 2, waitingList: true));
        var store = _app.Services.GetRequiredService<TrainingStore>();
        var lecture = (await store.Lectures.GetAsync(id, CancellationToken.None))!.Record;
        var links = _app.Services.GetRequiredService<TrainingLinks>();
        string liu = links.PersonalToken(lecture, "stf-31");
        string chen = links.PersonalToken(lecture, "stf-32");
        _app.Services.GetRequiredService<DevClock>().SetTo(OnTheDay);
        foreach (string token in new[] { liu, chen })
        {
            await _http.PostAsync($"/api/training/lectures/{id}/registration?token={token}", null);
            Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync($"/api/training/lectures/{id}/check-in?code={links.CheckInCode(lecture)}&token={token}", null)).StatusCode);
        }

        // 500 characters as the textarea counts them (a line break as one), sent as a browser sends them (\r\n).
        string fits = new string('好', 250) + "\r\n" + new string('学', 249);
        string over = new string('好', 250) + "\r\n" + "<第二段>" + new string('学', 250);
        var accepted = await PostFormAsync($"/api/training/lectures/{id}/feedback?token={liu}", new() { ["rating"] = "4", ["comment"] = fits });
        var refused = await PostFormAsync($"/api/training/lectures/{id}/feedback?token={chen}", new() { ["rating"] = "3", ["comment"] = over });
        var refusedJson = await _http.PostAsJsonAsync($"/api/training/lectures/{id}/feedback?token={chen}", new { rating = 3, comment = over });
        var liuRow = (await store.Attendance.GetAsync(TrainingAttendance.IdOf(id, "stf-31"), CancellationToken.None))!.Record;
        var chenRow = (await store.Attendance.GetAsync(TrainingAttendance.IdOf(id, "stf-32"), CancellationToken.None))!.Record;

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal((4, new string('好', 250) + "\n" + new string('学', 249)), (liuRow.Rating, liuRow.Comment));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        string page = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"<form method=\"post\" action=\"/api/training/lectures/{id}/feedback?token={chen}\">", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"3\" selected>", page, StringComparison.Ordinal);
        Assert.Contains(">" + WebUtility.HtmlEncode(over.Replace("\r\n", "\n", StringComparison.Ordinal)) + "</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"error\" id=\"comment-error\">意见建议不超过500字。</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rating-error", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedJson.StatusCode);
        Assert.Equal("comment", await FieldAsync(refusedJson));
        Assert.Null(chenRow.Rating);
    }

    [Fact]
    public async Task DemoYear_WrittenThroughTheApi_ReportsTheSeedsScale_AndPoolMembersFilesShowTheirHours()
    {
        var county = DemoCounty.Generate();
        var reservePrincipal = county.Staff.First(s => s.ReservePrincipal);
        await _app.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync([reservePrincipal], CancellationToken.None);
        await SendAsync(HttpMethod.Post, "/api/reserve-pool/members", new { staffId = reservePrincipal.Id, pool = "principal", source = "selection", sourceReference = "demo" });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var written = await SendAsync(HttpMethod.Post, "/api/training/demo/2030");
        var writing = clock.Elapsed;
        var report = (await (await SendAsync(HttpMethod.Get, "/api/training/reports/2030")).Content.ReadFromJsonAsync<JsonObject>())!;
        var file = (await (await SendAsync(HttpMethod.Get, $"/api/reserve-pool/files/{reservePrincipal.Id}")).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var totals = report["totals"]!;
        Assert.Equal((12, 1618, 818, 7308m), ((int)totals["lectures"]!, (int)totals["personTimes"]!, (int)totals["principalAttendances"]!, (decimal)totals["hours"]!));
        var hours = TrainingDemo.AttendanceOf(county, 2030).Where(a => a.StaffId == reservePrincipal.Id).Sum(a => a.Hours);
        Assert.True(hours > 0);
        Assert.Equal(hours, (decimal)file["trainingHours"]!);
        Assert.Equal(file["entries"]!.AsArray().Count(e => (string)e!["kind"]! == "training"), TrainingDemo.AttendanceOf(county, 2030).Count(a => a.StaffId == reservePrincipal.Id));

        // Each seat is kept by person too, as the desk keeps it: /api/me finds it even if the office withdraws the check-in.
        var kept = await _app.Services.GetRequiredService<TrainingStore>().RegistrationsOfAsync(reservePrincipal.Id, 2030, CancellationToken.None);
        Assert.Equal(
            TrainingDemo.LecturesOf(county, 2030).Where(l => l.Seats.Any(s => s.StaffId == reservePrincipal.Id)).Select(l => l.Id).Order(StringComparer.Ordinal),
            kept.Select(r => r.LectureId).Order(StringComparer.Ordinal));
        Console.WriteLine($"Training demo year: 1,618 check-ins and 12 lectures written in {writing.TotalSeconds:0.0} s");
    }

    /// <summary>A lecture of one seat with a waiting list: 刘洋 (stf-31) registered first and has the seat, 陈晨 (stf-32) waits.</summary>
    private async Task<(string Id, Lecture Lecture, TrainingLinks Links, string Liu, string Chen)> OneSeatTakenOneWaitingAsync()
    {
        string id = "lecture-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(HttpMethod.Put, $"/api/training/lectures/{id}", Lecture(capacity: 1, waitingList: true));
        var lecture = (await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync(id, CancellationToken.None))!.Record;
        var links = _app.Services.GetRequiredService<TrainingLinks>();
        string liu = links.PersonalToken(lecture, "stf-31");
        string chen = links.PersonalToken(lecture, "stf-32");
        await _http.PostAsync($"/api/training/lectures/{id}/registration?token={liu}", null);
        await _http.PostAsync($"/api/training/lectures/{id}/registration?token={chen}", null);
        return (id, lecture, links, liu, chen);
    }

    private static object Lecture(int capacity, bool waitingList) => new
    {
        series = "lecture",
        title = "做有温度的教育",
        speaker = "特邀专家",
        place = "青州市教育局多功能厅",
        date = "2031-10-15",
        starts = "14:00:00",
        ends = "17:00:00",
        hours = 3,
        capacity,
        waitingList,
        ownerId = "stf-3",
    };

    private string Link(string to, string lectureId)
    {
        var mail = _app.Mailbox.All.Single(m => m.To.Contains(to) && m.Text!.Contains($"/training/lectures/{lectureId}/registration", StringComparison.Ordinal));
        string line = mail.Text!.Split('\n').Single(l => l.StartsWith("报名：", StringComparison.Ordinal))["报名：".Length..];
        return line.Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
    }

    // The newest sign-in mail's link to the address once there are more than before (path and query).
    private async Task<string> SignInLinkAsync(string to, int before)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_app.Mailbox.All.Count(m => m.To.Contains(to) && m.Subject == "EduFlows 登录链接") == before)
        {
            await Task.Delay(20, cts.Token);
        }

        var mail = _app.Mailbox.All.First(m => m.To.Contains(to) && m.Subject == "EduFlows 登录链接");
        return mail.Text!.Split('\n').Single(l => l.StartsWith("登录：", StringComparison.Ordinal))["登录：".Length..].Replace(TaskAppFactory.PublicUrl, string.Empty, StringComparison.Ordinal);
    }

    // The HTML-decoded text between the first <paramref name="before"/> and the <paramref name="after"/> following it.
    private static string Attribute(string page, string before, string after)
    {
        int start = page.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {before} in {page}");
        start += before.Length;
        return WebUtility.HtmlDecode(page[start..page.IndexOf(after, start, StringComparison.Ordinal)]);
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["field"];

    private async Task<HttpResponseMessage> BrowserAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Accept", "text/html");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Accept", "text/html");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);
        return await _http.SendAsync(request);
    }
}
