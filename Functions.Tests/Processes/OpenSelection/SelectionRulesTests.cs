using EduFlows.Processes.OpenSelection;
using EduFlows.Scoring;
using EduFlows.StaffDirectory;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>The selection's pure rules: the announcement, eligibility, interview scores, ranking, removals and age structure.</summary>
public sealed class SelectionRulesTests
{
    private static readonly DateOnly Today = new(2016, 12, 1);

    [Fact]
    public void Validate_GoodAnnouncement_HasNoErrors()
    {
        Assert.Empty(Announcement().Validate(Today));
    }

    [Theory]
    [InlineData("weights", "各环节权重之和须为 100，现为 90")]
    [InlineData("posts[1].id", "岗位编号不能为空，也不能重复")]
    [InlineData("posts[0].count", "岗位职数须为 1 至 100")]
    [InlineData("timetable.noticeWorkingDays", "公示期须为 5 至 30 个工作日")]
    [InlineData("timetable.interviewOn", "面试日期须在笔试之后")]
    [InlineData("eligibility.minTitle", "职称须为未定级、三级教师、二级教师、一级教师、高级教师或正高级教师之一")]
    [InlineData("eligibility.sections[0]", "“college”不是学段")]
    [InlineData("timetable.applicationsOpen", "报名开始日期不能早于今天")]
    public void Validate_OneBadField_NamesItInChinese(string field, string reasonZh)
    {
        var good = Announcement();
        var bad = field switch
        {
            "weights" => good with { Weights = new StageWeights(30, 60) },
            "posts[1].id" => good with { Posts = [good.Posts[0], good.Posts[0] with { Name = "另一岗位" }] },
            "posts[0].count" => good with { Posts = [good.Posts[0] with { Count = 0 }] },
            "timetable.noticeWorkingDays" => good with { Timetable = good.Timetable with { NoticeWorkingDays = 4 } },
            "timetable.interviewOn" => good with { Timetable = good.Timetable with { InterviewOn = good.Timetable.WrittenTestOn } },
            "eligibility.minTitle" => good with { Eligibility = good.Eligibility with { MinTitle = "doctor" } },
            "eligibility.sections[0]" => good with { Eligibility = good.Eligibility with { Sections = ["college"] } },
            _ => good with { Timetable = good.Timetable with { ApplicationsOpen = Today.AddDays(-1) } },
        };

        var error = Assert.Single(bad.Validate(Today));
        Assert.Equal(field, error.Field);
        Assert.Equal(reasonZh, error.ReasonZh);
    }

    [Fact]
    public void Check_EveryUnmetCondition_IsOneChineseReason()
    {
        var rule = new EligibilityRule { MaxAge = 45, MinTitle = "first-grade", MinYearsInPost = 3, Sections = ["junior", "senior"] };
        var applicant = new StaffMember
        {
            Id = "stf-1", Name = "王", Gender = "male", Post = "teacher", Title = "second-grade",
            BirthDate = new DateOnly(1970, 12, 1), PostSince = new DateOnly(2015, 1, 1),
        };

        var reasons = rule.Check(applicant, "primary", new DateOnly(2016, 12, 30));

        Assert.Equal(["年龄 46 周岁，超过 45 周岁的上限", "职称为二级教师，须为一级教师及以上", "任现职 1 年，须满 3 年", "所在学段为小学，须为初中、高中"], reasons);
    }

    [Fact]
    public void Check_BirthdayTheDayAfter_StillWithinTheAgeLimit_AndAllMet()
    {
        var rule = new EligibilityRule { MaxAge = 45, MinTitle = "first-grade", MinYearsInPost = 3, Sections = ["junior"] };
        var applicant = new StaffMember
        {
            Id = "stf-1", Name = "王", Gender = "male", Post = "teacher", Title = "senior",
            BirthDate = new DateOnly(1970, 12, 31), PostSince = new DateOnly(2013, 12, 30),
        };

        Assert.Empty(rule.Check(applicant, "junior", new DateOnly(2016, 12, 30)));
        Assert.Equal(["年龄 46 周岁，超过 45 周岁的上限"], rule.Check(applicant, "junior", new DateOnly(2016, 12, 31)));
    }

    [Fact]
    public void Interview_SevenJudges_TrimmedMeanAndOutlierFlag_ExactValues()
    {
        var scores = new[] { ("j1", 85m), ("j2", 88m), ("j3", 86m), ("j4", 90m), ("j5", 84m), ("j6", 87m), ("j7", 60m) }
            .Select(s => new JudgeScore(s.Item1, "stf-1", s.Item2)).ToList();

        var outcome = InterviewScoring.Combine(["stf-1"], scores);

        // Without 90 (j4) and 60 (j7): (85 + 88 + 86 + 84 + 87) / 5 = 86.
        Assert.Equal(86m, outcome.ScoreOf("stf-1"));
        Assert.Equal(["j4", "j7"], outcome.Candidates[0].DroppedJudges);
        // j7's 60 is 26.67 below the others' mean of 86.67: more than 20 points, flagged.
        Assert.Equal([new JudgeFlag("j7", "stf-1", 60m, 86.67m)], outcome.Flags);
    }

