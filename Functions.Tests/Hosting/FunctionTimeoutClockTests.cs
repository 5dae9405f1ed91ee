using EduFlows.DurableTask.Worker;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The chaos probe moved the dev clock 5 days while a reallocation's <c>TasksOpen</c> activity ran: the call was
/// "timed out" at once ("ran longer than the function timeout of 00:10:00") and the reallocation failed. A function
/// timeout is run time, measured on the wall clock; the dev clock moves business time only.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class FunctionTimeoutClockTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task MovingTheDevClockByDays_DoesNotTimeOutACallInFlight()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", "test-master-key")
            .UseSetting("SENDGRID_API_KEY", "SG.test")
            .UseSetting("TASK_TOKEN_KEY", Convert.ToBase64String(new byte[32]))
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        var timeout = factory.Services.GetRequiredService<FunctionTimeout>();
        var appClock = factory.Services.GetRequiredService<TimeProvider>();
        var devClock = factory.Services.GetRequiredService<DevClock>();

        // As the worker bounds an activity call: the timeout's clock, else the app's.
        var callTimesOut = Task.Delay(timeout.Limit, timeout.Clock ?? appClock);
        devClock.AdvanceBy(TimeSpan.FromDays(5));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Same(devClock, appClock);
        Assert.False(callTimesOut.IsCompleted);
    }
}
