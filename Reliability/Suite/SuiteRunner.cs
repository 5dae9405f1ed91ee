using System.Diagnostics;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Suite;

/// <summary>Runs probes one after another against one app under test; a probe that throws is a finding, not a crash.</summary>
public static class SuiteRunner
{
    public static async Task<ProbeResult> RunAsync(Probe probe, AppUnderTest app, SuiteProfile profile, int seed, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"{probe.Name}: {probe.Description}");
        var context = new ProbeContext(app, profile, seed, log);
        var watch = Stopwatch.StartNew();
        try
        {
            await probe.RunAsync(context, cancellationToken);
        }
#pragma warning disable CA1031 // Whatever stopped the probe is reported with the host's output, and the next probe runs.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            context.Found("probe ran to the end", $"{ex.GetType().Name}: {ex.Message}\nhost output:\n{app.RecentOutput}");
        }

        // A probe that killed or stopped the host leaves it running again for the next one.
        if (app.HostProcessId is null)
        {
            await app.StartHostAsync(cancellationToken);
        }

        var (figures, findings) = context.Take();
        var result = new ProbeResult(probe.Name, watch.Elapsed, figures, findings);
        log.WriteLine($"{probe.Name}: {(result.Passed ? "passed" : $"{findings.Count} finding(s)")} in {watch.Elapsed.TotalSeconds:F1} s");
        return result;
    }
}
