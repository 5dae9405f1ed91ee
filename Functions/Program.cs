using EduFlows.Durable;
using EduFlows.Durable.Backend.AzureStorage;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
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
    builder.Services.AddSingleton(new DirectoryStore(storage, host.HubName + "Dir"));
    builder.Services.AddSingleton<DemoCountyLoader>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoCountyLoader>());
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
builder.Services.AddExceptionHandler<BadRequestProblemHandler>();
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();

// Staff answer forms and admins upload rosters; nothing legitimate is larger than this.
const long MaxRequestBody = 4 * 1024 * 1024;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBody);
builder.Services.AddSingleton(FunctionKeys.FromConfiguration(builder.Configuration));

var app = builder.Build();
if (!string.IsNullOrWhiteSpace(storage) && await StorageProbe.ProbeAsync(storage, CancellationToken.None) is { } unreachable)
{
    // One clear line, not a stack trace from the first worker that tries.
    await Console.Error.WriteLineAsync(unreachable);
    return 2;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use(async (context, next) =>
{
    // Refuse a declared oversize body before reading it (Kestrel also stops undeclared ones at the limit).
    if (context.Request.ContentLength > MaxRequestBody)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 413, Title = "Request too large", Detail = $"The body may be at most {MaxRequestBody} bytes.", Extensions = { ["field"] = "body" } },
        });
        return;
    }

    await next(context);
});
string prefix = host.RoutePrefix.Length == 0 ? string.Empty : "/" + host.RoutePrefix;
var functions = app.MapGroup(prefix);
functions.MapHealthApi(string.IsNullOrWhiteSpace(storage) ? null : storage);
if (!string.IsNullOrWhiteSpace(storage))
{
    // The directory lives in Azure Table Storage; without storage the app runs processes in memory only.
    functions.MapDirectoryApi();
}

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
