using EduFlows.DurableTask;
using EduFlows.DurableTask.Storage;
using EduFlows.FunctionIndex;
using EduFlows.Notifications;
using EduFlows.Tasks;
using EduFlows.Triggers.Timers;
using Scalar.AspNetCore;

namespace EduFlows.Hosting;

/// <summary>
/// How the local host is put together, in the order Program.cs calls it: settings (host.json, local.settings.json),
/// the function app's functions from its functions.metadata, the durable worker and storage, timers, keys, the
/// management API and the Development-only tools. What Azure's Functions host does, this does on one machine.
/// </summary>
public static class FunctionHost
{
    private static FunctionCatalog? s_indexed;

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

            // The app reads the hub and route prefix itself (as in Azure); hand it what this host settled on.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [AppHostSettings.HubNameSetting] = host.HubName,
                [AppHostSettings.RoutePrefixSetting] = host.RoutePrefix,
            });

            // Mail links lead where this host is reached (run.sh serves 127.0.0.1, not localhost) unless set otherwise.
            ListenAddress.UseAsPublicUrlIfUnset(builder.Configuration);

            // Mail, link-signing and time-zone settings are checked now, not when the first task is sent (tasks need
            // storage: the app registers its stores for AzureWebJobsStorage in either form, see StorageAccount).
            if (EduFlows.Storage.StorageAccount.IsConfigured(builder.Configuration))
            {
                // The durable provider, timer leases and the start probe here take a connection string; an identity-only
                // setting would leave them in memory while the app's stores use the real account.
                if (string.IsNullOrWhiteSpace(builder.Configuration["AzureWebJobsStorage"]))
                {
                    throw new InvalidOperationException(
                        "The local host needs AzureWebJobsStorage as a connection string (\"UseDevelopmentStorage=true\" for Azurite); identity-based storage (AzureWebJobsStorage__accountName) is for Azure.");
                }

                _ = MailSettings.FromConfiguration(builder.Configuration, builder.Environment.IsDevelopment());
                _ = EduFlowsServices.TaskSigner(builder.Configuration, builder.Environment.IsDevelopment(), TimeProvider.System);
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

    /// <summary>Indexes the function app (its functions.metadata and assembly); on a function it cannot host writes one line and returns null.</summary>
    public static FunctionCatalog? IndexFunctions()
    {
        // Indexed once per process: the catalog depends only on the build's functions.metadata and the app's assembly,
        // both fixed while the process runs, and binding 366 functions (a factory for each class) costs CPU that a test
        // run, starting hundreds of hosts in one process, paid at every start.
        if (Volatile.Read(ref s_indexed) is { } known)
        {
            return known;
        }

        try
        {
            Interlocked.CompareExchange(ref s_indexed, FunctionCatalog.Load(typeof(EduFlowsServices).Assembly), null);
            return s_indexed;
        }
        catch (FunctionIndexException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Registers the host (clock, durable worker and storage provider, timers, keys, HTTP plumbing), the app's services
    /// through the app's own <see cref="EduFlowsServices.AddEduFlows"/>, and the app's functions; returns the storage
    /// connection string, if any.
    /// </summary>
    public static string? AddFunctionHost(this WebApplicationBuilder builder, HostSettings host, FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(functions);
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
                FrozenBecauseZh = host.StorageProvider == EduFlows.DurableTask.Providers.DurableStorageProvider.AzureStorage
                    ? "开发时钟不能拨动：host.json 选用了 AzureStorage 存储提供程序，其持久化定时器按真实时间触发。如需拨动时间，请改用 EduFlows 提供程序。"
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
        if (storage is not null && builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton(new DevClockStore(storage, host.HubName));
        }

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
                ControlQueueVisibilityTimeout = host.ControlQueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = host.WorkItemQueueVisibilityTimeout,
            });
            builder.Services.AddTimerTriggers(new TableScheduleStatusStore(new Azure.Data.Tables.TableClient(storage, host.HubName + "Schedules")), timeZone);
            if (builder.Environment.IsDevelopment())
            {
                builder.Services.AddSingleton<DevMailbox>();
            }
        }

        // The app's own services, exactly as its Program.cs registers them in Azure.
        builder.Services.AddEduFlows(builder.Configuration, builder.Environment);

        // And its worker middleware, added by the same call as its Program.cs makes (WorkerPipeline).
        var worker = new WorkerPipeline(builder.Services);
        worker.UseEduFlowsMiddleware();
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton(functions);
        builder.Services.AddSingleton<IHostStatus, LocalHostStatus>();
        builder.Services.AddSingleton<EduFlows.Durable.IInstanceVersions, LocalInstanceVersions>();
        builder.Services.AddTimerFunctions(functions, builder.Configuration);

        // host.json's functionTimeout bounds every activity call, as the Functions host bounds each invocation: in
        // wall-clock time, so that moving the dev clock by days does not time out (and fail) every call in flight.
        builder.Services.AddSingleton(new EduFlows.DurableTask.Worker.FunctionTimeout(host.FunctionTimeout, TimeProvider.System));
        // The client the functions and the management API get restarts as the Durable extension's does in Azure: at
        // host.json's defaultVersion (its restart is a StartNewAsync), not at the version the ended run recorded.
        builder.Services.AddDurableTask(registry => registry.AddDurableFunctions(functions), EduFlows.DurableTask.Client.RestartVersion.Default);
        if (host.Versioning() is { } versioning)
        {
            // host.json's defaultVersion and strategies, as Durable Functions applies them to its worker and client.
            builder.Services.ConfigureAll<Microsoft.DurableTask.Worker.DurableTaskWorkerOptions>(options => options.Versioning = versioning);
        }

        builder.Services.AddExceptionHandler<BadRequestProblemHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddMvcCore();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<FunctionOpenApi>());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBody);
        return storage;
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
        app.UseStatusCodePages(WriteStatusProblemAsync);
        app.Use(RefuseOversizeBodiesAsync);
        app.UseFunctionKeys();

        string prefix = host.RoutePrefix.Length == 0 ? string.Empty : "/" + host.RoutePrefix;
        app.MapHttpFunctions(app.Services.GetRequiredService<FunctionCatalog>(), host.RoutePrefix);
        var functions = app.MapGroup(prefix);
        if (storage is not null && app.Environment.IsDevelopment())
        {
            app.MapDevMailbox();
        }

        if (prefix.Length > 0)
        {
            // The landing page is the function at the prefix's empty route; the host's root leads there (in Azure
            // the root is the Functions host's own page).
            app.MapGet("/", (HttpContext context) => Results.Redirect(context.Request.PathBase + prefix + context.Request.QueryString)).ExcludeFromDescription();
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

    /// <summary>
    /// In Development with storage, sets the dev clock to the offset saved by earlier moves, before any timer or
    /// orchestration runs: a restart never turns the app's time back.
    /// </summary>
    public static async Task RestoreDevClockAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<DevClockStore>() is { } store && app.Services.GetService<DevClock>() is { FrozenBecause: null } clock)
        {
            var saved = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (saved > clock.Offset)
            {
                clock.AdvanceBy(saved - clock.Offset);
            }
        }
    }

    /// <summary>Prints the function list as <c>func start</c> does: name, trigger and, for HTTP, methods and URL.</summary>
    public static void PrintFunctions(this WebApplication app, HostSettings host)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        string baseUrl = (app.Urls.FirstOrDefault() ?? "http://localhost:7071").TrimEnd('/');
        Console.WriteLine();
        Console.WriteLine("Functions:");
        Console.WriteLine();
        var registered = app.Services.GetRequiredService<IServiceProviderIsService>();
        foreach (var function in app.Services.GetRequiredService<FunctionCatalog>().Functions)
        {
            var trigger = function.Metadata.Trigger;
            if (function.MissingServices(registered) is [var missing, ..])
            {
                Console.WriteLine($"        {function.Name}: {function.Metadata.TriggerType} (disabled: needs {missing.Name}, which needs AzureWebJobsStorage)");
                Console.WriteLine();
                continue;
            }

            if (function.Metadata.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                string methods = string.Join(',', (trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant()));
                string route = ((string?)trigger["route"] ?? function.Name).TrimStart('/');
                Console.WriteLine($"        {function.Name}: [{(methods.Length == 0 ? "GET,POST,PUT,DELETE,PATCH" : methods)}] {baseUrl}/{(host.RoutePrefix.Length == 0 ? string.Empty : host.RoutePrefix + "/")}{route}");
            }
            else
            {
                Console.WriteLine($"        {function.Name}: {function.Metadata.TriggerType}");
            }

            Console.WriteLine();
        }
    }

    // An error without a body (an unmapped route, a method the route does not take) gets problem+json like every
    // other refusal: through the problem details service when the caller's Accept allows, else written anyway, since
    // a text/plain "Status Code: 404" is no more use to a browser than JSON.
    private static async Task WriteStatusProblemAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext status)
    {
        var context = status.HttpContext;
        int code = context.Response.StatusCode;
        if (code is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed && context.Request.AcceptsHtml())
        {
            // A staff member who opens a mangled or outdated link in a phone's browser reads a page, in Chinese.
            await Results.Content(StatusPage(code, context.Request.Method), "text/html; charset=utf-8", statusCode: code).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = code,
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code),
            Detail = code switch
            {
                StatusCodes.Status404NotFound => $"No endpoint answers '{context.Request.Path}'.",
                StatusCodes.Status405MethodNotAllowed => $"'{context.Request.Path}' does not take {context.Request.Method}.",
                StatusCodes.Status415UnsupportedMediaType => $"'{context.Request.Path}' takes a JSON body (application/json), not '{context.Request.ContentType}'.",
                _ => $"The request to '{context.Request.Path}' was refused.",
            },
            Extensions = { ["field"] = code switch { StatusCodes.Status405MethodNotAllowed => "method", StatusCodes.Status415UnsupportedMediaType => "Content-Type", _ => "path" } },
        };
        if (!await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await TypedResults.Problem(problem).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static string StatusPage(int code, string method)
    {
        (string zh, string en) = code == StatusCodes.Status404NotFound
            ? ("找不到这个页面。链接可能不完整或已失效，请从邮件中重新打开链接，或联系教育局办公室。", "This page does not exist: the link may be incomplete or out of date.")
            : ($"这个地址不接受此操作（{System.Net.WebUtility.HtmlEncode(method)}）。请从邮件中重新打开链接。", $"This address does not take {System.Net.WebUtility.HtmlEncode(method)}.");
        return HostPage.Html(code == 404 ? "页面不存在" : "不支持的操作", zh, en);
    }

    // Refuse a declared oversize body before reading it (Kestrel also stops undeclared ones at the limit).
    private static async Task RefuseOversizeBodiesAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxRequestBody)
        {
            if (context.Request.AcceptsHtml())
            {
                // A staff member choosing too big a file on a task form reads why, in Chinese, not JSON.
                await Results.Content(
                    HostPage.Html("文件过大", $"上传的内容过大：一次最多 {MaxRequestBody / (1024 * 1024)} MB。请返回上一页，换一个较小的文件（如压缩图片或另存为 PDF）后重试。", $"The upload is too large: at most {MaxRequestBody / (1024 * 1024)} MB."),
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = HttpBody.TooLarge($"The body may be at most {MaxRequestBody} bytes.", MaxRequestBody).ProblemDetails,
            }).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