    [Fact]
    public void VisibleTo_BeforeSubmitting_NothingAfter_Everyone()
    {
        var scores = new List<JudgeScore> { new("j1", "c1", 80), new("j2", "c1", 90), new("j2", "c2", 70) };

        Assert.Empty(InterviewScoring.VisibleTo("j1", "c2", scores));
        Assert.Equal(2, InterviewScoring.VisibleTo("j1", "c1", scores).Count);
    }

    [Fact]
    public void Rank_ByWeights_ThenInterview_ThenWritten_ThenId()
    {
        var weights = new StageWeights(40, 60);
        var posts = new[] { new SelectionPost("p1", "副科长", 1, 1) };
        var scores = new[]
        {
            new CandidateScores("c-a", "p1", 90, 80),   // 84.00
            new CandidateScores("c-b", "p1", 80, 86.67m), // 84.00 (84.002 → 84.00), higher interview
            new CandidateScores("c-c", "p1", 70, 90),   // 82.00
            new CandidateScores("c-d", "p1", null, 95), // absent from the written test
            new CandidateScores("c-e", "p1", 70, 90),   // 82.00, same as c-c: by id
        };

        var ranked = SelectionRanking.Rank(posts, weights, scores, new Dictionary<string, string>());

        Assert.Equal(
            [
                new RankedCandidate("c-d", "p1", null, null, Standing.Absent),
                new RankedCandidate("c-b", "p1", 84.00m, 1, Standing.Proposed),
                new RankedCandidate("c-a", "p1", 84.00m, 2, Standing.Reserve),
                new RankedCandidate("c-c", "p1", 82.00m, 3, Standing.NotSelected),
                new RankedCandidate("c-e", "p1", 82.00m, 4, Standing.NotSelected),
            ],
            ranked);
    }

    [Fact]
    public void Rank_UpheldObjection_RemovesTheCandidate_AndTheNextMovesUp()
    {
        var posts = new[] { new SelectionPost("p1", "副科长", 1, 1) };
        var scores = new[] { new CandidateScores("c-a", "p1", 90, 90), new CandidateScores("c-b", "p1", 80, 80), new CandidateScores("c-c", "p1", 70, 70) };

        var ranked = SelectionRanking.Rank(posts, new StageWeights(40, 60), scores, new Dictionary<string, string> { ["c-a"] = "公示期间异议查实" });

        Assert.Equal(new RankedCandidate("c-a", "p1", 90m, null, Standing.Removed, "公示期间异议查实"), ranked[0]);
        Assert.Equal(new RankedCandidate("c-b", "p1", 80m, 1, Standing.Proposed), ranked[1]);
        Assert.Equal(new RankedCandidate("c-c", "p1", 70m, 2, Standing.Reserve), ranked[2]);
    }

    [Fact]
    public void Rank_WithPerformanceReview_WeighsAllThree()
    {
        var posts = new[] { new SelectionPost("p1", "教研员", 1) };
        var scores = new[] { new CandidateScores("c-a", "p1", 81, 87, 93), new CandidateScores("c-b", "p1", 81, 87) };

        var ranked = SelectionRanking.Rank(posts, new StageWeights(30, 50, 20), scores, new Dictionary<string, string>());

        // 81 × 0.3 + 87 × 0.5 + 93 × 0.2 = 24.3 + 43.5 + 18.6 = 86.4; c-b has no review score: absent.
        Assert.Equal(86.40m, ranked.Single(r => r.StaffId == "c-a").Total);
        Assert.Equal(Standing.Absent, ranked.Single(r => r.StaffId == "c-b").Standing);
    }

    [Fact]
    public void AgeStructure_AverageAndOver52()
    {
        var day = new DateOnly(2017, 1, 3);
        var people = new[] { 1960, 1964, 1980, 1985 }.Select((y, i) => new StaffMember { Id = $"s{i}", Name = "张", Gender = "male", Post = "mid-level-leader", BirthDate = new DateOnly(y, 6, 1) })
            .Append(new StaffMember { Id = "s9", Name = "李", Gender = "female", Post = "mid-level-leader" });

        var structure = AgeStructure.Of(people, day);

        // Ages 56, 52, 36, 31: average 43.75 → 43.8; only 56 is over 52.
        Assert.Equal(new AgeStructure(5, 43.8m, 1), structure);
    }

    internal static SelectionAnnouncement Announcement() => new()
    {
        Title = "2017年教育局中层干部阳光选优",
        Posts = [new SelectionPost("p01", "人事科副科长", 1), new SelectionPost("p02", "教研室副主任", 2)],
        Eligibility = new EligibilityRule { MaxAge = 45, MinTitle = "first-grade", MinYearsInPost = 3 },
        Weights = new StageWeights(40, 60),
        Timetable = new SelectionTimetable(new DateOnly(2016, 12, 5), new DateOnly(2016, 12, 9), new DateOnly(2016, 12, 14), new DateOnly(2016, 12, 17), new DateOnly(2016, 12, 24)),
    };
}
