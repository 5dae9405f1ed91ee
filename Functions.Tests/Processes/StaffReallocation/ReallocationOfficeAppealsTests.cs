using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The office page's appeals and points objections come from their records (<see cref="AppealRecord"/>), put there by
/// the activities as each is taken in and decided: 东关小学 (sch-101) with four teachers, 赵主任 (stf-3) deciding.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReallocationOfficeAppealsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private static readonly DateTimeOffset Opened = new(2029, 9, 3, 2, 0, 0, TimeSpan.Zero);
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateOfficeClient();
        await _app.SeedStaffAsync();
        // 吴老师 teaches mathematics here, born 1985 like the others.
        await ReallocationCounty.School101.With(ReallocationCounty.Teacher("stf-904", "sch-101", "mathematics", "吴老师")).SeedAsync(_app.Services);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Page_ListsAppealsAndObjections_WithTheirOutcome_FromTheirRecords_WhateverTheTraceLinesSay()
    {
        const string Id = "staff-reallocation-2029";
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        var clock = _app.Services.GetRequiredService<BureauClock>();
        await store.Reallocations.TryAddAsync(new ReallocationRecord { Id = Id, OwnerId = "stf-3", AsOf = new DateOnly(2029, 9, 1), Stage = "appeal:InSchoolCompetition" }, CancellationToken.None);
        foreach (var (staffId, rank) in new[] { ("stf-901", 1), ("stf-902", 2), ("stf-903", 3), ("stf-904", 4) })
        {
            await store.People.PutAsync(new PersonRecord { ReallocationId = Id, Participant = new(staffId, "sch-101", "primary", "mathematics", "teacher", 44, 100 - rank, rank) }, CancellationToken.None);
        }

        var lodging = ActivatorUtilities.CreateInstance<AppealRecordActivities>(_app.Services);
        var rounds = ActivatorUtilities.CreateInstance<StaffReallocationActivities>(_app.Services);
        var points = ActivatorUtilities.CreateInstance<StaffPointsActivities>(_app.Services);
        // An objection (rejected with a note), two appeals against the first round (upheld; left undecided by the bureau),
        // and one against the third still in its window.
        await lodging.RecordLodgedAsync(new(Id, null, 0, "stf-901", "漏计支教年限两年", "stf-901", Opened), CancellationToken.None);
        await points.ApplyObjectionAsync(
            new(Id, new PointsObjection("stf-901", "漏计支教年限两年", "stf-901"), Answered("stf-3", Opened.AddDays(4), new() { ["decision"] = "reject", ["note"] = "支教证明不全" }), Opened.AddDays(4), 0),
            CancellationToken.None);
        await lodging.RecordLodgedAsync(new(Id, Round.DirectAppointment, 0, "stf-904", "本人符合临近退休条件", "stf-904", Opened.AddDays(10)), CancellationToken.None);
        await lodging.RecordLodgedAsync(new(Id, Round.DirectAppointment, 1, "stf-902", "校长未及时确认", StaffReallocationApi.ByMasterKey, Opened.AddDays(11)), CancellationToken.None);
        await rounds.ApplyAppealAsync(
            new(Id, Round.DirectAppointment, new ReallocationAppeal("stf-904", "本人符合临近退休条件", "stf-904"), Answered("stf-3", Opened.AddDays(15), new() { ["decision"] = "uphold", ["note"] = "经核实符合条件" }), Opened.AddDays(16), 0),
            CancellationToken.None);
        await rounds.ApplyAppealAsync(
            new(Id, Round.DirectAppointment, new ReallocationAppeal("stf-902", "校长未及时确认", StaffReallocationApi.ByMasterKey), new StaffTaskOutcome(StaffTaskResult.Expired, "t-2", null), Opened.AddDays(16), 1),
            CancellationToken.None);
        await lodging.RecordLodgedAsync(new(Id, Round.InSchoolCompetition, 0, "stf-903", "希望留在本校任教", "stf-903", Opened.AddDays(30)), CancellationToken.None);
        // Lodged again (an activity retried): the record stays as it is, decided or not.
        Assert.False(await lodging.RecordLodgedAsync(new(Id, null, 0, "stf-901", "漏计支教年限两年", "stf-901", Opened.AddDays(40)), CancellationToken.None));

        var before = await AppealRowsAsync(Id);
        // The people's trace lines say something else now: the rows are the same.
        foreach (var person in await store.PeopleOfAsync(Id, CancellationToken.None))
        {
            await store.People.PutAsync(person with { Trace = [.. person.Trace.Select(t => t with { Step = "reworded", What = "措辞已改 reworded" })] }, CancellationToken.None);
        }

        var after = await AppealRowsAsync(Id);
        string english = await _http.GetStringAsync($"/api/office/staff-reallocation/{Id}?code={Key}&lang=en");

        Assert.Equal(
            [
                "周老师 stf-903|校内竞聘申诉|希望留在本校任教|待处理：申诉期结束后交教育局|—",
                $"孙老师 stf-901|积分异议|漏计支教年限两年|已处理|异议不成立，积分不变赵主任 {clock.Format(Opened.AddDays(4))}处理意见：支教证明不全",
                $"吴老师 stf-904|直接聘用申诉|本人符合临近退休条件|已处理|支持申诉赵主任 {clock.Format(Opened.AddDays(15))}处理意见：经核实符合条件",
                $"钱老师 stf-902|直接聘用申诉|校长未及时确认|已处理|逾期未处理，视为驳回申诉（无人处理） {clock.Format(Opened.AddDays(16))}",
            ],
            before);
        Assert.Equal(before, after);
        Assert.Contains("rejected: the points stand", english, StringComparison.Ordinal);
        Assert.Contains("appeal direct appointment", english, StringComparison.Ordinal);
        var records = (await store.AppealsOfAsync(Id, CancellationToken.None)).ToDictionary(a => a.StaffId, StringComparer.Ordinal);
        Assert.Equal(
            (AppealOutcome.Rejected, "stf-3", (DateTimeOffset?)Opened, (string?)AppealRecord.ObjectionTaskId(Id, "stf-901", 0)),
            (records["stf-901"].Outcome!.Value, records["stf-901"].DecidedBy!, records["stf-901"].LodgedAt, records["stf-901"].ReviewTaskId));
        Assert.Equal((AppealOutcome.NotDecidedInTime, (string?)null, StaffReallocationApi.ByMasterKey), (records["stf-902"].Outcome!.Value, records["stf-902"].DecidedBy, records["stf-902"].LodgedBy));
    }

    [Fact]
    public async Task Objection_TakenInByTheOrchestration_IsOnRecordAndOnThePage_PendingAtOnce()
    {
        const string Id = "staff-reallocation-2030";
        var client = _app.Services.GetRequiredService<DurableTaskClient>();
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        await client.ScheduleNewOrchestrationInstanceAsync(
            EduFlows.Processes.StaffReallocation.StaffReallocation.Name,
            new ReallocationStart(Id, "stf-3", new DateOnly(2029, 9, 1), [], StaffReallocationOptions.Default with { ObjectionWindow = TimeSpan.FromHours(1) }, AppealsOnRecord: true),
            new StartOrchestrationOptions(Id));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((await store.Reallocations.GetAsync(Id, cts.Token))?.Record.Stage != PointsObjectionWindow.Stage)
        {
            await Task.Delay(50, cts.Token);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff-reallocation/{Id}/objections") { Content = JsonContent.Create(new { staffId = "stf-902", reason = "家庭情况未计入" }) };
        request.Headers.Add("x-functions-key", Key);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.SendAsync(request, cts.Token)).StatusCode);
        List<AppealRecord> records;
        while ((records = await store.AppealsOfAsync(Id, cts.Token)).Count == 0)
        {
            await Task.Delay(50, cts.Token);
        }

        var rows = await AppealRowsAsync(Id);

        var record = Assert.Single(records);
        Assert.Equal(
            ((Round?)null, 0, "stf-902", "家庭情况未计入", (string?)PointsObjectionApi.ByMasterKey, (AppealOutcome?)null, (string?)AppealRecord.ObjectionTaskId(Id, "stf-902", 0)),
            (record.Round, record.Number, record.StaffId, record.Reason, record.LodgedBy, record.Outcome, record.ReviewTaskId));
        Assert.NotNull(record.LodgedAt);
        Assert.Equal(["钱老师 stf-902|积分异议|家庭情况未计入|待处理：异议期结束后交教育局|—"], rows);
    }

    [Fact]
    public async Task Decision_QueuedBeforeItCarriedItsNumber_IsNumberedByItsReviewTask_AndNeverOverwritesAnotherAppeal()
    {
        const string Id = "staff-reallocation-2031";
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        foreach (var (staffId, rank) in new[] { ("stf-901", 1), ("stf-902", 2), ("stf-903", 3), ("stf-904", 4) })
        {
            await store.People.PutAsync(new PersonRecord { ReallocationId = Id, Participant = new(staffId, "sch-101", "primary", "mathematics", "teacher", 44, 100 - rank, rank) }, CancellationToken.None);
        }

        var lodging = ActivatorUtilities.CreateInstance<AppealRecordActivities>(_app.Services);
        var rounds = ActivatorUtilities.CreateInstance<StaffReallocationActivities>(_app.Services);
        var points = ActivatorUtilities.CreateInstance<StaffPointsActivities>(_app.Services);
        // Two appeals against the first round, on record and pending; an objection decided with its number.
        await lodging.RecordLodgedAsync(new(Id, Round.DirectAppointment, 0, "stf-901", "校长未及时确认", "stf-901", Opened), CancellationToken.None);
        await lodging.RecordLodgedAsync(new(Id, Round.DirectAppointment, 1, "stf-902", "本人符合临近退休条件", "stf-902", Opened.AddHours(1)), CancellationToken.None);
        await points.ApplyObjectionAsync(
            new(Id, new PointsObjection("stf-903", "漏计支教年限两年", "stf-903"), Answered("stf-3", Opened, new() { ["decision"] = "reject" }), Opened, 0), CancellationToken.None);

        // Queued before the decisions carried their number: each is numbered by its review task's id.
        var appeal = Queued(new StaffReallocationActivities.AppealInput(
            Id,
            Round.DirectAppointment,
            new ReallocationAppeal("stf-902", "本人符合临近退休条件", "stf-902"),
            Answered("stf-3", Opened.AddDays(5), new() { ["decision"] = "uphold" }) with { TaskId = AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-902", 1) },
            Opened.AddDays(5),
            1));
        var objection = Queued(new StaffPointsActivities.ObjectionInput(
            Id, new PointsObjection("stf-904", "家庭情况未计入", "stf-904"), new StaffTaskOutcome(StaffTaskResult.Expired, AppealRecord.ObjectionTaskId(Id, "stf-904", 1), null), Opened.AddDays(6), 1));
        // And two whose review task's id says nothing: on the same appeal's record, or on a free number, never on another's.
        var unnumbered = Queued(new StaffReallocationActivities.AppealInput(
            Id, Round.DirectAppointment, new ReallocationAppeal("stf-901", "校长未及时确认", "stf-901"), new StaffTaskOutcome(StaffTaskResult.Expired, "t-901", null), Opened.AddDays(7), 0));
        var unknown = Queued(new StaffPointsActivities.ObjectionInput(
            Id, new PointsObjection("stf-901", "学历未计入", PointsObjectionApi.ByMasterKey), new StaffTaskOutcome(StaffTaskResult.Expired, "t-902", null), Opened.AddDays(8), 0));
        Assert.All(new[] { appeal.Number, objection.Number, unnumbered.Number, unknown.Number }, number => Assert.Null(number));
        await rounds.ApplyAppealAsync(appeal, CancellationToken.None);
        await points.ApplyObjectionAsync(objection, CancellationToken.None);
        await rounds.ApplyAppealAsync(unnumbered, CancellationToken.None);
        await points.ApplyObjectionAsync(unknown, CancellationToken.None);
        // Run again (an activity retried): nothing moves.
        await points.ApplyObjectionAsync(unknown, CancellationToken.None);

        var records = await store.AppealsOfAsync(Id, CancellationToken.None);

        Assert.Equal(
            [
                $"{AppealRecord.IdOf(Id, Round.DirectAppointment, 0)} stf-901 NotDecidedInTime {Opened:O}",
                $"{AppealRecord.IdOf(Id, Round.DirectAppointment, 1)} stf-902 Upheld {Opened.AddHours(1):O}",
                $"{AppealRecord.IdOf(Id, null, 0)} stf-903 Rejected ",
                $"{AppealRecord.IdOf(Id, null, 1)} stf-904 NotDecidedInTime ",
                $"{AppealRecord.IdOf(Id, null, 2)} stf-901 NotDecidedInTime ",
            ],
            records.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => $"{a.Id} {a.StaffId} {a.Outcome} {a.LodgedAt:O}"));
        Assert.Equal(
            ((string?)AppealRecord.AppealTaskId(Id, Round.DirectAppointment, "stf-902", 1), (string?)AppealRecord.ObjectionTaskId(Id, "stf-904", 1), (string?)"t-902"),
            (records.Single(a => a.StaffId == "stf-902").ReviewTaskId, records.Single(a => a.StaffId == "stf-904").ReviewTaskId, records.Single(a => a.Reason == "学历未计入").ReviewTaskId));
    }

    // An activity's input as a payload written before it carried its number: serialized, the number taken out, read back.
    private static T Queued<T>(T input)
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(EduFlows.DurableTask.PayloadJson.Serialize(input)!)!.AsObject();
        Assert.True(payload.Remove("number"));
        return EduFlows.DurableTask.PayloadJson.Deserialize<T>(payload.ToJsonString())!;
    }

    private static StaffTaskOutcome Answered(string by, DateTimeOffset at, Dictionary<string, string> values) =>
        new(StaffTaskResult.Submitted, "t-" + by, new TaskReceipt("R1", "t-" + by, by, at, values));

    // The appeals section's rows, cells joined by '|', tags removed.
    private async Task<List<string>> AppealRowsAsync(string id)
    {
        string html = WebUtility.HtmlDecode(await _http.GetStringAsync($"/api/office/staff-reallocation/{id}?code={Key}")).Replace("\n", string.Empty, StringComparison.Ordinal);
        int start = html.IndexOf("id=\"appeals\"", StringComparison.Ordinal);
        string section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        return [.. System.Text.RegularExpressions.Regex.Matches(section, "<tr data-appeal[^>]*>(.*?)</tr>")
            .Select(row => string.Join('|', System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>")
                .Select(cell => System.Text.RegularExpressions.Regex.Replace(cell.Groups[1].Value, "<[^>]*>", string.Empty).Trim())))];
    }
}
