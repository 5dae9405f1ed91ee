using EduFlows.Calendar;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// A whole selection on the selection's rules under a fake clock: the 2017 cadre selection (18 posts, 120 applicants),
/// the researcher variant (20 posts and 54 reserve places), and each refusal with its own status and nothing changed.
/// </summary>
public sealed class SelectionCaseTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void FullSelection_18Posts120Applicants_DrawScoresObjectionsAppointments()
    {
        var clock = new FakeTimeProvider(At(2016, 12, 5, 9));
        var county = County.Build(applicants: 120, judges: 30);
        var posts = Enumerable.Range(1, 18).Select(i => new SelectionPost($"p{i:D2}", $"中层岗位{i}", i <= 2 ? 2 : 1)).ToList();
        var selection = new SelectionCase("cadres-2017", Cadres(posts), Shanghai);

        // Applications: everyone applies, 10 edit their post before the deadline; one tries a day late.
        foreach (var (person, i) in county.Applicants.Select((p, i) => (p, i)))
        {
            Assert.Null(selection.Apply(person, posts[i % 18].Id, "任现职以来的主要工作", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2016, 12, 9, 23));
        foreach (var person in county.Applicants.Take(10))
        {
            Assert.Null(selection.Apply(person, "p01", "改报第一个岗位", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2016, 12, 10, 0, 5));
        Assert.Equal(410, selection.Apply(county.Late, "p01", "迟到的报名", clock.GetUtcNow())!.Status);
        Assert.Equal(120, selection.Applications.Count);

        // Eligibility review by the organisation office, with the rule's reasons; one refused applicant corrects once.
        clock.SetUtcNow(At(2016, 12, 12, 10));
        foreach (var person in county.Applicants)
        {
            var reasons = selection.Announcement.Eligibility.Check(person, "junior", selection.Announcement.Timetable.ApplicationsClose);
            bool missingPapers = person.Id == "stf-0007";
            string reason = reasons.Count > 0 ? string.Join("；", reasons) : missingPapers ? "未提交任职文件" : "符合报名条件";
            Assert.Null(selection.Decide(person.Id, reasons.Count == 0 && !missingPapers, reason, "组织科", clock.GetUtcNow()));
        }

        Assert.Equal(409, selection.Decide("stf-0001", true, "再审一次", "组织科", clock.GetUtcNow())!.Status);
        Assert.Null(selection.Correct("stf-0007", "p01", "补交任职文件", clock.GetUtcNow()));
        Assert.Equal(409, selection.Correct("stf-0007", "p01", "再补一次", clock.GetUtcNow())!.Status);
        Assert.Null(selection.Decide("stf-0007", true, "补正后符合条件", "组织科", clock.GetUtcNow()));
        int eligible = selection.Eligible.Count();
        Assert.Equal(120 - county.TooOld, eligible);

        // Written test, imported from the sheet; one candidate absent.
        clock.SetUtcNow(At(2016, 12, 19, 9));
        var names = selection.Eligible.ToDictionary(s => s, s => county.ById[s].Name);
        var (header, rows) = WrittenScoreSheetTests.Read([.. selection.Eligible.Select((s, i) => (s, names[s], s == "stf-0003" ? "缺考" : (60 + (i * 7 % 39) + 0.5m).ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        var (written, errors) = WrittenScoreSheet.Parse(header, rows, names);
        Assert.Empty(errors);
        Assert.Null(selection.TakeWrittenScores(written, clock.GetUtcNow()));
        Assert.Equal(eligible - 1, selection.Interviewees.Count);

        // The panel: 3 from each group, none from a candidate's school, the declared relative kept off.
        var declared = new[] { new DeclaredConflict("ext-005", "stf-0010", "配偶") };
        Assert.Null(selection.DrawPanel(county.Judges, county.ById, declared, 20161224, clock.GetUtcNow()));
        var panel = selection.Panel!;
        Assert.All(PanelDraw.Groups, g => Assert.Equal(3, panel.Judges.Count(j => j.Group == g)));
        Assert.Contains(panel.Excluded, e => e.JudgeId == "ext-005");
        Assert.DoesNotContain(panel.Judges, j => county.ById[j.JudgeId].SchoolId is { } school && selection.Interviewees.Any(c => county.ById[c].SchoolId == school));
        Assert.Equal(panel.Judges, PanelDraw.Draw(county.Judges, selection.DrawCandidates(county.ById), declared, 3, 20161224).Judges);
        // A relative an interviewee declared in the directory reaches the draw: that judge would be kept off too.
        string related = panel.Judges[0].JudgeId, interviewee = selection.Interviewees[0];
        var withRelative = new Dictionary<string, StaffMember>(county.ById) { [interviewee] = county.ById[interviewee] with { Relatives = [new DeclaredRelative(related, "母女")] } };
        Assert.Contains(new ExcludedJudge(related, $"名录登记与应聘人 {interviewee} 有母女关系"), PanelDraw.Draw(county.Judges, selection.DrawCandidates(withRelative), declared, 3, 20161224).Excluded);

        // Interview day: every judge scores every interviewee; the one not drawn is refused; a judge sees others only after scoring.
        clock.SetUtcNow(At(2016, 12, 24, 8));
        string outsider = county.Judges.Select(j => j.Id).First(j => panel.Judges.All(p => p.JudgeId != j));
        Assert.Equal(403, selection.Score(outsider, selection.Interviewees[0], 80, clock.GetUtcNow())!.Status);
        foreach (var (judge, j) in panel.Judges.Select((x, j) => (x, j)))
        {
            foreach (var (candidate, c) in selection.Interviewees.Select((x, c) => (x, c)))
            {
                Assert.Null(selection.Score(judge.JudgeId, candidate, 70 + (c * 3 % 25) + (j % 3), clock.GetUtcNow()));
            }
        }

        Assert.Equal(409, selection.Score(panel.Judges[0].JudgeId, selection.Interviewees[0], 90, clock.GetUtcNow())!.Status);
        Assert.Equal(9 * selection.Interviewees.Count, selection.InterviewScores.Count);

        // Ranking, inspection of each proposed candidate, public notice.
        var ranked = selection.Ranking();
        Assert.Equal(20, ranked.Count(r => r.Standing == Standing.Proposed));
        foreach (string staffId in selection.AwaitingInspection())
        {
            Assert.Null(selection.Inspect(staffId, true, "德才表现良好", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2016, 12, 26, 9));
        Assert.Equal(new DateOnly(2016, 12, 30), selection.StartNotice(clock.GetUtcNow(), new WorkingDays(CalendarSeed.Schedules)));
        var p01 = ranked.Where(r => r.PostId == "p03").OrderBy(r => r.Rank).ToList();
        string first = p01[0].StaffId, second = p01[1].StaffId;
        var (upheldOne, _) = selection.RaiseObjection("obj-1", first, "该同志曾受过处分", null, clock.GetUtcNow());
        var (rejectedOne, _) = selection.RaiseObjection("obj-2", ranked.First(r => r.PostId == "p04" && r.Rank == 1).StaffId, "群众反映工作作风问题", "王某", clock.GetUtcNow());
        Assert.Null(upheldOne!.SenderName);
        Assert.Equal("王某", rejectedOne!.SenderName);
        Assert.Equal(409, selection.RaiseObjection("obj-1", first, "该同志曾受过处分", null, clock.GetUtcNow()).Refusal!.Status);

        clock.SetUtcNow(At(2016, 12, 28, 9));
        Assert.Null(selection.Answer("obj-1", true, "经核查，处分期未满，取消拟任资格", "纪检组", clock.GetUtcNow()));
        Assert.Null(selection.Answer("obj-2", false, "经核查，反映问题不属实", "纪检组", clock.GetUtcNow()));
        Assert.Equal(409, selection.Answer("obj-2", true, "改判", "纪检组", clock.GetUtcNow())!.Status);

        // The next in rank moves up, and is inspected before appointment.
        var after = selection.Ranking();
        Assert.Equal(Standing.Removed, after.Single(r => r.StaffId == first).Standing);
        Assert.Equal((1, Standing.Proposed), (after.Single(r => r.StaffId == second).Rank!.Value, after.Single(r => r.StaffId == second).Standing));
        Assert.Equal([second], selection.AwaitingInspection());
        Assert.Null(selection.Inspect(second, true, "德才表现良好", clock.GetUtcNow()));

        clock.SetUtcNow(At(2016, 12, 31, 9));
        Assert.Equal(410, selection.RaiseObjection("obj-3", second, "迟到的异议", null, clock.GetUtcNow()).Refusal!.Status);
        clock.SetUtcNow(At(2017, 1, 3, 9));
        Assert.Null(selection.Appoint(clock.GetUtcNow()));
        Assert.Equal(20, selection.Appointed!.Count);
        Assert.Contains(selection.Appointed, a => a.StaffId == second);

        // The trail for the audit log: every score, decision and objection, in order, numbered from 1.
        Assert.Equal(Enumerable.Range(1, selection.Trail.Count), selection.Trail.Select(e => e.Seq));
        Assert.Equal(9 * selection.Interviewees.Count, selection.Trail.Count(e => e.Kind == "interview-score"));
        Assert.Equal(121, selection.Trail.Count(e => e.Kind == "eligibility"));
        Assert.Equal(["objection", "objection", "objection-answer", "objection-answer"], selection.Trail.Where(e => e.Kind.StartsWith("objection", StringComparison.Ordinal)).Select(e => e.Kind));
        Assert.Equal(new SelectionEvent(0, "objection", "匿名", first, "obj-1：该同志曾受过处分", At(2016, 12, 26, 9)), selection.Trail.First(e => e.Kind == "objection") with { Seq = 0 });
        Assert.Equal(20, selection.Trail.Count(e => e.Kind == "appointment"));
        Assert.DoesNotContain(selection.Appointed, a => a.StaffId == first);

        // The report: figures and age structure before and after, exported to Excel.
        var report = SelectionReport.Of(selection, county.ById, county.Leaders, new DateOnly(2017, 1, 3));
        Assert.Equal((120, eligible), (report.Applicants, report.Eligible));
        Assert.Equal(eligible, report.Rows.Count);
        Assert.Equal(new AgeStructure(40, 52.0m, 20), report.Before);
        Assert.Equal(60, report.After.People);
        Assert.True(report.After.AverageAge < report.Before.AverageAge);
        using var file = new MemoryStream();
        report.Export(file, RosterFile.Format.Xlsx);
        file.Position = 0;
        var (exportHeader, exportRows) = RosterFile.Read(file, RosterFile.Format.Xlsx);
        Assert.Equal(SelectionReport.Columns, exportHeader);
        Assert.Equal(eligible + 3, exportRows.Count);
    }

    [Fact]
    public void ResearcherVariant_20PostsAnd54ReservePlaces_FillsBoth()
    {
        var clock = new FakeTimeProvider(At(2017, 7, 3, 9));
        var county = County.Build(applicants: 100, judges: 21, leadersBorn: 1975);
        // 14 posts with 3 reserve places and 6 with 2: 54 reserve places.
        var posts = Enumerable.Range(1, 20).Select(i => new SelectionPost($"r{i:D2}", $"教研员岗位{i}", 1, i <= 14 ? 3 : 2)).ToList();
        var announcement = Cadres(posts) with
        {
            Title = "2017年教研员阳光选优",
            Eligibility = new EligibilityRule(),
            Weights = new StageWeights(40, 60),
            Timetable = new SelectionTimetable(new DateOnly(2017, 7, 3), new DateOnly(2017, 7, 7), new DateOnly(2017, 7, 12), new DateOnly(2017, 7, 15), new DateOnly(2017, 7, 22)),
        };
        var selection = new SelectionCase("researchers-2017", announcement, Shanghai);
        foreach (var (person, i) in county.Applicants.Select((p, i) => (p, i)))
        {
            Assert.Null(selection.Apply(person, posts[i % 20].Id, "教学研究经历", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2017, 7, 10, 9));
        foreach (var person in county.Applicants)
        {
            Assert.Null(selection.Decide(person.Id, true, "符合条件", "组织科", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2017, 7, 17, 9));
        Assert.Null(selection.TakeWrittenScores(selection.Eligible.Select((s, i) => (s, (decimal?)(50 + (i * 13 % 50)))).ToDictionary(x => x.s, x => x.Item2), clock.GetUtcNow()));
        Assert.Null(selection.DrawPanel(county.Judges, county.ById, [], 7, clock.GetUtcNow()));
        clock.SetUtcNow(At(2017, 7, 22, 8));
        foreach (var judge in selection.Panel!.Judges)
        {
            foreach (var (candidate, c) in selection.Interviewees.Select((x, c) => (x, c)))
            {
                Assert.Null(selection.Score(judge.JudgeId, candidate, 60 + (c * 11 % 40), clock.GetUtcNow()));
            }
        }

        var ranked = selection.Ranking();
        Assert.Equal(20, ranked.Count(r => r.Standing == Standing.Proposed));
        Assert.Equal(54, ranked.Count(r => r.Standing == Standing.Reserve));
        Assert.Equal(26, ranked.Count(r => r.Standing == Standing.NotSelected));
        Assert.All(posts, p => Assert.Equal(p.Reserve, ranked.Count(r => r.PostId == p.Id && r.Standing == Standing.Reserve)));
    }

    [Fact]
    public void BadInput_422NamingTheField_NothingChanged()
    {
        var clock = new FakeTimeProvider(At(2016, 12, 5, 9));
        var county = County.Build(applicants: 2, judges: 9);
        var selection = new SelectionCase("s", Cadres([new SelectionPost("p01", "岗位", 1)]), Shanghai);
        Assert.Null(selection.Apply(county.Applicants[0], "p01", "原来的简述", clock.GetUtcNow()));
        var before = selection.Applications["stf-0000"];

        var unknownPost = selection.Apply(county.Applicants[0], "p99", "新的简述", clock.GetUtcNow());
        var emptyStatement = selection.Apply(county.Applicants[1], "p01", " ", clock.GetUtcNow());

        Assert.Equal((422, "postId", "请选择公告中的岗位"), (unknownPost!.Status, unknownPost.Field, unknownPost.ReasonZh));
        Assert.Equal((422, "statement"), (emptyStatement!.Status, emptyStatement.Field));
        Assert.Equal(before, selection.Applications["stf-0000"]);
        Assert.False(selection.Applications.ContainsKey("stf-0001"));

        clock.SetUtcNow(At(2016, 12, 12, 9));
        var noReason = selection.Decide("stf-0000", false, "", "组织科", clock.GetUtcNow());
        Assert.Equal((422, "reason"), (noReason!.Status, noReason.Field));
        Assert.Empty(selection.Decisions);
    }

    [Fact]
    public void Refusals_LateDuplicateForged_HaveTheirOwnStatuses()
    {
        var clock = new FakeTimeProvider(At(2016, 12, 5, 9));
        var county = County.Build(applicants: 3, judges: 9);
        var selection = new SelectionCase("s", Cadres([new SelectionPost("p01", "岗位", 1)]), Shanghai);
        Assert.Equal(403, selection.Apply(county.Judges[0], "p01", "评委想报名", clock.GetUtcNow())!.Status);
        Assert.Equal(409, selection.Apply(county.Applicants[0], "p01", "太早", At(2016, 12, 4, 23))!.Status);

        Assert.Null(selection.Apply(county.Applicants[0], "p01", "简述", clock.GetUtcNow()));
        clock.SetUtcNow(At(2016, 12, 12, 9));
        Assert.Null(selection.Decide("stf-0000", false, "材料不全", "组织科", clock.GetUtcNow()));
        Assert.Equal(404, selection.Correct("stf-0002", "p01", "没报名的人", clock.GetUtcNow())!.Status);
        clock.SetUtcNow(At(2016, 12, 15, 0, 1));
        Assert.Equal(410, selection.Correct("stf-0000", "p01", "审查期后补正", clock.GetUtcNow())!.Status);
        Assert.False(selection.Applications["stf-0000"].CorrectionUsed);
    }

    [Theory]
    [InlineData(2017, 1, 24, 5, 2017, 2, 4)] // Spring Festival 1-27..2-2; Saturday 2-4 is a 调休 working day.
    [InlineData(2017, 1, 21, 5, 2017, 1, 26)] // A Saturday publication starts on the 调休 Sunday 1-22: 22, 23, 24, 25, 26.
    [InlineData(2017, 9, 28, 5, 2017, 10, 10)] // National Day and Mid-Autumn 10-1..10-8; Saturday 9-30 works: 28, 29, 30, 9, 10.
    public void StartNotice_OverAHoliday_CountsWorkingDaysOnTheSharedCalendar(int y, int m, int d, int days, int ey, int em, int ed)
    {
        var announcement = Cadres([new SelectionPost("p01", "岗位", 1)]) with { Timetable = SelectionRulesTests.Announcement().Timetable with { NoticeWorkingDays = days } };
        var selection = new SelectionCase("s", announcement, Shanghai);

        var ends = selection.StartNotice(At(y, m, d, 9), new WorkingDays(CalendarSeed.Schedules));

        Assert.Equal(new DateOnly(ey, em, ed), ends);
        Assert.Equal(410, selection.RaiseObjection("o1", "x", "异议", null, At(ey, em, ed + 1, 0, 1)).Refusal!.Status);
    }

    [Fact]
    public void FromFile_StoredBeforeNoticeRecords_PutsTheCandidatesInspectedBeforeTheNoticeOnIt_AndNotTheOneWhoMovedUpAfter()
    {
        var (selection, clock) = OnTheInterviewDay();
        var county = County.Build(applicants: 4, judges: 12);
        Assert.All(selection.Panel!.Judges, j => Assert.All(selection.Interviewees, c => Assert.Null(selection.Score(j.JudgeId, c, 80, clock.GetUtcNow()))));
        Assert.Equal(["stf-0000", "stf-0001"], selection.AwaitingInspection());
        Assert.All(selection.AwaitingInspection(), c => Assert.Null(selection.Inspect(c, true, "合格", clock.GetUtcNow())));
        clock.SetUtcNow(At(2016, 12, 26, 9));
        var ends = selection.StartNotice(clock.GetUtcNow(), new WorkingDays(CalendarSeed.Schedules));
        Assert.Null(selection.RaiseObjection("obj-1", "stf-0000", "异议", null, clock.GetUtcNow()).Refusal);
        Assert.Null(selection.Answer("obj-1", true, "查实", "组织科", clock.GetUtcNow()));
        Assert.Null(selection.Inspect("stf-0002", true, "合格", clock.GetUtcNow()));

        // As stored before each candidate's notice was recorded (the first version's files).
        var old = SelectionCase.FromFile(selection.ToFile() with { Notices = null }, Shanghai);

        Assert.Equal([KeyValuePair.Create("stf-0001", ends)], old.OnNotice);
        Assert.Equal(["stf-0002"], old.NotYetOnNotice());
        Assert.Equal(selection.OnNotice.OrderBy(n => n.Key), SelectionCase.FromFile(selection.ToFile(), Shanghai).OnNotice.OrderBy(n => n.Key));
        Assert.Null(old.Appoint(new DateTimeOffset(ends.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8))));
        Assert.Equal(["stf-0001", "stf-0002"], old.Appointed!.Select(a => a.StaffId).Order());
    }

    [Fact]
    public void Score_ASecondTimeForTheSameCandidate_Is409_AndTheFirstScoreStands()
    {
        var (selection, clock) = OnTheInterviewDay();
        string judge = selection.Panel!.Judges[0].JudgeId;
        Assert.Null(selection.Score(judge, "stf-0000", 80, clock.GetUtcNow()));

        var again = selection.Score(judge, "stf-0000", 95, clock.GetUtcNow());

        Assert.Equal((409, "score"), (again!.Status, again.Field));
        Assert.Equal([new EduFlows.Scoring.JudgeScore(judge, "stf-0000", 80)], selection.InterviewScores);
    }

    [Fact]
    public void Score_ByAJudgeNotOnThePanel_Is403_AndNothingIsTaken()
    {
        var (selection, clock) = OnTheInterviewDay();
        string outsider = County.Build(applicants: 4, judges: 12).Judges.Select(j => j.Id).First(j => selection.Panel!.Judges.All(p => p.JudgeId != j));

        var forged = selection.Score(outsider, "stf-0000", 100, clock.GetUtcNow());

        Assert.Equal((403, "judgeId"), (forged!.Status, forged.Field));
        Assert.Empty(selection.InterviewScores);
    }

    [Fact]
    public void Report_AgeStructureBeforeAndAfter_ExactFigures_InTheExcelExport_AndAnAppointeeAlreadyInTheBodyCountsOnce()
    {
        var (selection, clock) = OnTheInterviewDay();
        var county = County.Build(applicants: 4, judges: 12);
        Assert.All(selection.Panel!.Judges, j => Assert.All(selection.Interviewees, c => Assert.Null(selection.Score(j.JudgeId, c, 80, clock.GetUtcNow()))));
        Assert.All(selection.AwaitingInspection(), c => Assert.Null(selection.Inspect(c, true, "合格", clock.GetUtcNow())));
        var ends = selection.StartNotice(At(2016, 12, 26, 9), new WorkingDays(CalendarSeed.Schedules));
        Assert.Null(selection.Appoint(new DateTimeOffset(ends.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8))));
        Assert.Equal(["stf-0000", "stf-0001"], selection.Appointed!.Select(a => a.StaffId).Order());

        // The body: the 40 leaders (20 aged 57, 20 aged 47 on 2017-01-03) and stf-0001 (born 1979-03-01, 37), already a leader.
        var body = county.Leaders.Append(county.ById["stf-0001"]).ToList();
        var report = SelectionReport.Of(selection, county.ById, body, new DateOnly(2017, 1, 3));

        // Before: 41 people, (20 × 57 + 20 × 47 + 37) / 41 = 2117 / 41 = 51.63 → 51.6, 20 over 52.
        // After: stf-0000 (born 1978-03-01, 38) added, stf-0001 not twice: 42 people, 2155 / 42 = 51.31 → 51.3, 20 over 52.
        Assert.Equal(new AgeStructure(41, 51.6m, 20), report.Before);
        Assert.Equal(new AgeStructure(42, 51.3m, 20), report.After);
        Assert.Equal((4, 4), (report.Applicants, report.Eligible));

        using var file = new MemoryStream();
        report.Export(file, RosterFile.Format.Xlsx);
        file.Position = 0;
        var (_, exportRows) = RosterFile.Read(file, RosterFile.Format.Xlsx);
        var figures = exportRows.Skip(4).Select(r => string.Join("|", SelectionReport.Columns.Select(c => r.Cells.GetValueOrDefault(c) ?? string.Empty).Take(6))).ToList();
        Assert.Equal(["报名人数|4|资格审查通过|4||", "选拔前|41 人|平均年龄|51.6|52 岁以上|20", "选拔后|42 人|平均年龄|51.3|52 岁以上|20"], figures);
    }

    // Two posts, four eligible applicants with written scores, a panel of one judge per group drawn; the clock on the interview day.
    private static (SelectionCase Selection, FakeTimeProvider Clock) OnTheInterviewDay()
    {
        var clock = new FakeTimeProvider(At(2016, 12, 5, 9));
        var county = County.Build(applicants: 4, judges: 12);
        var selection = new SelectionCase("s", Cadres([new SelectionPost("p01", "岗位一", 1), new SelectionPost("p02", "岗位二", 1)]), Shanghai);
        foreach (var (person, i) in county.Applicants.Select((p, i) => (p, i)))
        {
            Assert.Null(selection.Apply(person, i % 2 == 0 ? "p01" : "p02", "简述", clock.GetUtcNow()));
        }

        clock.SetUtcNow(At(2016, 12, 12, 9));
        Assert.All(county.Applicants, p => Assert.Null(selection.Decide(p.Id, true, "符合条件", "组织科", clock.GetUtcNow())));
        clock.SetUtcNow(At(2016, 12, 19, 9));
        Assert.Null(selection.TakeWrittenScores(new Dictionary<string, decimal?> { ["stf-0000"] = 90, ["stf-0001"] = 90, ["stf-0002"] = 80, ["stf-0003"] = 80 }, clock.GetUtcNow()));
        Assert.Null(selection.DrawPanel(county.Judges, county.ById, [], 7, clock.GetUtcNow()));
        clock.SetUtcNow(At(2016, 12, 24, 8));
        return (selection, clock);
    }

    private static SelectionAnnouncement Cadres(IReadOnlyList<SelectionPost> posts) => SelectionRulesTests.Announcement() with { Posts = posts, Eligibility = new EligibilityRule { MaxAge = 45 } };

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>A county for the tests: applicants (every 15th too old), external judges in three groups, the 40 leaders in post.</summary>
    private sealed record County(IReadOnlyList<StaffMember> Applicants, StaffMember Late, IReadOnlyList<StaffMember> Judges, IReadOnlyList<StaffMember> Leaders, IReadOnlyDictionary<string, StaffMember> ById, int TooOld)
    {
        public static County Build(int applicants, int judges, int leadersBorn = 1960)
        {
            var people = Enumerable.Range(0, applicants).Select(i => new StaffMember
            {
                Id = $"stf-{i:D4}", Name = $"应聘人{i}", Gender = i % 2 == 0 ? "female" : "male", Post = "teacher",
                SchoolId = $"sch-{i % 12}", BirthDate = new DateOnly(i % 15 == 14 ? 1965 : 1978 + (i % 10), 3, 1), Title = "first-grade",
            }).ToList();
            var pool = Enumerable.Range(0, judges).Select(i => new StaffMember
            {
                Id = $"ext-{i:D3}", Name = $"评委{i}", Gender = "male", Post = PanelDraw.Groups[i % 3],
                // Some retired principals come from a school with an applicant: they may not judge.
                SchoolId = i % 3 == 1 && i % 2 == 1 ? $"sch-{i % 12}" : null,
            }).ToList();
            // 40 leaders in post, half born in leadersBorn and half in 1970: for 1960, ages 57 and 47 on 2017-01-03, average 52.0, 20 over 52.
            var leaders = Enumerable.Range(0, 40).Select(i => new StaffMember
            {
                Id = $"ldr-{i:D3}", Name = $"中层{i}", Gender = "male", Post = "mid-level-leader", BirthDate = new DateOnly(i % 2 == 0 ? leadersBorn : 1970, 1, 1),
            }).ToList();
            var late = new StaffMember { Id = "stf-late", Name = "迟到者", Gender = "male", Post = "teacher" };
            var all = people.Concat(pool).Concat(leaders).Append(late).ToDictionary(p => p.Id, StringComparer.Ordinal);
            return new County(people, late, pool, leaders, all, people.Count(p => p.BirthDate!.Value.Year == 1965));
        }
    }
}
