using EduFlows.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (builder.ReadSettings() is not { } host)
{
    return 1;
}

string? storage = builder.AddFunctionHost(host);
var app = builder.Build();
if (!await FunctionHost.StorageAnswersAsync(storage))
{
    return 2;
}

app.UseFunctionHost(host, storage);
await app.RunAsync();
return 0;

/// <summary>The function app (public so functional tests can host it).</summary>
public partial class Program;
