using System.Globalization;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// Demo data for the review: once the demo county is loaded, every researcher gets process records for the half year
/// that just ended and the current one (school visits, lessons observed, lectures...), the same on every start, so a
/// review can be run on the demo county at once. Off when <c>EDUFLOWS_DEMO_DATA</c> is false.
/// </summary>
public sealed partial class ResearcherReviewDemo(
    DirectoryStore directory, ResearcherReviewStore store, BureauClock clock, TimeProvider time, IConfiguration configuration, ILogger<ResearcherReviewDemo> logger) : BackgroundService
{
    /// <summary>Writes the demo records of one half year (up to <paramref name="today"/>); records already there are kept.</summary>
    /// <returns>How many records were written.</returns>
    public async Task<int> SeedAsync(ReviewPeriod period, DateOnly today, CancellationToken cancellationToken)
    {
        var schools = await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false);
        var researchers = await directory.Staff.WhereAsync(new Dictionary<string, object> { ["post"] = "researcher" }, cancellationToken).ConfigureAwait(false);
        int written = 0;
        foreach (var record in researchers.SelectMany(r => Records(r, schools, period, today)))
        {
            if (await store.Records.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>One researcher's demo records for a half year: deterministic from the researcher and the half.</summary>
    public static IEnumerable<ProcessRecord> Records(StaffMember researcher, IReadOnlyList<School> schools, ReviewPeriod period, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(researcher);
        var last = today < period.End ? today : period.End;
        if (last < period.Start)
        {
            yield break;
        }

        var random = new Random(StableSeed(researcher.Id + period.Code));
        string[] sections = researcher.Section switch { "senior" => ["senior"], "junior" => ["junior", "nine-year"], _ => ["primary", "nine-year"] };
        var theirs = schools.Where(s => sections.Contains(s.Section) && s.PrincipalId is not null).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var served = theirs.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToList();
        int days = last.DayNumber - period.Start.DayNumber + 1;
        int n = 0;
        foreach (var (kind, count) in new[]
        {
            (RecordKinds.LessonObserved, random.Next(15, 50)), (RecordKinds.SchoolVisit, random.Next(4, 18)), (RecordKinds.Lecture, random.Next(1, 6)),
            (RecordKinds.ResearchProject, random.Next(0, 3)), (RecordKinds.TeacherGuidance, random.Next(3, 13)),
        })
        {
            for (int i = 0; i < count; i++)
            {
                var school = served.Count > 0 && kind is RecordKinds.SchoolVisit or RecordKinds.LessonObserved ? served[random.Next(served.Count)] : null;
                yield return new ProcessRecord
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"demo-{period.Code}-{researcher.Id}-{++n:D3}"),
                    ResearcherId = researcher.Id,
                    Kind = kind,
                    Date = period.Start.AddDays(random.Next(days)),
                    SchoolId = kind == RecordKinds.SchoolVisit ? school?.Id : null,
                    Description = kind switch
                    {
                        RecordKinds.SchoolVisit => $"到{school?.Name}开展教学常规视导",
                        RecordKinds.LessonObserved => $"听{school?.Name ?? "区域"}{DirectoryVocabulary.SubjectName(researcher.Subject)}课并评课",
                        RecordKinds.Lecture => $"{DirectoryVocabulary.SubjectName(researcher.Subject)}学科专题讲座",
                        RecordKinds.ResearchProject => $"{DirectoryVocabulary.SubjectName(researcher.Subject)}教学改革课题阶段研究",
                        _ => "指导青年教师备课与上课",
                    },
                    CreatedAt = new DateTimeOffset(period.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    CreatedBy = researcher.Id,
                };
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bool.TryParse(configuration["EDUFLOWS_DEMO_DATA"] ?? "true", out bool load) || !load)
        {
            return;
        }

        try
        {
            // The demo county is loaded by another service; wait for its researchers (a few minutes at most).
            string lastResearcher = DemoCounty.Generate().Staff.Last(s => s.Post == "researcher").Id;
            for (int attempt = 0; attempt < 120 && await directory.Staff.GetAsync(lastResearcher, stoppingToken).ConfigureAwait(false) is null; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }

            var today = clock.DateOf(time.GetUtcNow());
            int written = await SeedAsync(ReviewPeriod.JustEnded(today), today, stoppingToken).ConfigureAwait(false)
                + await SeedAsync(ReviewPeriod.Containing(today), today, stoppingToken).ConfigureAwait(false);
            if (written > 0)
            {
                LogSeeded(logger, written);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the records already written stay and the rest are written on the next start.
        }
    }

    // string.GetHashCode differs between runs; the demo must not.
    private static int StableSeed(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Wrote {Count} demo process records for the researcher review.")]
    private static partial void LogSeeded(ILogger logger, int count);
}
