using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>The half-year timer: on 1 January and 1 July at 09:00 (bureau time) a review starts for each section, for the half just ended.</summary>
public static class ResearcherReviewTimer
{
    /// <summary>The timer's name.</summary>
    public const string Name = "ResearcherReviewHalfYear";

    /// <summary>Six-field NCRONTAB: second 0, minute 0, hour 9, day 1, January and July.</summary>
    public const string Schedule = "0 0 9 1 1,7 *";

    /// <summary>The timer function.</summary>
    [Function(Name)]
    public static Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StartForHalfJustEndedAsync(context.InstanceServices, client, cancellationToken);
    }

    /// <summary>Starts each section's review for the half year that just ended; a review already started is left alone.</summary>
    /// <returns>The ids of the reviews started.</returns>
    public static Task<List<string>> StartForHalfJustEndedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        StartForHalfJustEndedAsync(services, services.GetRequiredService<DurableTaskClient>(), cancellationToken);

    /// <summary>Starts each section's review for the half year that just ended, through <paramref name="client"/>.</summary>
    /// <returns>The ids of the reviews started.</returns>
    public static async Task<List<string>> StartForHalfJustEndedAsync(IServiceProvider services, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var today = services.GetRequiredService<BureauClock>().DateOf(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var period = ReviewPeriod.JustEnded(today);
        var started = new List<string>();
        foreach (string section in DirectoryVocabulary.ResearchSections.Order(StringComparer.Ordinal))
        {
            string id = period.InstanceId(section);
            if (await ResearcherReviewApi.StartOnceAsync(client, ResearcherReviewOrchestration.Name, id, services.GetRequiredService<ResearcherReviewOptions>().Request(section, period.Year, period.Half), cancellationToken).ConfigureAwait(false))
            {
                started.Add(id);
            }
        }

        return started;
    }
}
