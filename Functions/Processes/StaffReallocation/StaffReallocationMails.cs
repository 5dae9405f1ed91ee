using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The wording of the result mail (pure; rendered by the standard Razor mail template and sent through the outbox).</summary>
public static class StaffReallocationMails
{
    /// <summary>A person's result: the post, the round and the rule that decided it; or, unplaced, the reasons and the bureau's decision.</summary>
    /// <param name="reallocationId">The reallocation.</param>
    /// <param name="person">The person's record.</param>
    /// <param name="to">The person in the directory.</param>
    /// <param name="culture">The mail's language.</param>
    /// <param name="appealLink">The person's own signed link to bring an appeal during an appeal window, if any.</param>
    /// <param name="schoolName">A school's name from its id (the directory's); without it, the id.</param>
    public static MailContent Result(string reallocationId, PersonRecord person, StaffMember to, string culture, Uri? appealLink = null, Func<string, string>? schoolName = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(to);
        bool en = Languages.IsEnglish(culture);
        var school = schoolName ?? (id => id);
        var details = new List<KeyValuePair<string, string>> { new(en ? "Reallocation" : "县管校聘", reallocationId) };
        var paragraphs = new List<string>();
        if (person.Placement is { } placed)
        {
            paragraphs.Add(en
                ? $"You are placed on post {placed.PostId} ({placed.SchoolId}, {placed.Section} {placed.Subject()})."
                : $"您已聘任至{school(placed.SchoolId)}的{DirectoryVocabulary.SectionName(placed.Section)}{DirectoryVocabulary.SubjectName(placed.Subject())}岗位。");
            details.Add(new(en ? "Round" : "轮次", RoundName(placed.Round, en)));
            details.Add(new(en ? "Rule" : "依据规则", RuleName(placed.Rule, en)));
            // The rule's own words are English (the office's trace keeps them); a Chinese reader gets them in Chinese. The
            // bureau's decision carries the office's own note.
            string why = en ? placed.Detail
                : placed.Rule == PlacementRule.BureauDecision ? PlacementWords.BureauDecision(placed.Detail, school)
                : PlacementWords.Detail(placed.Detail, school) ?? NotWorded;
            if (why.Trim().Length > 0)
            {
                details.Add(new(en ? "Why" : "说明", why));
            }
            if (placed.Rule == PlacementRule.BureauDecision)
            {
                paragraphs.Add(en ? "You were not placed in any round (落聘); the bureau decided your case and assigned you to this post." : "您在各轮竞聘中均未聘上岗位（落聘），经教育局研究决定，调剂到上述岗位。");
                paragraphs.AddRange(person.Unplaced is { } reasons ? Unplaced(reasons, en, school) : []);
                if (person.BureauDecision is { } decided)
                {
                    paragraphs.Add(en ? "The bureau's decision: " + decided : "教育局处理决定：" + Decision(decided, school));
                }
            }

            if (placed.Moved)
            {
                details.Add(new(en ? "From school" : "原学校", en ? placed.FromSchoolId : school(placed.FromSchoolId)));
            }
        }
        else if (person.Unplaced is { } unplaced)
        {
            paragraphs.Add(en ? "You were not placed in any round (落聘). The reasons recorded:" : "您在各轮竞聘中均未聘上岗位（落聘），记录的原因如下：");
            paragraphs.AddRange(Unplaced(unplaced, en, school));
            paragraphs.Add(person.BureauDecision is { } decided
                ? (en ? "The bureau's decision: " + decided : "教育局处理决定：" + Decision(decided, school))
                : (en ? "The bureau decides your case and will write to you." : "教育局将对您的情况作出处理并另行通知。"));
            details.Add(new(en ? "Rule" : "依据规则", en ? "unplaced after the cross-school round" : "跨校竞聘后仍未聘上"));
        }
        else
        {
            paragraphs.Add(en ? "Your result of this round was undone after an appeal; you take part in the next rounds." : "经申诉复核，您本轮的结果已撤销，您将参加后续轮次。");
        }

        paragraphs.Add(appealLink is null
            ? (en ? "You may appeal within the appeal window after each round." : "对本轮结果有异议的，可在申诉期内提出申诉。")
            : (en ? "You may appeal within the appeal window after each round, yourself, with the link below or signed in." : "对本轮结果有异议的，可在申诉期内通过下方链接（或登录后）本人提出申诉。"));
        return new MailContent(
            culture,
            en ? $"[Staff reallocation] Your result ({reallocationId})" : $"【县管校聘】您的聘任结果（{reallocationId}）",
            TaskMails.Greeting(to.Name, en),
            paragraphs,
            details,
            appealLink is null ? null : en ? "Appeal" : "提出申诉",
            appealLink,
            TaskMails.Footer(en));
    }

    /// <summary>What a Chinese mail says for a rule's line of a form no rule writes (never the English line itself).</summary>
    public const string NotWorded = "（说明见教育局的记录，可向教育局查询）";

    // The rule's lines in English; in Chinese from the reasons as the rule found them (an older case's lines read).
    private static IEnumerable<string> Unplaced(UnplacedCase unplaced, bool en, Func<string, string> school) =>
        en ? unplaced.Reasons : PlacementWords.UnplacedReasons(unplaced, id => PlacementWords.PostName(id, school)).Select(r => r ?? NotWorded);

    private static string Decision(string decided, Func<string, string> school) => PlacementWords.BureauDecision(decided, school);

    /// <summary>A round's name, zh-CN first (<see cref="ReallocationNames.RoundName"/>).</summary>
    public static string RoundName(Round round, bool en) => en ? ReallocationNames.RoundName(round).En : ReallocationNames.RoundName(round).Zh;

    /// <summary>A rule's name, zh-CN first.</summary>
    public static string RuleName(PlacementRule rule, bool en) => rule switch
    {
        PlacementRule.DirectLeadership => en ? "direct appointment: leadership post, confirmed by the principal" : "直接聘用：学校领导岗位，经校长确认",
        PlacementRule.DirectNearRetirement => en ? "direct appointment: near retirement, confirmed by the principal" : "直接聘用：临近退休，经校长确认",
        PlacementRule.SupportVolunteer => en ? "support teaching: volunteer, by points" : "支教交流：自愿报名，按积分",
        PlacementRule.SupportRota => en ? "support teaching: rota, by points" : "支教交流：轮岗名单，按积分",
        PlacementRule.InSchoolByPoints => en ? "in-school competition by points (the school gave no ranking)" : "校内竞聘：按积分（学校未提交排序）",
        PlacementRule.InSchoolBySchoolRanking => en ? "in-school competition by the school's ranking" : "校内竞聘：按学校排序",
        PlacementRule.InSchoolOptionKept => en ? "cross-school competition: in-school post kept" : "跨校竞聘：保留校内岗位",
        PlacementRule.DeferredAcceptance => en ? "cross-school competition: deferred acceptance, the school ordering you by points" : "跨校竞聘：延迟接受算法，学校按积分排序",
        PlacementRule.DeferredAcceptanceBySchoolRanking => en ? "cross-school competition: deferred acceptance, by the school's own ranking" : "跨校竞聘：延迟接受算法，按学校排序",
        PlacementRule.Swap => en ? "cross-school competition: mutually better exchange" : "跨校竞聘：互利交换",
        PlacementRule.BureauDecision => en ? "unplaced: assigned by the bureau's decision" : "落聘处理：教育局决定调剂",
        _ => rule.ToString(),
    };

    private static string Subject(this Placement placement) =>
        placement.PostId.Split(':') is [_, _, var subject] ? subject : string.Empty;
}
