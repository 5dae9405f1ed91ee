using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Reliability.App;

/// <summary>
/// The app as the probes meet it: the local host (<c>EduFlows.LocalHost.dll</c>, built beside the suite) in a process of
/// its own, in Development, on a free port, with its own app root (host.json, local.settings.json), its own Azurite and
/// the mail catcher as its SendGrid. Kill it with SIGKILL, stop it with SIGTERM, start it again: storage, keys and
/// the link-signing key stay, as they do when a Function App instance restarts.
/// </summary>
public sealed class AppUnderTest : IAsyncDisposable
{
    public const string MasterKey = "reliability-master-key";
    public const string FunctionKey = "reliability-function-key";

    // The provider's defaults, read from its options so the probes' waits follow them: the later of the two queues'.
    private static readonly TimeSpan DefaultQueueVisibility = Later(new AzureStorageBackendOptions { ConnectionString = "UseDevelopmentStorage=true" });

    private readonly AppUnderTestOptions _options;
    private readonly string _appRoot;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputGate = new();
    private Process? _host;

    private AppUnderTest(AzuriteProcess azurite, MailCatcher mail, AppUnderTestOptions options, string appRoot, int port)
    {
        Azurite = azurite;
        Mail = mail;
        _options = options;
        _appRoot = appRoot;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    public Uri BaseAddress { get; }

    /// <summary>How long what a killed host held (control messages, activity calls) stays out of reach of the next one.</summary>
    public TimeSpan HeldMessagesReturnAfter => _options.QueueVisibility ?? DefaultQueueVisibility;

    /// <summary>A client with no key: add <see cref="MasterKey"/> or <see cref="FunctionKey"/> per request (<see cref="WithKey"/>).</summary>
    public HttpClient Http { get; }

    public AzuriteProcess Azurite { get; }

    public MailCatcher Mail { get; }

    public int? HostProcessId => _host is { HasExited: false } host ? host.Id : null;

    /// <summary>The host's last lines of console output, for a finding's detail.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_outputGate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<AppUnderTest> StartAsync(AppUnderTestOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AppUnderTestOptions();
        var azurite = await AzuriteProcess.StartAsync();
        var mail = await MailCatcher.StartAsync();
        string appRoot = Path.Combine(Path.GetTempPath(), "eduflows-reliability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(appRoot);
        int port = AzuriteProcess.FreePort();
        var app = new AppUnderTest(azurite, mail, options, appRoot, port);
        app.WriteAppRoot();
        await app.StartHostAsync(cancellationToken);
        if (options.DemoData)
        {
            await app.WaitForDemoCountyAsync(cancellationToken);
        }

        return app;
    }

    /// <summary>
    /// Waits until <c>/api/health</c> no longer says the demo county is loading. The host answers health while the demo
    /// loads in the background, and the load's last parts start instances and send mail (the association's waiting
    /// application): a probe that snapshots the app before then would count those as its own doing.
    /// </summary>
    public async Task WaitForDemoCountyAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        string state = "?";
        while (watch.Elapsed < _options.StartTimeout)
        {
            using var health = await Http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
            state = (string?)JsonNode.Parse(await health.Content.ReadAsStringAsync(cancellationToken))?["demoCounty"] ?? "?";
            if (state is "loaded" or "off")
            {
                return;
            }

            if (state == "failed")
            {
                throw new InvalidOperationException($"The demo county failed to load:\n{RecentOutput}");
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"The demo county was still '{state}' after {_options.StartTimeout}:\n{RecentOutput}");
    }

    public static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Add("x-functions-key", key);
        return request;
    }

