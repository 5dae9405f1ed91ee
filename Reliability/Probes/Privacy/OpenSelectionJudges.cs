using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// An open selection (阳光选优) of the probe's own, driven to its interview day as the OpenSelection tests drive it, with
/// the dev clock moved to each deadline: published with the day as its first, two candidates apply signed in, the
/// office's eligibility tasks are answered from the caught mail, the written scores are imported, and at 07:00 of the
/// interview day the drawn judges are mailed their score sheets. Ended by <see cref="EndAsync"/>. Full profile only:
/// it moves the dev clock three days and more.
/// </summary>
/// <param name="SelectionId">The selection.</param>
/// <param name="Candidates">The two candidates, with their personal fields.</param>
/// <param name="Judges">The score-sheet links of the judges whose summons was caught, by judge id (at least two).</param>
internal sealed record OpenSelectionJudges(string SelectionId, IReadOnlyList<JsonObject> Candidates, IReadOnlyDictionary<string, TaskLink> Judges)
{
    /// <summary>The bureau's time zone, as the demo county's clock reads it.</summary>
    private static readonly TimeSpan Bureau = TimeSpan.FromHours(8);

    /// <summary>The path of the judges' scores page.</summary>
    public string ScoresPath => $"/api/open-selections/{SelectionId}/interview-scores";

