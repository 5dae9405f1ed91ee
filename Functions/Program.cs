using EduFlows.Durable;
using EduFlows.Durable.Backend.AzureStorage;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.Triggers.Timers;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
string appRoot = AppRoot.Locate(builder.Environment.ContentRootPath);
HostSettings host;
try
{
    builder.Configuration.AddLocalSettings(appRoot);
    host = HostJson.WithOverrides(HostJson.Load(appRoot), builder.Configuration);
}
catch (Exception ex) when (ex is HostJsonException or InvalidDataException)
{
    // One clear line, as the Functions host gives, instead of a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

foreach (var (category, level) in host.LogLevels)
{
    builder.Logging.AddFilter(category.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : category, level);
}

// Development runs on a clock that can be moved forward for demos; elsewhere on the system clock.
if (builder.Environment.IsDevelopment())
{
    var devClock = new DevClock();
    builder.Services.AddSingleton(devClock);
    builder.Services.AddSingleton<TimeProvider>(devClock);
}
else
{
    builder.Services.AddSingleton(TimeProvider.System);
}

// AzureWebJobsStorage as in Azure Functions: "UseDevelopmentStorage=true" is Azurite on its default ports.
string? storage = builder.Configuration["AzureWebJobsStorage"];
string timeZone = builder.Configuration["WEBSITE_TIME_ZONE"] ?? "Asia/Shanghai";
if (string.IsNullOrWhiteSpace(storage))
{
    builder.Services.AddInMemoryDurableBackend();
    builder.Services.AddTimerTriggers(new InMemoryScheduleStatusStore(), timeZone);
}
else
{
    builder.Services.AddTimerTriggers(new TableScheduleStatusStore(new Azure.Data.Tables.TableClient(storage, host.HubName + "Schedules")), timeZone);
    builder.Services.AddAzureStorageDurableBackend(new AzureStorageBackendOptions
    {
        ConnectionString = storage,
        TaskHubName = host.HubName,
        PartitionCount = host.PartitionCount,
    });
}

builder.Services.AddDurableTask(
    registry => registry.AddHelloCities().AddApproval(),
    new DurableTaskWorkerOptions
    {
        MaxConcurrentActivities = host.MaxConcurrentActivityFunctions,
        MaxConcurrentOrchestrations = host.MaxConcurrentOrchestratorFunctions,
        ActivityTimeout = host.FunctionTimeout,
    });

builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSingleton(FunctionKeys.FromConfiguration(builder.Configuration));

var app = builder.Build();
if (!string.IsNullOrWhiteSpace(storage) && await StorageProbe.ProbeAsync(storage, CancellationToken.None) is { } unreachable)
{
    // One clear line, not a stack trace from the first worker that tries.
    await Console.Error.WriteLineAsync(unreachable);
    return 2;
}

string prefix = host.RoutePrefix.Length == 0 ? string.Empty : "/" + host.RoutePrefix;
var functions = app.MapGroup(prefix);
functions.MapHealthApi(string.IsNullOrWhiteSpace(storage) ? null : storage);
app.MapOpenApi(prefix + "/openapi.json");
app.MapScalarApiReference(prefix + "/docs", o => o.WithOpenApiRoutePattern(prefix + "/openapi.json").WithTitle("EduFlows"));
app.MapDurableManagementApi(host.HubName);
if (app.Environment.IsDevelopment())
{
    functions.MapDevClockApi();
}

await app.RunAsync();
return 0;

/// <summary>The function app (public so functional tests can host it).</summary>
public partial class Program;
