using EduFlows.StaffDirectory;

namespace EduFlows.Hosting;

/// <summary>
/// The one line the local host prints once it serves and the demo county's start-up load has settled: where the app
/// is, and whether the demo county is there to use. Printed to the console, not logged, so quiet logs keep it.
/// </summary>
internal static class ReadinessLine
{
    /// <summary>Prints the line once the app has started and the demo load settled; nothing when the host stops first.</summary>
    public static async Task PrintWhenReadyAsync(this WebApplication app, HostSettings host)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        var state = DemoCountyState.Off;
        if (app.Services.GetService<DemoCountyLoader>() is { } demo)
        {
            try
            {
                state = await demo.Settled.WaitAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (state != DemoCountyState.Loading)
        {
            string baseUrl = (app.Urls.FirstOrDefault() ?? "http://localhost:7071").TrimEnd('/');
            Console.WriteLine(Text(baseUrl + (host.RoutePrefix.Length == 0 ? string.Empty : "/" + host.RoutePrefix), state));
        }
    }

    /// <summary>The line: Chinese first, English after each part.</summary>
    public static string Text(string apiBase, DemoCountyState state) =>
        $"EduFlows 已就绪 ready: {apiBase} · " + state switch
        {
            DemoCountyState.Loaded => "演示县已载入 demo county loaded",
            DemoCountyState.Failed => "演示县载入失败，见上方日志 demo county failed to load, see the log above",
            _ => "未载入演示数据 no demo data (EDUFLOWS_DEMO_DATA=false)",
        } + $" · 办公室 office: {apiBase}/office?code=<MASTER_KEY>";
}
