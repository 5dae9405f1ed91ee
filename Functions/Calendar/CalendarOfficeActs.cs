using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.Calendar;

/// <summary>
/// <c>office/calendar/{year}</c>: the year's holidays and make-up working days as the office sees and edits them, saved
/// by the calendar route's own rules (<see cref="CalendarApi.PutYearAsync"/>, as <c>PUT calendar/{year}</c>); the form
/// shows what is stored, so after a save the page shows the new days. The form saves over the version it was read at
/// (<see cref="OfficeVersions"/>, in its address as <c>…/{year}/{version}</c>): a year someone saved meanwhile is
/// refused (409) and named, not overwritten.
/// </summary>
public sealed class CalendarOfficeActs(IConfiguration configuration, CalendarStore store)
{
    private const string Routes = "office/calendar";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the year's calendar in its form; POST: replaces it, over the version the form was read at.</summary>
    [Function("OfficeCalendarYear")]
    public async Task<IResult> EditYearAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{year:int}/{version?}")] HttpRequest request, int year, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var read = await store.GetVersionedAsync(year, cancellationToken).ConfigureAwait(false);
        var stored = read?.Record;
        string? token = OfficeVersions.Posted(request, version, OfficeVersions.Token(read?.ETag));
        string path = Routes + "/" + year.ToString(CultureInfo.InvariantCulture);
        string days = stored is null
            ? links.Say($"日历中还没有 {year} 年的安排；请按国务院办公厅的节假日通知录入。", $"The calendar has nothing for {year} yet; enter the State Council's notice.")
            : links.Say($"{year} 年现有放假 {stored.Holidays.Count} 天、调休上班 {stored.AdjustedWorkingDays.Count} 天。", $"{year} has {stored.Holidays.Count} holidays and {stored.AdjustedWorkingDays.Count} make-up working days.");
        var act = new OfficeFormAct(
            links.Say($"{year} 年工作日历", $"Working calendar {year}"),
            days + links.Say(
                "各流程按工作日计的期限都按这里的安排计算：放假日不计，调休上班日计入。保存后整年的安排以本页为准，已发出的任务截止时间不变。",
                " Every process counts its working days by it: holidays are skipped, make-up working days count. Saving replaces the whole year; deadlines already sent stay."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("holidays", links.Say("放假日期", "Holidays"), OfficeFieldKind.List, Hint: links.Say("按通知列出每一个放假日（含其中的周末），如 2027-10-01。", "Every day off by the notice, weekends inside it included, e.g. 2027-10-01.")),
                new OfficeFormField("adjustedWorkingDays", links.Say("调休上班日期", "Make-up working days"), OfficeFieldKind.List, Hint: links.Say("调休上班的周六或周日。", "Saturdays or Sundays that are working days.")),
                new OfficeFormField("notice", links.Say("依据的通知", "Notice"), Hint: links.Say("如 国办发明电〔2026〕7号。", "E.g. the notice's number.")),
            ]);
        if (!HttpMethods.IsPost(request.Method) && stored is not null)
        {
            OfficePrefill.Fill(request, new Dictionary<string, string?>
            {
                ["holidays"] = string.Join('\n', stored.Holidays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                ["adjustedWorkingDays"] = string.Join('\n', stored.AdjustedWorkingDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                ["notice"] = stored.Notice,
            });
        }

        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action(path, token),
            path,
            act,
            async _ =>
            {
                // Read again: the year as stored now must be the one the form showed, and stays so until saved.
                var current = await store.GetVersionedAsync(year, cancellationToken).ConfigureAwait(false);
                if (OfficeVersions.Refusal(token, OfficeVersions.Token(current?.ETag), $"{year} 年的工作日历", $"The calendar of {year}") is { } stale)
                {
                    return stale;
                }

                var (candidate, refused) = await CalendarApi.ReadYearAsync(request, year, cancellationToken).ConfigureAwait(false);
                if (candidate is null)
                {
                    return refused!;
                }

                return await store.TrySaveAsync(candidate, current?.ETag, cancellationToken).ConfigureAwait(false)
                    ? TypedResults.Ok(candidate)
                    : Changed(year);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Changed(int year) =>
        OfficeVersions.Changed($"{year} 年的工作日历", $"The calendar of {year}");
}
