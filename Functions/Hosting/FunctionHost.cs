using EduFlows.DurableTask;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Samples;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using EduFlows.Triggers.Timers;
using Scalar.AspNetCore;

namespace EduFlows.Hosting;

/// <summary>How the function app is put together: settings, services, middleware and endpoints, in the order Program.cs calls them.</summary>
public static class FunctionHost
{
    // Staff answer forms and admins upload rosters; nothing legitimate is larger than this.
    private const long MaxRequestBody = 4 * 1024 * 1024;

    /// <summary>Reads host.json and local.settings.json from the app root; on a bad setting writes one line and returns null.</summary>
    public static HostSettings? ReadSettings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string appRoot = AppRoot.Locate(builder.Environment.ContentRootPath);
        try
        {
            builder.Configuration.AddLocalSettings(appRoot);
            var host = HostJson.WithOverrides(HostJson.Load(appRoot), builder.Configuration);

            // Mail, link-signing and time-zone settings are checked now, not when the first task is sent (tasks need storage).
            if (!string.IsNullOrWhiteSpace(builder.Configuration["AzureWebJobsStorage"]))
            {
                _ = MailSettings.FromConfiguration(builder.Configuration, builder.Environment.IsDevelopment());
                _ = TaskSigner(builder.Configuration, builder.Environment.IsDevelopment(), TimeProvider.System);
            }

            // The time zone drives timers with or without storage.
            _ = BureauClock.FromConfiguration(builder.Configuration);
            return host;
        }
        catch (Exception ex) when (ex is HostJsonException or InvalidDataException or InvalidOperationException)
        {
            // One clear line, as the Functions host gives, instead of a stack trace.
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }

    /// <summary>Registers the runtime, triggers, directory and HTTP plumbing; returns the storage connection string, if any.</summary>
    public static string? AddFunctionHost(this WebApplicationBuilder builder, HostSettings host)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(host);
        foreach (var (category, level) in host.LogLevels)
        {
            builder.Logging.AddFilter(category.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : category, level);
        }

        // Development runs on a clock that can be moved forward for demos; elsewhere on the system clock.
        if (builder.Environment.IsDevelopment())
        {
            // Microsoft's provider fires timers from queue visibility in wall-clock time: a moved clock would not move them.
            var devClock = new DevClock
            {
                FrozenBecause = host.StorageProvider == EduFlows.DurableTask.Providers.DurableStorageProvider.AzureStorage
                    ? "The dev clock cannot move: host.json selects the AzureStorage provider, whose durable timers follow the wall clock. Use the EduFlows provider to move time."
                    : null,
            };
            builder.Services.AddSingleton(devClock);
            builder.Services.AddSingleton<TimeProvider>(devClock);
        }
        else
        {
            builder.Services.AddSingleton(TimeProvider.System);
        }

