using DurableTask.Core.History;
using EduFlows.DurableTask.Storage.InMemory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>Orchestration versioning as Durable Functions applies host.json's defaultVersion and strategies.</summary>
public sealed class VersioningTests
{
    private static Task<DurableTestHost> StartAsync(Action<DurableTaskRegistry> register, VersioningOptions? versioning) =>
        DurableTestHost.StartAsync(
            time => new InMemoryOrchestrationBackend(time),
            register,
            configureServices: services => services.ConfigureAll<DurableTaskWorkerOptions>(o => o.Versioning = versioning));

    private static void EchoVersion(DurableTaskRegistry r) =>
        r.AddOrchestratorFunc<object?, string>("Echo", (ctx, _) => Task.FromResult(ctx.Version));

    [Fact]
    public async Task StartWithoutVersion_TakesTheDefaultVersion_AndAnExplicitVersionWins()
    {
        await using var host = await StartAsync(EchoVersion, new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.CurrentOrOlder });

        string plain = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo");
        string older = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "1.0" });

        Assert.Equal("2.0", (await host.RunToCompletionAsync(plain)).ReadOutputAs<string>());
        Assert.Equal("1.0", (await host.RunToCompletionAsync(older)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Strict_Fail_FailsAnInstanceOfAnotherVersion_NamingBothVersions()
    {
        bool ran = false;
        await using var host = await StartAsync(
            r => r.AddOrchestratorFunc<object?, string>("Echo", (ctx, _) => { ran = true; return Task.FromResult(ctx.Version); }),
            new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.Strict, FailureStrategy = VersionFailureStrategy.Fail });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "1.0" });
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("VersionMismatch", result.FailureDetails!.ErrorType);
        Assert.Contains("1.0", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("2.0", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.False(ran);
    }

    [Fact]
    public async Task CurrentOrOlder_Reject_LeavesANewerInstanceUntouched_AndRunsOlderOnes()
    {
        await using var host = await StartAsync(EchoVersion, new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.CurrentOrOlder, FailureStrategy = VersionFailureStrategy.Reject });

        string newer = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "3.0" });
        string older = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "1.0" });

        Assert.Equal("1.0", (await host.RunToCompletionAsync(older)).ReadOutputAs<string>());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var waiting = await host.Client.GetInstanceAsync(newer);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, waiting!.RuntimeStatus);
    }

    [Fact]
    public async Task ChangedOrchestratorWithoutVersionBump_FailsNamingVersionAndFirstDifferingStep()
    {
        bool changed = false;
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("LoadCalendar", (_, x) => Task.FromResult(x))
                .AddActivityFunc<string, string>("NotifyPanel", (_, x) => Task.FromResult(x))
                .AddActivityFunc<string, string>("SendMails", (_, x) => Task.FromResult(x))
                .AddOrchestratorFunc<object?, string>("Review", async (ctx, _) =>
                {
                    await ctx.CallActivityAsync<string>("LoadCalendar", "x");
                    await ctx.CallActivityAsync<string>(changed ? "SendMails" : "NotifyPanel", "x");
                    return await ctx.WaitForExternalEvent<string>("go");
                }),
            new VersioningOptions { Version = "1.0", DefaultVersion = "1.0" });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Review");
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Count() == 2);
        changed = true;
        await host.Client.RaiseEventAsync(id, "go", "now");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        string message = result.FailureDetails!.ErrorMessage;
        Assert.Contains("版本 1.0", message, StringComparison.Ordinal);
        Assert.Contains("第 2 步", message, StringComparison.Ordinal);
        Assert.Contains("'NotifyPanel'", message, StringComparison.Ordinal);
        Assert.Contains("'SendMails'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsTheInstancesVersion_NotTheDefault()
    {
        await using var host = await StartAsync(EchoVersion, new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.CurrentOrOlder });
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new StartOrchestrationOptions { Version = "1.0" });
        await host.RunToCompletionAsync(id);

        string again = await host.Client.RestartAsync(id, restartWithNewInstanceId: true);

        Assert.Equal("1.0", (await host.RunToCompletionAsync(again)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Redeploy_AReviewStartedOnV1CompletesOnItsV1Path_AndNewReviewsTakeV2()
    {
        // v1 notified each panel member by an activity of their own; v2 sends all mails by one SendMails activity.
        static void Review(DurableTaskRegistry r, bool v2Deployed) => r
            .AddActivityFunc<string, string>("NotifyPanel", (_, who) => Task.FromResult($"notified {who}"))
            .AddActivityFunc<string[], string>("SendMails", (_, all) => Task.FromResult($"mailed {all.Length}"))
            .AddOrchestratorFunc<string[], string>("HalfYearReview", async (ctx, panel) =>
            {
                string sent;
                if (v2Deployed && ctx.CompareVersionTo("1.0") > 0)
                {
                    sent = await ctx.CallActivityAsync<string>("SendMails", panel);
                }
                else
                {
                    // The v1 branch stays while v1 instances live.
                    var each = new List<string>();
                    foreach (string who in panel)
                    {
                        each.Add(await ctx.CallActivityAsync<string>("NotifyPanel", who));
                    }

                    sent = string.Join(";", each);
                }

                string verdict = await ctx.WaitForExternalEvent<string>("verdict");
                return $"{ctx.Version}|{sent}|{verdict}";
            });

        string[] panel = ["stf-1", "stf-2"];
        var v1 = await StartAsync(r => Review(r, v2Deployed: false), new VersioningOptions { Version = "1.0", DefaultVersion = "1.0" });
        var backend = v1.Backend;
        string old = await v1.Client.ScheduleNewOrchestrationInstanceAsync("HalfYearReview", panel);
        await v1.WaitForHistoryAsync(old, h => h.OfType<TaskCompletedEvent>().Count() == 2);

        // "Deploy": stop the v1 host's worker and start the changed code with a new default version on the same store.
        // The v1 host is not disposed: that would dispose the store the v2 host goes on with (v2 disposes it at the end).
        foreach (var hosted in v1.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await using var v2 = await DurableTestHost.StartAsync(
            _ => backend,
            r => Review(r, v2Deployed: true),
            configureServices: services => services.ConfigureAll<DurableTaskWorkerOptions>(o => o.Versioning = new VersioningOptions { Version = "2.0", DefaultVersion = "2.0" }),
            time: v1.Time);
        string fresh = await v2.Client.ScheduleNewOrchestrationInstanceAsync("HalfYearReview", panel);
        await v2.WaitForHistoryAsync(fresh, h => h.OfType<TaskCompletedEvent>().Any());
        await v2.Client.RaiseEventAsync(old, "verdict", "合格");
        await v2.Client.RaiseEventAsync(fresh, "verdict", "优秀");

        var oldResult = await v2.RunToCompletionAsync(old, skipTime: false);
        var freshResult = await v2.RunToCompletionAsync(fresh, skipTime: false);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, oldResult.RuntimeStatus);
        Assert.Equal("1.0|notified stf-1;notified stf-2|合格", oldResult.ReadOutputAs<string>());
        Assert.Equal("2.0|mailed 2|优秀", freshResult.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ChangedOrchestrator_ATimerWhereHistoryHasAnActivity_FailsRatherThanContinuing()
    {
        bool changed = false;
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("LoadCalendar", (_, x) => Task.FromResult(x))
                .AddOrchestratorFunc<object?, string>("Assessment", async (ctx, _) =>
                {
                    if (changed)
                    {
                        await ctx.CreateTimer(ctx.CurrentUtcDateTime, CancellationToken.None);
                    }
                    else
                    {
                        await ctx.CallActivityAsync<string>("LoadCalendar", "x");
                    }

                    return await ctx.WaitForExternalEvent<string>("go");
                }),
            new VersioningOptions { Version = "1.0", DefaultVersion = "1.0" });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Assessment");
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Any());
        changed = true;
        await host.Client.RaiseEventAsync(id, "go", "now");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("版本 1.0", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("第 1 步", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubOrchestration_StartedWithoutAVersion_RunsOnItsParentsVersion()
    {
        await using var host = await StartAsync(
            r => r
                .AddOrchestratorFunc<object?, string>("Echo", (ctx, _) => Task.FromResult(ctx.Version))
                .AddOrchestratorFunc<object?, string>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("Echo")),
            new VersioningOptions { Version = "2.0", DefaultVersion = "2.0", MatchStrategy = VersionMatchStrategy.Strict, FailureStrategy = VersionFailureStrategy.Fail });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("2.0", result.ReadOutputAs<string>());
    }
}
