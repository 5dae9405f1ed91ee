using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The wording of the points mail: a person's breakdown, line by line in zh-CN, and how to object. Pure.</summary>
public static class PointsMails
{
    /// <summary>The mail's subject (zh-CN).</summary>
    public static string Subject(string reallocationId) => $"【县管校聘】您的积分明细（{reallocationId}）";

    /// <summary>The person's breakdown, the formula version, and (while objections are taken) the link to object; after a decision, the decision.</summary>
    public static MailContent Breakdown(string reallocationId, string? formulaVersion, PersonRecord person, StaffMember to, string culture, Uri? objectionLink, string? decision)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(to);
        bool en = Languages.IsEnglish(culture);
        var points = person.Breakdown;
        var details = new List<KeyValuePair<string, string>> { new(en ? "Reallocation" : "县管校聘", reallocationId) };
        foreach (var item in points?.Items ?? [])
        {
            details.Add(new(Label(item.Item), Invariant($"{Basis(item)}：{item.Points} 分")));
        }

        details.Add(new(en ? "Total (rank)" : "总积分（全县名次）", Invariant($"{person.Participant.Points} 分（第 {person.Participant.PointsRank} 名）")));
        details.Add(new(en ? "Formula version" : "积分办法版本", formulaVersion ?? points?.FormulaVersion ?? "-"));
        var paragraphs = new List<string>();
        if (decision is not null)
        {
            paragraphs.Add("您对积分提出的异议已由教育局处理：" + decision);
            paragraphs.Add("处理后的积分明细如下，后续各轮竞聘均按此积分进行。");
        }
        else
        {
            paragraphs.Add("本次县管校聘的积分已按公布的积分办法计算，您的积分明细如下。");
            paragraphs.Add(objectionLink is null
                ? "对积分有异议的，请在异议期内向教育局提出。"
                : "对积分有异议的，请在异议期内通过下方链接（或登录后）本人提出，写明哪一项有误及理由；教育局核实后答复，成立的将更正积分。");
        }

        return new MailContent(
            culture,
            Subject(reallocationId),
            TaskMails.Greeting(to.Name, en),
            paragraphs,
            details,
            objectionLink is null ? null : "提出积分异议",
            objectionLink,
            TaskMails.Footer(en));
    }

    /// <summary>A breakdown line's name in zh-CN.</summary>
    public static string Label(string item) => item switch
    {
        "service" => "工龄",
        "title" => "职称",
        "assessment-1" => "最近一年考核",
        "assessment-2" => "前一年考核",
        "support-teaching" => "支教",
        "hardship" => "艰苦边远",
        "family" => "家庭情况",
        _ => item,
    };

    // What the line was computed from, in zh-CN (the stored basis is the rule's own wording).
    private static string Basis(PointsItem item)
    {
        string count = item.Basis.Split(' ')[0];
        return item.Item switch
        {
            "service" or "support-teaching" or "hardship" => $"{count} 年",
            "family" => $"{count} 件",
            "title" => item.Basis switch
            {
                "third-grade" => "三级教师",
                "second-grade" => "二级教师",
                "first-grade" => "一级教师",
                "senior" => "高级教师",
                "professor-level" => "正高级教师",
                _ => "无职称",
            },
            _ when item.Item.StartsWith("assessment-", StringComparison.Ordinal) => AssessmentWords.Zh(item.Basis),
            _ => item.Basis,
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