    /// <summary>Starts the host process (again) and waits until <c>/api/health</c> answers 200.</summary>
    public async Task StartHostAsync(CancellationToken cancellationToken = default)
    {
        if (_host is { HasExited: false })
        {
            throw new InvalidOperationException("The host is already running.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "EduFlows.LocalHost.dll"), "--contentRoot", _appRoot, "--urls", BaseAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        _host = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local host.");
        _host.OutputDataReceived += (_, e) => Keep(e.Data);
        _host.ErrorDataReceived += (_, e) => Keep(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"The local host exited with code {_host.ExitCode} while starting:\n{RecentOutput}");
            }

            try
            {
                using var health = await Http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > _options.StartTimeout)
            {
                throw new TimeoutException($"The local host did not become healthy in {_options.StartTimeout}:\n{RecentOutput}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>SIGKILL: nothing is flushed, released or finished, as when the machine dies.</summary>
    public void Kill()
    {
        if (_host is { HasExited: false } host)
        {
            host.Kill(entireProcessTree: true);
            host.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as the platform stops an instance; the host's exit code and how long it took.</summary>
    public async Task<(bool Exited, int? ExitCode, TimeSpan Took)> StopAsync(TimeSpan timeout)
    {
        if (_host is not { HasExited: false } host)
        {
            return (true, _host?.ExitCode, TimeSpan.Zero);
        }

        var watch = Stopwatch.StartNew();
        using (var signal = Process.Start("kill", ["-TERM", host.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await host.WaitForExitAsync(wait.Token);
            return (true, host.ExitCode, watch.Elapsed);
        }
        catch (OperationCanceledException)
        {
            return (false, null, watch.Elapsed);
        }
    }

    /// <summary>
    /// Stops the host (SIGTERM, then SIGKILL after 30 s), changes one <c>local.settings.json</c> value and starts it
    /// again: an app setting changed in the portal, e.g. a rotated <c>TASK_TOKEN_KEY</c>. The change stays for later starts.
    /// </summary>
    public async Task RestartWithSettingAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var (exited, _, _) = await StopAsync(TimeSpan.FromSeconds(30));
        if (!exited)
        {
            Kill();
        }

        string path = Path.Combine(_appRoot, "local.settings.json");
        var settings = JsonNode.Parse(File.ReadAllText(path))!;
        settings["Values"]![name] = value;
        File.WriteAllText(path, settings.ToJsonString());
        await StartHostAsync(cancellationToken);
    }

    /// <summary>GETs a JSON document with a key; throws with the body when the answer is not a success.</summary>
    public async Task<JsonNode> GetJsonAsync(string path, string key = MasterKey, CancellationToken cancellationToken = default)
    {
        using var request = WithKey(new HttpRequestMessage(HttpMethod.Get, path), key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Http.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body) ?? throw new InvalidOperationException($"GET {path} answered null.")
            : throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _host?.Dispose();
        Http.Dispose();
        await Mail.DisposeAsync();
        await Azurite.DisposeAsync();
        try
        {
            Directory.Delete(_appRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void WriteAppRoot()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
        var storageProvider = hostJson["extensions"]!["durableTask"]!["storageProvider"]!;
        if (_options.StorageProvider != "EduFlows")
        {
            storageProvider["type"] = _options.StorageProvider;
        }

        if (_options.QueueVisibility is { } visibility)
        {
            string text = visibility.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            storageProvider["controlQueueVisibilityTimeout"] = text;
            storageProvider["workItemQueueVisibilityTimeout"] = text;
        }

        File.WriteAllText(Path.Combine(_appRoot, "host.json"), hostJson.ToJsonString());

        var values = new JsonObject
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["WEBSITE_TIME_ZONE"] = "Asia/Shanghai",
            ["MASTER_KEY"] = MasterKey,
            ["FUNCTION_KEYS"] = FunctionKey,
            ["EDUFLOWS_PUBLIC_URL"] = BaseAddress.ToString().TrimEnd('/'),
            ["TASK_TOKEN_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SENDGRID_API_KEY"] = Mail.ApiKey,
            ["SENDGRID_HOST"] = Mail.Address.ToString().TrimEnd('/'),
            ["SENDGRID_FROM"] = "noreply@qz-edu.example.cn",
            ["MAIL_CULTURE"] = "zh-CN",
            ["EDUFLOWS_DEMO_DATA"] = _options.DemoData ? "true" : "false",

            // The app's own lines (timer runs, leases taken over, mails) in the host output a finding keeps: quiet by default.
            ["AzureFunctionsJobHost__logging__logLevel__EduFlows"] = "Information",
        };
        File.WriteAllText(Path.Combine(_appRoot, "local.settings.json"), new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString());
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }

    private static TimeSpan Later(AzureStorageBackendOptions defaults) =>
        defaults.ControlMessageVisibility > defaults.ActivityMessageVisibility ? defaults.ControlMessageVisibility : defaults.ActivityMessageVisibility;
}
