using EduFlows.Durable;
using EduFlows.Processes.Samples;

var builder = WebApplication.CreateBuilder(args);
builder.Services
    .AddInMemoryDurableBackend()
    .AddDurableTask(registry => registry.AddHelloCities());

var app = builder.Build();
app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok" }));
await app.RunAsync();
