using EduFlows.Processes.ShadowTraining;

namespace EduFlows.Tests.Processes.ShadowTraining;

public sealed class ShadowTrainingReportTests
{
    // 24 a week at bases of 8/8/6/6 places, spread as the placement rule spreads the demo county (see PlacementRuleTests).
    private static readonly (string Id, string Name, int Places)[] Bases = [("base-1", "旗城学校", 7), ("base-2", "海岱学校", 7), ("base-3", "云门书院双语学校", 5), ("base-4", "西苑小学", 5)];

    [Fact]
    public void ForYear_ThreeBatchesOf24_Reports72PeopleWithPerBatchAndPerBaseFigures()
    {
        var records = new List<TraineeRecord>();
        int person = 0;
        foreach (var (batch, monday) in new[] { ("2026-05", new DateOnly(2026, 5, 11)), ("2026-09", new DateOnly(2026, 9, 14)), ("2026-10", new DateOnly(2026, 10, 19)) })
        {
            foreach (var (id, name, places) in Bases)
            {
                for (int i = 0; i < places; i++)
                {
                    person++;
                    // One in eight misses two days and two journals and does not complete; the others attend fully.
                    bool weak = person % 8 == 0;
                    records.Add(Record(batch, monday, $"stf-{person:D5}", id, name, weak ? 3 : 5, weak ? 3 : 5, weak ? 70 : 90, weak ? TraineeStatus.NotCompleted : TraineeStatus.Completed));
                }
            }
        }

        records.Add(Record("2026-10", new DateOnly(2026, 10, 19), "stf-09999", "base-1", "旗城学校", 0, 0, null, TraineeStatus.Deferred));

        var report = ShadowTrainingReport.ForYear(2026, records);

        Assert.Equal(3, report.Batches);
        Assert.Equal(72, report.Totals.Trainees);
        Assert.Equal(72, report.Totals.People);
        Assert.Equal(63, report.Totals.Completed);
        Assert.Equal(9, report.Totals.NotCompleted);
        Assert.Equal(1, report.Totals.Deferred);
        Assert.Equal(87.5m, report.Totals.CompletionRate);
        Assert.Equal(95.0m, report.Totals.AttendanceRate);
        Assert.Equal(95.0m, report.Totals.JournalRate);
        Assert.Equal(87.5m, report.Totals.EvaluationAverage);
        Assert.Equal(["2026-05", "2026-09", "2026-10"], report.ByBatch.Select(b => b.BatchId));
        Assert.All(report.ByBatch, b => Assert.Equal(24, b.Totals.Trainees));
        Assert.Equal([7, 7, 5, 5], report.ByBatch[0].Bases.Select(b => b.Figures.Trainees));
        Assert.Equal([21, 21, 15, 15], report.ByBase.Select(b => b.Figures.Trainees));
        Assert.Equal(1, report.ByBatch[2].Totals.Deferred);
        Assert.Equal(0, report.ByBatch[0].Bases[0].Figures.NotCompleted);
        Assert.Equal(1, report.ByBatch[0].Bases[1].Figures.NotCompleted);
        Assert.Equal(87.1m, report.ByBatch[0].Bases[1].Figures.AreaAverages["teaching"]);
        Assert.Equal(85.7m, report.ByBatch[0].Bases[1].Figures.CompletionRate);
    }

    private static TraineeRecord Record(string batch, DateOnly monday, string id, string baseId, string baseName, int attended, int journals, decimal? score, TraineeStatus status) => new()
    {
        BatchId = batch,
        TraineeId = id,
        TraineeName = id,
        BaseId = baseId,
        BaseName = baseName,
        WeekStart = monday,
        Status = status,
        Days = status == TraineeStatus.Deferred ? 0 : 5,
        AttendedDays = attended,
        Journals = journals,
        Evaluation = score is { } s ? new Dictionary<string, decimal> { ["management"] = s, ["teaching"] = s, ["culture"] = s, ["innovation"] = s } : null,
        EvaluationAverage = score,
    };
}