        // AzureWebJobsStorage as in Azure Functions: "UseDevelopmentStorage=true" is Azurite on its default ports.
        string? storage = builder.Configuration["AzureWebJobsStorage"];
        storage = string.IsNullOrWhiteSpace(storage) ? null : storage;
        string timeZone = BureauClock.ZoneId(builder.Configuration);
        if (storage is null)
        {
            builder.Services.AddInMemoryDurableBackend(new EduFlowsProviderOptions
            {
                MaxConcurrentActivities = host.MaxConcurrentActivityFunctions,
                MaxConcurrentOrchestrations = host.MaxConcurrentOrchestratorFunctions,
            });
            builder.Services.AddTimerTriggers(new InMemoryScheduleStatusStore(), timeZone);
        }
        else
        {
            builder.Services.AddDurableStorage(new EduFlows.DurableTask.Providers.DurableStorageOptions
            {
                Type = host.StorageProvider,
                ConnectionString = storage,
                TaskHubName = host.HubName,
                PartitionCount = host.PartitionCount,
                MaxConcurrentActivities = host.MaxConcurrentActivityFunctions,
                MaxConcurrentOrchestrations = host.MaxConcurrentOrchestratorFunctions,
            });
            builder.Services.AddTimerTriggers(new TableScheduleStatusStore(new Azure.Data.Tables.TableClient(storage, host.HubName + "Schedules")), timeZone);
            builder.Services.AddSingleton(new DirectoryStore(storage, host.HubName + "Dir"));
            builder.Services.AddSingleton<DemoCountyLoader>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoCountyLoader>());
            builder.AddStaffTasks(host, storage);
            builder.Services.AddSingleton(new ResearcherReviewStore(storage, host.HubName));
            builder.Services.AddSingleton(ResearcherReviewOptions.FromConfiguration(builder.Configuration));
            builder.Services.AddResearcherReviewTimer();
            builder.Services.AddSingleton<ResearcherReviewDemo>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ResearcherReviewDemo>());
            builder.Services.AddDepartmentAssessmentServices(storage, host.HubName);
            builder.Services.AddShadowTrainingServices(storage, host.HubName);
        }

        // host.json's functionTimeout bounds every activity call, as the Functions host bounds each invocation.
        builder.Services.AddSingleton(new EduFlows.DurableTask.Worker.FunctionTimeout(host.FunctionTimeout));

        // Every process registers its orchestrators, activities and task kinds here, explicitly.
        builder.Services.AddSingleton(new TaskKindCatalog().Add(NoticeAcknowledgement.Kind).AddAll(ReviewTaskKinds.All).AddDepartmentAssessmentKinds().AddShadowTraining());
        builder.Services.AddDurableTask(
            registry => registry.AddHelloCities().AddApproval().AddStaffTasks().AddNoticeAcknowledgement().AddResearcherReview().AddDepartmentAssessment().AddShadowTraining());

        // Enums as their names ("open", not 1) in every JSON answer.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestProblemHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBody);
        builder.Services.AddSingleton(FunctionKeys.FromConfiguration(builder.Configuration));
        return storage;
    }

    /// <summary>The task signer: <c>TASK_TOKEN_KEY</c>, or in Development without one a key for this run only.</summary>
    internal static TaskTokenSigner TaskSigner(IConfiguration configuration, bool development, TimeProvider time) =>
        development && string.IsNullOrEmpty(configuration["TASK_TOKEN_KEY"])
            ? new TaskTokenSigner(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), time)
            : TaskTokenSigner.FromConfiguration(configuration, time);

    // E-mailed tasks need the directory (addresses) and tables (tasks, outbox), so they come with storage.
    private static void AddStaffTasks(this WebApplicationBuilder builder, HostSettings host, string storage)
    {
        bool development = builder.Environment.IsDevelopment();
        var configuration = builder.Configuration;
        builder.Services.AddStaffTaskServices(
            storage,
            host.HubName,
            host.RoutePrefix,
            MailSettings.FromConfiguration(configuration, development),
            BureauClock.FromConfiguration(configuration),
            time => TaskSigner(configuration, development, time));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSweeper>());
        builder.Services.AddSingleton(sp => new SignInLinks(storage, host.HubName + "SignIns", sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<SignInMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignInMailer>());

        // A signed-in staff member's session: a secure, http-only cookie, never sent on cross-site posts.
        builder.Services.AddAuthentication(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "eduflows-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c =>
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddTimerTrigger("CancelTasksOfEndedProcesses", "0 */5 * * * *", (_, services, ct) =>
            services.GetRequiredService<TaskDesk>().CancelTasksOfEndedProcessesAsync(ct));
        if (development)
        {
            builder.Services.AddSingleton<DevMailbox>();
        }
    }

    /// <summary>Checks storage before serving; on failure writes one line naming the endpoint and returns false.</summary>
    public static async Task<bool> StorageAnswersAsync(string? storage)
    {
        if (storage is not null && await StorageProbe.ProbeAsync(storage, CancellationToken.None).ConfigureAwait(false) is { } unreachable)
        {
            // One clear line, not a stack trace from the first worker that tries.
            await Console.Error.WriteLineAsync(unreachable).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Adds the middleware and maps every endpoint.</summary>
    public static WebApplication UseFunctionHost(this WebApplication app, HostSettings host, string? storage)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RefuseOversizeBodiesAsync);
        if (storage is not null)
        {
            app.UseAuthentication();
        }

        string prefix = host.RoutePrefix.Length == 0 ? string.Empty : "/" + host.RoutePrefix;
        var functions = app.MapGroup(prefix);
        functions.MapHealthApi(storage);
        if (storage is not null)
        {
            // The directory lives in Azure Table Storage; without storage the app runs processes in memory only.
            functions.MapDirectoryApi();
            functions.MapTaskApi();
            functions.MapMailApi();
            functions.MapMeApi();
            functions.MapResearcherReviewApi();
            functions.MapDepartmentAssessmentApi();
            functions.MapShadowTrainingApi();
            if (app.Environment.IsDevelopment())
            {
                app.MapDevMailbox();
            }
        }

        app.MapOpenApi(prefix + "/openapi.json");
        app.MapScalarApiReference(prefix + "/docs", o => o.WithOpenApiRoutePattern(prefix + "/openapi.json").WithTitle("EduFlows"));
        app.MapDurableManagementApi(host.HubName);
        if (app.Environment.IsDevelopment())
        {
            functions.MapDevClockApi();
        }

        return app;
    }

    // Refuse a declared oversize body before reading it (Kestrel also stops undeclared ones at the limit).
    private static async Task RefuseOversizeBodiesAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxRequestBody)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request too large", Detail = $"The body may be at most {MaxRequestBody} bytes.", Extensions = { ["field"] = "body" } },
            }).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
