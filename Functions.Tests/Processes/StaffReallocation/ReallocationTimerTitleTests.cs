using System.Net;
using System.Net.Http.Json;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The reallocation names itself in its published timers and its tasks by its title, as the office lists it
/// ("2027年县管校聘（第三次）"), not by its instance id: the API names it as it starts it, and an instance started before
/// is named by its points year.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class ReallocationTimerTitleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TaskAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Start_TheThirdOfAYear_IsNamedAsTheOfficeListsIt_InItsInput()
    {
        // Two of 2027 already (one started before start times were kept), one of 2026.
        var store = _app.Services.GetRequiredService<StaffReallocationStore>();
        await store.Reallocations.PutAsync(new ReallocationRecord { Id = "staff-reallocation-2027", OwnerId = "stf-3", AsOf = new DateOnly(2027, 3, 1), Stage = "finished" }, CancellationToken.None);
        await store.Reallocations.PutAsync(
            new ReallocationRecord { Id = "staff-reallocation-autumn-2027", OwnerId = "stf-3", AsOf = new DateOnly(2027, 9, 1), StartedAt = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-1), Stage = "finished" },
            CancellationToken.None);
        await store.Reallocations.PutAsync(new ReallocationRecord { Id = "staff-reallocation-2026", OwnerId = "stf-3", AsOf = new DateOnly(2026, 3, 1), Stage = "finished" }, CancellationToken.None);
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff-reallocation/staff-reallocation-winter-2027") { Content = JsonContent.Create(new { ownerId = "stf-3", asOf = "2027-12-01" }) };
        request.Headers.Add("x-functions-key", TaskAppFactory.MasterKey);

        var answer = await http.SendAsync(request);
        var instance = await _app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("staff-reallocation-winter-2027", getInputsAndOutputs: true);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(new LocalizedText("2027年县管校聘（第三次）", "2027 staff reallocation (no. 3)"), instance!.ReadInputAs<ReallocationStart>()!.Title);
    }

    [Fact]
    public void Purposes_NameTheReallocationByItsTitle_OrByItsPointsYearWhenStartedBefore_NeverByItsId()
    {
        var before = new ReallocationStart("staff-reallocation-2026", "stf-3", new DateOnly(2026, 9, 1), [], StaffReallocationOptions.Default);
        var named = before with { ReallocationId = "staff-reallocation-autumn-2026", Title = new("2026年县管校聘（第二次）", "2026 staff reallocation (no. 2)") };

        var appeal = ReallocationNames.AppealWindowCloses(ReallocationNames.TitleOf(named), Round.InSchoolCompetition);
        var objections = ReallocationNames.ObjectionWindowCloses(ReallocationNames.TitleOf(before));
        var late = ReallocationNames.LateObjectionsClose(ReallocationNames.TitleOf(named));

        Assert.Equal(new LocalizedText("校内竞聘申诉期截止：2026年县管校聘（第二次）", "Appeal window closes (in-school competition): 2026 staff reallocation (no. 2)"), appeal);
        Assert.Equal(new LocalizedText("积分异议期截止：2026年县管校聘", "Points objection window closes: 2026 staff reallocation"), objections);
        Assert.Equal(
            new LocalizedText("积分异议补收截止（异议期结束后5分钟）：2026年县管校聘（第二次）", "Late points objections taken until 5 minutes after the close: 2026 staff reallocation (no. 2)"),
            late);
    }
}
