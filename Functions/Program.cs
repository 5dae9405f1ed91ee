using EduFlows.Durable;
using EduFlows.Durable.Backend.AzureStorage;
using EduFlows.Hosting;
using EduFlows.Processes.Samples;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLocalSettings(AppRoot.Locate(builder.Environment.ContentRootPath));

// AzureWebJobsStorage as in Azure Functions: "UseDevelopmentStorage=true" is Azurite on its default ports.
string? storage = builder.Configuration["AzureWebJobsStorage"];
if (string.IsNullOrWhiteSpace(storage))
{
    builder.Services.AddInMemoryDurableBackend();
}
else
{
    builder.Services.AddAzureStorageDurableBackend(new AzureStorageBackendOptions { ConnectionString = storage });
}

builder.Services.AddDurableTask(registry => registry.AddHelloCities());

var app = builder.Build();
app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok", backend = string.IsNullOrWhiteSpace(storage) ? "memory" : "azure-storage" }));
await app.RunAsync();
