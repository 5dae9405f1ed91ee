using EduFlows.Hosting;

namespace EduFlows.Processes.OpenSelection;

/// <summary>What the bureau publishes (选拔公告): the posts, who may apply, the stages and weights, and the timetable.</summary>
public sealed record SelectionAnnouncement
{
    /// <summary>The selection's title, e.g. 2017年教育局中层干部阳光选优.</summary>
    public required string Title { get; init; }

    /// <summary>The posts with their counts (and reserve places).</summary>
    public required IReadOnlyList<SelectionPost> Posts { get; init; }

    /// <summary>Who may apply.</summary>
    public EligibilityRule Eligibility { get; init; } = new();

    /// <summary>The stages' weights.</summary>
    public required StageWeights Weights { get; init; }

    /// <summary>The timetable.</summary>
    public required SelectionTimetable Timetable { get; init; }

    /// <summary>Judges drawn from each of the three groups (experts, retired principals, retired cadres); default 3, so 9 judges.</summary>
    public int JudgesPerGroup { get; init; } = 3;

    /// <summary>What is wrong with the announcement, by field (empty when it can be published on <paramref name="today"/>).</summary>
    public IReadOnlyList<FieldError> Validate(DateOnly today)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 100)
        {
            errors.Add(new("title", "must be 1 to 100 characters.") { ReasonZh = "公告标题须为 1 至 100 个字符" });
        }

        if (Posts is null || Posts.Count == 0 || Posts.Count > 200)
        {
            errors.Add(new("posts", "must list 1 to 200 posts.") { ReasonZh = "须列出 1 至 200 个岗位" });
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Posts.Count; i++)
            {
                var post = Posts[i];
                if (string.IsNullOrWhiteSpace(post.Id) || !seen.Add(post.Id))
                {
                    errors.Add(new($"posts[{i}].id", "must be given and unique.") { ReasonZh = "岗位编号不能为空，也不能重复" });
                }

                if (string.IsNullOrWhiteSpace(post.Name))
                {
                    errors.Add(new($"posts[{i}].name", "must be given.") { ReasonZh = "岗位名称不能为空" });
                }

                if (post.Count is < 1 or > 100)
                {
                    errors.Add(new($"posts[{i}].count", "must be 1 to 100.") { ReasonZh = "岗位职数须为 1 至 100" });
                }

                if (post.Reserve is < 0 or > 200)
                {
                    errors.Add(new($"posts[{i}].reserve", "must be 0 to 200.") { ReasonZh = "后备名额须为 0 至 200" });
                }
            }
        }

        errors.AddRange((Eligibility ?? new()).Validate("eligibility."));
        if (Weights is null)
        {
            errors.Add(new("weights", "must be given.") { ReasonZh = "须给出各环节权重" });
        }
        else
        {
            if (Weights.Written < 0 || Weights.Interview <= 0 || Weights.PerformanceReview < 0)
            {
                errors.Add(new("weights.interview", "the interview must weigh more than 0 and no weight may be negative.") { ReasonZh = "面试权重须大于 0，各权重不能为负" });
            }
            else if (Weights.Written + Weights.Interview + Weights.PerformanceReview != 100)
            {
                errors.Add(new("weights", $"must add up to 100, not {Weights.Written + Weights.Interview + Weights.PerformanceReview}.") { ReasonZh = $"各环节权重之和须为 100，现为 {Weights.Written + Weights.Interview + Weights.PerformanceReview}" });
            }
        }

        if (Timetable is null)
        {
            errors.Add(new("timetable", "must be given.") { ReasonZh = "须给出日程安排" });
        }
        else
        {
            var t = Timetable;
            if (t.ApplicationsOpen < today)
            {
                errors.Add(new("timetable.applicationsOpen", "must not be in the past.") { ReasonZh = "报名开始日期不能早于今天" });
            }

            if (t.ApplicationsClose < t.ApplicationsOpen)
            {
                errors.Add(new("timetable.applicationsClose", "must not be before applicationsOpen.") { ReasonZh = "报名截止日期不能早于报名开始日期" });
            }

            if (t.ReviewCloses < t.ApplicationsClose)
            {
                errors.Add(new("timetable.reviewCloses", "must not be before applicationsClose.") { ReasonZh = "资格审查截止日期不能早于报名截止日期" });
            }

            if (t.WrittenTestOn <= t.ReviewCloses)
            {
                errors.Add(new("timetable.writtenTestOn", "must be after reviewCloses.") { ReasonZh = "笔试日期须在资格审查截止之后" });
            }

            if (t.InterviewOn <= t.WrittenTestOn)
            {
                errors.Add(new("timetable.interviewOn", "must be after writtenTestOn.") { ReasonZh = "面试日期须在笔试之后" });
            }

            if (t.NoticeWorkingDays is < 5 or > 30)
            {
                errors.Add(new("timetable.noticeWorkingDays", "must be 5 to 30 working days.") { ReasonZh = "公示期须为 5 至 30 个工作日" });
            }
        }

        if (JudgesPerGroup is < 1 or > 10)
        {
            errors.Add(new("judgesPerGroup", "must be 1 to 10.") { ReasonZh = "每组评委人数须为 1 至 10" });
        }

        return errors;
    }
}
