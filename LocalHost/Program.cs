using EduFlows.Hosting;

// The local Functions host (Core Tools' role for `func start`): runs the function app's functions on this machine.
var builder = WebApplication.CreateBuilder(args);

// Port 7071, as func start, unless --urls or ASPNETCORE_URLS says otherwise.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://localhost:7071");
}

if (builder.ReadSettings() is not { } host || FunctionHost.IndexFunctions() is not { } functions)
{
    return 1;
}

string? storage = builder.AddFunctionHost(host, functions);
var app = builder.Build();
if (!await FunctionHost.StorageAnswersAsync(storage))
{
    return 2;
}

await app.RestoreDevClockAsync();
app.UseFunctionHost(host, storage);
app.Lifetime.ApplicationStarted.Register(() =>
{
    app.PrintFunctions(host);
    _ = app.PrintWhenReadyAsync(host);
});
await app.RunAsync();
return 0;

/// <summary>The local host (public so functional tests can host it).</summary>
public partial class Program;
