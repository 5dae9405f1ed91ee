using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using EduFlows.DurableTask.Worker;
using EduFlows.FunctionIndex;
using EduFlows.Hosting;
using EduFlows.Tests.Infrastructure;
using EduFlows.Triggers.Timers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Tests.Hosting;

/// <summary>
/// The build's functions.metadata (what Azure's host indexes) matches the code, and the local host serves exactly the
/// functions it lists, so the two hosts cannot drift apart.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class FunctionMetadataTests(AzuriteFixture azurite)
{
    private static readonly Assembly App = typeof(EduFlowsServices).Assembly;

    [Fact]
    public void TheBuiltMetadata_ListsEveryFunctionOfTheCode_WithItsTriggerRouteAuthLevelAndSchedule()
    {
        var metadata = FunctionMetadata.Load(Path.GetDirectoryName(App.Location)!).ToDictionary(f => f.Name);
        var code = App.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToList();

        Assert.Equal(code.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(), metadata.Keys.Order());
        foreach (var method in code)
        {
            var entry = metadata[method.GetCustomAttribute<FunctionAttribute>()!.Name];
            Assert.True(FunctionNames.IsValid(entry.Name), $"'{entry.Name}' is not a valid function name");
            Assert.Equal($"{method.DeclaringType!.FullName}.{method.Name}", entry.EntryPoint);
            Assert.Equal("EduFlows.Functions.dll", entry.ScriptFile);
            var trigger = entry.Trigger;
            var attributes = method.GetParameters().SelectMany(p => p.GetCustomAttributes()).ToList();
            switch (attributes.Single(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)))
            {
                case HttpTriggerAttribute http:
                    Assert.Equal("httpTrigger", (string)trigger["type"]!);
                    Assert.Equal(http.AuthLevel.ToString(), (string)trigger["authLevel"]!, ignoreCase: true);
                    Assert.Equal(http.Route, (string?)trigger["route"]);
                    Assert.Equal(http.Methods ?? [], (trigger["methods"]?.AsArray() ?? []).Select(m => (string)m!));
                    break;
                case TimerTriggerAttribute timer:
                    Assert.Equal("timerTrigger", (string)trigger["type"]!);
                    Assert.Equal(timer.Schedule, (string)trigger["schedule"]!);
                    Assert.Equal(timer.RunOnStartup, trigger["runOnStartup"] is { } startup && startup.GetValue<bool>());
                    Assert.NotNull(TimerSchedule.Parse(timer.Schedule, "Asia/Shanghai"));
                    break;
                case OrchestrationTriggerAttribute:
                    Assert.Equal("orchestrationTrigger", (string)trigger["type"]!);
                    break;
                case ActivityTriggerAttribute:
                    Assert.Equal("activityTrigger", (string)trigger["type"]!);
                    break;
                case var other:
                    Assert.Fail($"{entry.Name} has a {other.GetType().Name}, which the local host does not serve");
                    break;
            }

            bool durableClient = method.GetParameters().Any(p => p.GetCustomAttribute<DurableClientAttribute>() is not null);
            Assert.Equal(durableClient, entry.Bindings.Any(b => (string?)b["type"] == "durableClient"));
        }
    }

    [Fact]
    public async Task TheLocalHost_ServesExactlyTheFunctionsInTheMetadata()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("MASTER_KEY", "metadata-master-key")
            .UseSetting("SENDGRID_API_KEY", "SG.test")
            .UseSetting("TASK_TOKEN_KEY", Convert.ToBase64String(new byte[32]))
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        using var http = factory.CreateClient();
        var services = factory.Services;
        var metadata = FunctionMetadata.Load(Path.GetDirectoryName(App.Location)!);
        var registered = services.GetRequiredService<RegisteredTasks>();

        var httpServed = services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<FunctionEndpointMetadata>()?.Function.Name).OfType<string>();
        var timersServed = services.GetRequiredService<TimerTriggerService>().Names;
        var durableServed = metadata.Where(f => f.TriggerType switch
        {
            "orchestrationTrigger" => registered.HasOrchestrator(f.Name),
            "activityTrigger" => registered.HasActivity(f.Name),
            _ => false,
        }).Select(f => f.Name);

        Assert.Equal(metadata.Select(f => f.Name).Order(), httpServed.Concat(timersServed).Concat(durableServed).Order());
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryHttpFunction_ByNameMethodAndRoute()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("AzureWebJobsStorage", azurite.ConnectionString)
            .UseSetting("SENDGRID_API_KEY", "SG.test")
            .UseSetting("TASK_TOKEN_KEY", Convert.ToBase64String(new byte[32]))
            .UseSetting("AzureFunctionsJobHost:extensions:durableTask:hubName", AzuriteFixture.NewHubName()));
        using var http = factory.CreateClient();

        var document = (await http.GetFromJsonAsync<JsonObject>("/api/openapi.json"))!;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Value is JsonObject { } op && op["operationId"] is not null)
                .Select(o => (Id: (string)o.Value!["operationId"]!, Method: o.Key.ToUpperInvariant(), Path: path.Key)))
            .ToList();
        foreach (var function in FunctionMetadata.Load(Path.GetDirectoryName(App.Location)!).Where(f => f.TriggerType == "httpTrigger"))
        {
            string route = "/api/" + System.Text.RegularExpressions.Regex.Replace((string)function.Trigger["route"]!, @"\{(\w+)[^}]*\}", "{$1}");
            foreach (var method in function.Trigger["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant()))
            {
                Assert.Contains((function.Name, method, route), operations);
            }
        }
    }

    [Fact]
    public void AParameterTheHostCannotBind_StopsTheStart_NamingTheFunctionAndTheParameter()
    {
        var metadata = Metadata(nameof(UnbindableFunctions.TakesAPoco), "httpTrigger", typeof(UnbindableFunctions));

        var refused = Assert.Throws<FunctionIndexException>(() => IndexedFunction.Create(metadata, typeof(UnbindableFunctions).Assembly));

        Assert.Contains("'TakesAPoco'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'roster'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(UnbindableFunctions.ReturnsAString), "returns IResult or IActionResult")]
    [InlineData(nameof(OrchestratorNeedingServices.OrchestratorWithServices), "must not depend on services")]
    [InlineData(nameof(UnbindableFunctions.TimerOfTheWrongType), "parameter 'timer'")]
    public void OtherShapesTheHostCannotRun_AreRefusedAtStart(string function, string why)
    {
        string trigger = function switch
        {
            nameof(OrchestratorNeedingServices.OrchestratorWithServices) => "orchestrationTrigger",
            nameof(UnbindableFunctions.TimerOfTheWrongType) => "timerTrigger",
            _ => "httpTrigger",
        };
        var type = function == nameof(OrchestratorNeedingServices.OrchestratorWithServices) ? typeof(OrchestratorNeedingServices) : typeof(UnbindableFunctions);

        var refused = Assert.Throws<FunctionIndexException>(() => IndexedFunction.Create(Metadata(function, trigger, type), type.Assembly));

        Assert.Contains($"'{function}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameAzureWouldRefuse_IsRefusedHereToo()
    {
        var metadata = Metadata(nameof(UnbindableFunctions.TakesAPoco), "httpTrigger", typeof(UnbindableFunctions)) with { Name = "Tasks.Open" };

        var refused = Assert.Throws<FunctionIndexException>(() => IndexedFunction.Create(metadata, typeof(UnbindableFunctions).Assembly));

        Assert.Contains("not a valid function name", refused.Message, StringComparison.Ordinal);
    }

    private static FunctionMetadata Metadata(string name, string trigger, Type type) =>
        new(name, "EduFlows.Functions.Tests.dll", $"{type.FullName}.{name}", [new JsonObject { ["name"] = "trigger", ["type"] = trigger, ["direction"] = "In" }]);
}

/// <summary>Function shapes the local host must refuse at start.</summary>
public static class UnbindableFunctions
{
    /// <summary>A body as a POCO parameter: the host reads bodies only through HttpRequest.</summary>
    [Function(nameof(TakesAPoco))]
    public static IResult TakesAPoco([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest request, List<string> roster) => Results.Ok(roster);

    /// <summary>An HTTP function that answers a string.</summary>
    [Function(nameof(ReturnsAString))]
    public static string ReturnsAString([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequest request) => "ok";

    /// <summary>A timer bound to the wrong type.</summary>
    [Function(nameof(TimerOfTheWrongType))]
    public static void TimerOfTheWrongType([TimerTrigger("0 0 9 * * *")] string timer)
    {
    }
}

/// <summary>An orchestrator whose class needs services: replays would see whatever they return.</summary>
public sealed class OrchestratorNeedingServices(IServiceProvider services)
{
    /// <summary>The orchestrator.</summary>
    [Function(nameof(OrchestratorWithServices))]
    public Task<bool> OrchestratorWithServices([OrchestrationTrigger] Microsoft.DurableTask.TaskOrchestrationContext context) => Task.FromResult(services is not null);
}
