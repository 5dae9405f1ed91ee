namespace EduFlows.Processes.ShadowTraining;

/// <summary>Reports over trainee results (pure): per batch, per base, and the year's totals.</summary>
public static class ShadowTrainingReport
{
    /// <summary>The figures of a set of results.</summary>
    public static TrainingFigures Figures(IReadOnlyCollection<TraineeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var trained = records.Where(r => r.Status != TraineeStatus.Deferred).ToList();
        var evaluated = trained.Where(r => r.EvaluationAverage is not null).ToList();
        int days = trained.Sum(r => r.Days);
        var areas = evaluated
            .SelectMany(r => r.Evaluation ?? new Dictionary<string, decimal>())
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Round(g.Average(kv => kv.Value)), StringComparer.Ordinal);
        return new TrainingFigures(
            trained.Count,
            trained.Select(r => r.TraineeId).Distinct(StringComparer.Ordinal).Count(),
            trained.Count(r => r.Status == TraineeStatus.Completed),
            trained.Count(r => r.Status == TraineeStatus.NotCompleted),
            records.Count(r => r.Status == TraineeStatus.Deferred),
            Percent(trained.Count(r => r.Status == TraineeStatus.Completed), trained.Count),
            Percent(trained.Sum(r => r.AttendedDays), days),
            Percent(trained.Sum(r => r.Journals), days),
            evaluated.Count == 0 ? null : Round(evaluated.Average(r => r.EvaluationAverage!.Value)),
            areas);
    }

    /// <summary>One batch's report.</summary>
    public static BatchReport ForBatch(string batchId, DateOnly weekStart, IReadOnlyCollection<TraineeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new BatchReport(batchId, weekStart, Figures(records), ByBase(records));
    }

    /// <summary>The year's report.</summary>
    public static YearReport ForYear(int year, IReadOnlyCollection<TraineeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batches = records
            .GroupBy(r => r.BatchId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ForBatch(g.Key, g.First().WeekStart, [.. g]))
            .ToList();
        return new YearReport(year, batches.Count, Figures(records), batches, ByBase(records));
    }

    private static List<BaseReport> ByBase(IReadOnlyCollection<TraineeRecord> records) =>
    [
        .. records
            .GroupBy(r => r.BaseId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BaseReport(g.Key, g.First().BaseName, Figures([.. g]))),
    ];

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Round(100m * part / whole);

    private static decimal Round(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
