using EduFlows.Scoring;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The schemes used until the office stores its own (version 1 of each section). The seed names the four A-level
/// indicators and says there are 22 secondary ones, but gives no weights, points or targets: these are ours, listed
/// in the README.
/// </summary>
public static class DefaultSchemes
{
    /// <summary>The default scheme of a section.</summary>
    /// <exception cref="ArgumentException">For a section other than primary, junior or senior.</exception>
    public static ResearcherScheme For(string section)
    {
        var (lessons, transition) = section switch
        {
            "primary" => (45, "学段衔接指导"),
            "junior" => (40, "中考备考指导"),
            "senior" => (30, "高考备考指导"),
            _ => throw new ArgumentException($"'{section}' is not a research section.", nameof(section)),
        };

        return new ResearcherScheme(
            section,
            1,
            [
                new("quality", "学科教学质量", 35),
                new("routine", "教学常规落实", 25),
                new("growth", "个人专业发展", 20),
                new("satisfaction", "基层学校满意度", 20),
            ],
            [
                new("q-monitoring", "quality", "学业质量监测成绩", 20, IndicatorSource.Reviewed),
                new("q-classroom", "quality", "课堂教学指导成效", 15, IndicatorSource.Reviewed),
                new("q-lessons", "quality", "听课评课", 15, IndicatorSource.Counted) { RecordKind = RecordKinds.LessonObserved, Target = lessons },
                new("q-exams", "quality", "命题与质量分析", 10, IndicatorSource.Reviewed),
                new("q-weak-schools", "quality", "薄弱学校帮扶", 10, IndicatorSource.Counted) { RecordKind = RecordKinds.SchoolVisit, Target = 8 },
                new("q-transition", "quality", transition, 10, IndicatorSource.Reviewed),
                new("r-visits", "routine", "教学常规视导", 15, IndicatorSource.Counted) { RecordKind = RecordKinds.SchoolVisit, Target = 16 },
                new("r-lesson-prep", "routine", "集体备课指导", 10, IndicatorSource.Reviewed),
                new("r-homework", "routine", "作业与评价改革", 10, IndicatorSource.Reviewed),
                new("r-activities", "routine", "教研活动组织", 10, IndicatorSource.Reviewed),
                new("r-records", "routine", "教研资料建设与上报", 5, IndicatorSource.Reviewed),
                new("r-rules", "routine", "常规制度执行", 10, IndicatorSource.Reviewed),
                new("g-projects", "growth", "课题研究", 15, IndicatorSource.Counted) { RecordKind = RecordKinds.ResearchProject, Target = 1 },
                new("g-lectures", "growth", "专题讲座与示范课", 10, IndicatorSource.Counted) { RecordKind = RecordKinds.Lecture, Target = 4 },
                new("g-papers", "growth", "论文与著作", 10, IndicatorSource.Reviewed),
                new("g-mentoring", "growth", "指导青年教师", 10, IndicatorSource.Counted) { RecordKind = RecordKinds.TeacherGuidance, Target = 10 },
                new("g-study", "growth", "学习与培训", 5, IndicatorSource.Reviewed),
                new("g-ethics", "growth", "师德与作风", 10, IndicatorSource.Reviewed),
                new("s-effect", "satisfaction", "指导实效", 10, IndicatorSource.Satisfaction),
                new("s-attitude", "satisfaction", "服务态度", 10, IndicatorSource.Satisfaction),
                new("s-conduct", "satisfaction", "工作作风", 10, IndicatorSource.Satisfaction),
                new("s-solving", "satisfaction", "问题解决", 10, IndicatorSource.Satisfaction),
            ],
            [
                new("honour", "荣誉表彰", new Dictionary<string, decimal> { ["county"] = 1, ["city"] = 2, ["provincial"] = 3, ["national"] = 5 }),
                new("innovation", "创新成果", new Dictionary<string, decimal> { ["county"] = 1, ["city"] = 2, ["provincial"] = 4, ["national"] = 6 }),
            ],
            8,
            new PanelRule());
    }
}