    /// <summary>Seeds the candidates and a judge pool, publishes the selection, and runs it to the judges' summons.</summary>
    public static async Task<OpenSelectionJudges> RunAsync(AppUnderTest app, string prefix, string officeId, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string id = $"{prefix}-os";
        string department = $"{prefix}-os-dep";
        await StaffPortalAccess.PutAsync(app, $"/api/directory/departments/{department}", new JsonObject { ["id"] = department, ["name"] = "可靠性测试选优科", ["teachingResearchOffice"] = false }, cancellationToken);
        var candidates = new List<JsonObject>();
        for (int i = 0; i < 2; i++)
        {
            var candidate = Person($"{id}-c{i}", "应选" + "甲乙"[i], "bureau-cadre", i);
            candidate["departmentId"] = department;
            await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{candidate["id"]}", candidate, cancellationToken);
            candidates.Add(candidate);
        }

        // Two judges of each group besides whoever the directory holds: one of each is drawn.
        string[] groups = ["external-expert", "retired-principal", "retired-cadre"];
        for (int g = 0; g < groups.Length; g++)
        {
            for (int n = 0; n < 2; n++)
            {
                var judge = Person($"{id}-j{g}{n}", "评委" + "甲乙丙丁戊己"[(g * 2) + n], groups[g], 2 + (g * 2) + n);
                await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{judge["id"]}", judge, cancellationToken);
            }
        }

        var now = await NowAsync(app, cancellationToken);
        var today = DateOnly.FromDateTime(now.ToOffset(Bureau).DateTime);
        var publication = new JsonObject
        {
            ["id"] = id,
            ["title"] = "可靠性测试阳光选优",
            ["posts"] = new JsonArray(new JsonObject { ["id"] = "p01", ["name"] = "可靠性测试副科长", ["count"] = 1, ["reserve"] = 0 }),
            ["weights"] = new JsonObject { ["written"] = 40, ["interview"] = 60 },
            ["timetable"] = new JsonObject
            {
                ["applicationsOpen"] = Day(today),
                ["applicationsClose"] = Day(today),
                ["reviewCloses"] = Day(today.AddDays(1)),
                ["writtenTestOn"] = Day(today.AddDays(2)),
                ["interviewOn"] = Day(today.AddDays(3)),
                ["noticeWorkingDays"] = 5,
            },
            ["judgesPerGroup"] = 1,
        };
        await Expect(app, HttpMethod.Post, "/api/open-selections", publication, [HttpStatusCode.Created], cancellationToken);
        foreach (var candidate in candidates)
        {
            string cookie = await StaffPortalAccess.SignInAsync(app, (string)candidate["email"]!, cancellationToken);
            using var apply = new HttpRequestMessage(HttpMethod.Put, $"/api/open-selections/{id}/application")
            {
                Content = new StringContent(new JsonObject { ["postId"] = "p01", ["statement"] = "可靠性测试：任现职以来的主要工作。" }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            apply.Headers.Add("Cookie", cookie);
            using var applied = await app.Http.SendAsync(apply, cancellationToken);
            if (!applied.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{candidate["id"]} applying to {id} answered {(int)applied.StatusCode}: {await applied.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        await Expect(app, HttpMethod.Post, $"/api/open-selections/{id}/process", new JsonObject { ["officeId"] = officeId }, [HttpStatusCode.Accepted], cancellationToken);
        string instance = $"open-selection-{id}";
        var answerer = new TaskAnswerer(app, random);

        // Applications close at 24:00: the office's eligibility tasks come, each answered with its first choice (eligible).
        await MoveClockAsync(app, today.AddDays(1), new TimeOnly(0, 5), cancellationToken);
        await UntilAsync($"{id}: the office's two eligibility tasks answered", async () => (await answerer.AnswerMailedAsync($"{instance}-eligibility-", cancellationToken)) >= 0 && answerer.Answered >= 2, cancellationToken);

        // The review closes at 24:00 of its day; then the written scores come in (refused until both are decided: tried again).
        await MoveClockAsync(app, today.AddDays(2), new TimeOnly(0, 5), cancellationToken);
        var sheet = new StringBuilder("人员编号,姓名,笔试成绩\n");
        foreach (var (candidate, i) in candidates.Select((c, i) => (c, i)))
        {
            sheet.Append(CultureInfo.InvariantCulture, $"{candidate["id"]},{candidate["name"]},{80 + i}\n");
        }

        await UntilAsync($"{id}: the written scores taken", async () =>
        {
            using var upload = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/api/open-selections/{id}/written-scores?format=csv"), AppUnderTest.MasterKey);
            upload.Content = new StringContent(sheet.ToString(), Encoding.UTF8, "text/csv");
            using var taken = await app.Http.SendAsync(upload, cancellationToken);
            return taken.IsSuccessStatusCode;
        }, cancellationToken);

        // 07:00 of the interview day: the panel is drawn and each judge mailed their score sheet.
        await MoveClockAsync(app, today.AddDays(3), new TimeOnly(7, 1), cancellationToken);
        var judges = new Dictionary<string, TaskLink>(StringComparer.Ordinal);
        string sheetPrefix = $"{instance}-interview-1-";
        await UntilAsync($"{id}: three judges' score sheets mailed", () =>
        {
            foreach (var link in app.Mail.All.Select(TaskLink.In).OfType<TaskLink>().Where(l => l.TaskId.StartsWith(sheetPrefix, StringComparison.Ordinal)))
            {
                judges[link.TaskId[sheetPrefix.Length..]] = link;
            }

            return Task.FromResult(judges.Count >= 3);
        }, cancellationToken);
        return new OpenSelectionJudges(id, candidates, judges);
    }

    /// <summary>Submits a judge's score sheet: <paramref name="scores"/> in the form's order; throws unless accepted.</summary>
    public static async Task SubmitAsync(AppUnderTest app, TaskLink sheet, IReadOnlyList<decimal> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(scores);
        var (_, _, text) = await StaffPortalAccess.GetAsync(app, sheet.Path, null, null, "application/json", cancellationToken);
        var form = JsonNode.Parse(text)!;
        var answer = new JsonObject();
        foreach (var (field, i) in (form["fields"]?.AsArray() ?? []).Select((f, i) => (f, i)))
        {
            answer[(string)field!["name"]!] = scores[i];
        }

        using var submit = new HttpRequestMessage(HttpMethod.Post, sheet.Path) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
        using var submitted = await app.Http.SendAsync(submit, cancellationToken);
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Submitting {sheet.TaskId} with {answer.ToJsonString()} answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Ends the selection: the chaos probe moves the dev clock later, and it must not go on then.</summary>
    public async Task EndAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var terminate = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/instances/open-selection-{SelectionId}/terminate?reason=privacy-probe-done"), AppUnderTest.MasterKey);
        using var terminated = await app.Http.SendAsync(terminate, cancellationToken);
        if (!terminated.IsSuccessStatusCode && terminated.StatusCode != HttpStatusCode.Gone)
        {
            throw new InvalidOperationException($"Terminating open-selection-{SelectionId} answered {(int)terminated.StatusCode}: {await terminated.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static JsonObject Person(string id, string name, string post, int i) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["gender"] = i % 2 == 0 ? "female" : "male",
        ["birthDate"] = $"196{i % 10}-1{i % 3}-0{1 + (i % 9)}",
        ["email"] = $"{id}@reliability.example.cn",
        ["mobile"] = $"1580000{(6_000 + (i * 41) + id.Length).ToString("D4", CultureInfo.InvariantCulture)}",
        ["post"] = post,
        ["subject"] = "chinese",
        ["section"] = "junior",
        ["title"] = "first-grade",
        ["hireDate"] = "2001-09-01",
        ["postSince"] = "2012-09-01",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<DateTimeOffset> NowAsync(AppUnderTest app, CancellationToken cancellationToken) =>
        (await app.GetJsonAsync("/api/dev/clock", cancellationToken: cancellationToken))["utcNow"]!.GetValue<DateTimeOffset>();

    // Sets the dev clock to a time of a day in the bureau's zone, its timer triggers skipped (the durable timers it passes fire).
    private static async Task MoveClockAsync(AppUnderTest app, DateOnly day, TimeOnly at, CancellationToken cancellationToken)
    {
        var target = new DateTimeOffset(day.ToDateTime(at), Bureau);
        if (target <= await NowAsync(app, cancellationToken))
        {
            return;
        }

        await Expect(app, HttpMethod.Post, "/api/dev/clock", new JsonObject { ["setTo"] = target.ToString("o", CultureInfo.InvariantCulture), ["timers"] = "skip" }, [HttpStatusCode.OK], cancellationToken);
    }

    private static async Task Expect(AppUnderTest app, HttpMethod method, string path, JsonNode body, HttpStatusCode[] expected, CancellationToken cancellationToken)
    {
        using var request = AppUnderTest.WithKey(new HttpRequestMessage(method, path), AppUnderTest.MasterKey);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await app.Http.SendAsync(request, cancellationToken);
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"{method} {path} {body.ToJsonString()} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.StartNew();
        while (!await done())
        {
            if (wait.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{what}: not within 2 minutes.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
