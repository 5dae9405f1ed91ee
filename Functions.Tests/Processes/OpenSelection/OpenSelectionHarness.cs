using System.Globalization;
using EduFlows.AuditLog;
using EduFlows.Calendar;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// The open selection's process on the task harness (fake clock from Tuesday 2026-09-01 08:00 in the bureau's zone,
/// Azurite, fake SendGrid) with the 2026 calendar (Mid-Autumn 9-25, National Day 10-1..10-7): applicants
/// stf-a001.. at 东关小学 (sch-001), a pool of external judges ext-{group}-{n}, and 赵主任 (stf-3) of the organisation office.
/// </summary>
internal static class OpenSelectionHarness
{
    /// <summary>Warnings and errors the host logged, to say why a run got stuck.</summary>
    public static readonly ProblemLog Problems = new();

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // In UTC: the fake clock counts its timers in the ticks of the offset it holds, so it must hold one offset throughout.
    public static DateTimeOffset Local(int month, int day, int hour = 10) => new DateTimeOffset(new DateTime(2026, month, day, hour, 0, 0), TimeSpan.FromHours(8)).ToUniversalTime();

    public static async Task<TaskHarness> StartAsync(AzuriteFixture azurite, int applicants, int judgesPerGroup)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddOpenSelection(),
            services: (services, storage, hub) => services.AddOpenSelectionServices(storage, hub).AddLogging(b => b.AddProvider(Problems)),
            startAt: Local(9, 1, 8));
        await harness.Services.GetRequiredService<CalendarStore>().SaveAsync(CalendarSeed.Schedules.Single(s => s.Year == 2026), CancellationToken.None);
        var people = Enumerable.Range(1, applicants).Select(Applicant).ToList();
        foreach (string group in PanelDraw.Groups)
        {
            people.AddRange(Enumerable.Range(1, judgesPerGroup).Select(n => new StaffMember
            {
                Id = $"ext-{group}-{n}", Name = $"{PanelDraw.GroupName(group)}{n}", Gender = "male", Email = $"ext-{group}-{n}@judges.example.cn", Post = group,
                // The first expert comes from the applicants' school: detected from the directory and kept off.
                SchoolId = group == "external-expert" && n == 1 ? "sch-001" : null,
            }));
        }

        await harness.Services.GetRequiredService<DirectoryStore>().Staff.ApplyAsync(people, CancellationToken.None);
        return harness;
    }

    public static StaffMember Applicant(int n) => TaskHarness.Staff(ApplicantId(n), "应聘人" + n.ToString("D3", CultureInfo.InvariantCulture), $"a{n:D3}@qz.example.cn");

    public static string ApplicantId(int n) => "stf-a" + n.ToString("D3", CultureInfo.InvariantCulture);

    public static SelectionAnnouncement Announcement(int posts, int reserve = 0, int judgesPerGroup = 3) => new()
    {
        Title = "2026年教育局中层干部阳光选优",
        Posts = [.. Enumerable.Range(1, posts).Select(p => new SelectionPost($"p{p:D2}", $"岗位{p:D2}", 1, reserve > 0 ? (reserve / posts) + (p <= reserve % posts ? 1 : 0) : 0))],
        Weights = new StageWeights(40, 60),
        Timetable = new SelectionTimetable(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 4), new DateOnly(2026, 9, 11), new DateOnly(2026, 9, 15), new DateOnly(2026, 9, 24), 5),
        JudgesPerGroup = judgesPerGroup,
    };

    /// <summary>The written-test sheet as the office fills it in (xlsx): each candidate's id, name and score or 缺考.</summary>
    public static MemoryStream Sheet(IEnumerable<(string Id, string Name, string Score)> rows)
    {
        var file = new MemoryStream();
        RosterFile.Write(file, RosterFile.Format.Xlsx, WrittenScoreSheet.Columns, rows.Select(r => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            [WrittenScoreSheet.IdColumn] = r.Id, [WrittenScoreSheet.NameColumn] = r.Name, [WrittenScoreSheet.ScoreColumn] = r.Score,
        }));
        file.Position = 0;
        return file;
    }

    public static OpenSelectionStore Store(this TaskHarness harness) => harness.Services.GetRequiredService<OpenSelectionStore>();

    public static OpenSelectionDesk SelectionDesk(this TaskHarness harness) => harness.Services.GetRequiredService<OpenSelectionDesk>();

    public static AuditLogStore Audit(this TaskHarness harness) => harness.Services.GetRequiredService<AuditLogStore>();

    /// <summary>Publishes and takes the applications (one per applicant, spread over the posts) on the first day.</summary>
    public static async Task<string> PublishAndApplyAsync(this TaskHarness harness, SelectionAnnouncement announcement, int applicants)
    {
        string id = "sel-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await harness.Store().PublishAsync(id, announcement, harness.Time.GetUtcNow(), CancellationToken.None));
        var store = harness.Store();
        var change = await store.ChangeAsync(
            id,
            s =>
            {
                for (int n = 1; n <= applicants; n++)
                {
                    var refused = s.Apply(Applicant(n), announcement.Posts[(n - 1) % announcement.Posts.Count].Id, "任现职以来的主要工作", harness.Time.GetUtcNow());
                    Assert.Null(refused);
                }

                return null;
            },
            CancellationToken.None);
        Assert.Null(change.Refusal);
        return id;
    }
}

/// <summary>Keeps the host's warnings and errors with their exceptions.</summary>
internal sealed class ProblemLog : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ProblemLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
