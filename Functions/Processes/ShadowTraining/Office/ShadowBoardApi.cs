using System.Globalization;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>
/// The office's shadow-training batch board (master key): <c>office/shadow-training/{batchId}</c> shows who is at
/// which base, day by day (the mentor's attendance and the trainee's journal), and what is missing. Read from the
/// batch record, the week's tasks, whose ids the trainee orchestration fixes, and each trainee's stage (so a waiting
/// deferral request shows, with the form deciding it); <c>…/{batchId}/board/{xlsx|csv}</c>
/// downloads the board.
/// </summary>
public sealed class ShadowBoardApi(IConfiguration configuration, ShadowTrainingStore store, StaffTaskStore tasks, DirectoryStore directory, ShadowTrainingOptions options, TimeProvider time)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>Every batch, the latest week first, each linking to its board; each year's report (<see cref="ShadowReportOfficeApi"/>) is linked above.</summary>
    [Function("OfficeShadowTrainingBatches")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/shadow-training")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batches = await store.Batches.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<ShadowBatchListPage>(
            new Dictionary<string, object?>
            {
                [nameof(ShadowBatchListPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(ShadowBatchListPage.Batches)] = (IReadOnlyList<ShadowBatch>)[.. batches.OrderByDescending(b => b.WeekStart).ThenBy(b => b.Id, StringComparer.Ordinal)],
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The batch board.</summary>
    [Function("OfficeShadowTrainingBoard")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/shadow-training/{batchId}")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await BoardAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } board)
        {
            return NoBatch();
        }

        if (board.Status != BatchStatus.Draft)
        {
            // Each trainee's week says where it is; a draft has no weeks yet.
            var stages = await Task.WhenAll(board.Rows.Select(async row =>
                (await client.GetInstanceAsync(TraineeRun.InstanceIdOf(batchId, row.TraineeId), cancellation: cancellationToken).ConfigureAwait(false))?.ReadCustomStatusAs<TraineeProgress>()?.Stage)).ConfigureAwait(false);
            board = board with { Rows = [.. board.Rows.Select((row, i) => row with { Stage = stages[i] })] };
        }

        return new RenderedPage<ShadowBoardPage>(
            new Dictionary<string, object?>
            {
                [nameof(ShadowBoardPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(ShadowBoardPage.Board)] = board,
            },
            StatusCodes.Status200OK);
    }

    /// <summary>The batch board as .xlsx or .csv: a row per trainee, two columns per training day (attendance, journal).</summary>
    [Function("OfficeShadowTrainingBoardFile")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/shadow-training/{batchId}/board/{format}")] HttpRequest request, string batchId, string format, CancellationToken cancellationToken)
    {
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (await BoardAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } board)
        {
            return NoBatch();
        }

        var (header, rows) = BatchBoardTable.Of(board);
        return OfficeExport.File(file, "shadow-training-" + batchId, header, rows);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoBatch() =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "batchId", "没有这个跟岗培训批次。", "There is no such shadow-training batch.");

    // The board, read from the batch record and the week's tasks; null for no such batch.
    private async Task<BatchBoard?> BoardAsync(string batchId, CancellationToken cancellationToken)
    {
        if (TableKey.Problem(batchId) is not null || (await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false))?.Record is not { } batch)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var days = options.Themes.Select((t, i) => (batch.WeekStart.AddDays(i), t.Zh, t.En)).ToList();
        var mentors = new List<(string, string, string)>();
        foreach (var place in batch.Bases)
        {
            mentors.Add((place.BaseId, place.Name, (await directory.Staff.GetAsync(place.MentorId, cancellationToken).ConfigureAwait(false))?.Name ?? place.MentorId));
        }

        var rows = await Task.WhenAll(batch.Placements.Select(async placement =>
        {
            var candidate = batch.Candidates.FirstOrDefault(c => c.StaffId == placement.TraineeId);
            var place = batch.Bases.FirstOrDefault(b => b.BaseId == placement.BaseId);
            var attendance = await Task.WhenAll(days.Select(d => MarkAsync(ShadowTrainingTasks.Attendance.Name, placement.TraineeId, Stamp(d.Item1)))).ConfigureAwait(false);
            var journals = await Task.WhenAll(days.Select(d => MarkAsync(ShadowTrainingTasks.Journal.Name, placement.TraineeId, Stamp(d.Item1)))).ConfigureAwait(false);
            return new BatchBoardRow(
                placement.TraineeId,
                candidate?.Name ?? placement.TraineeId,
                candidate?.SchoolName,
                placement.BaseId,
                place?.Name ?? placement.BaseId,
                attendance,
                journals,
                await MarkAsync(ShadowTrainingTasks.Evaluation.Name, placement.TraineeId, "week").ConfigureAwait(false),
                await MarkAsync(ShadowTrainingTasks.Summary.Name, placement.TraineeId, "week").ConfigureAwait(false));
        })).ConfigureAwait(false);

        return new BatchBoard(batchId, batch.WeekStart, batch.Status, days, mentors,
            [.. rows.OrderBy(r => r.BaseId, StringComparer.Ordinal).ThenBy(r => r.TraineeId, StringComparer.Ordinal)]);

        // The trainee orchestration names each task "{kind}-{batch}-{trainee}-{part}" (part: the day, or "week").
        async Task<BoardMark> MarkAsync(string kind, string traineeId, string part)
        {
            var task = (await tasks.GetAsync($"{kind}-{batchId}-{traineeId}-{part}", cancellationToken).ConfigureAwait(false))?.Record;
            return task switch
            {
                null => BoardMark.NotYet,
                { Status: StaffTaskStatus.Open } open => open.DueAt < now ? BoardMark.Overdue : BoardMark.Open,
                { Status: StaffTaskStatus.Submitted } done when done.Values?.GetValueOrDefault("attendance") == "absent" => BoardMark.Absent,
                { Status: StaffTaskStatus.Submitted } => BoardMark.Done,
                _ => BoardMark.Missed,
            };
        }
    }

    private static string Stamp(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
