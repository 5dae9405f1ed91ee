using EduFlows.Tasks;

namespace EduFlows.Processes.Secondment;

/// <summary>The e-mailed tasks of an exchange or secondment.</summary>
public static class SecondmentTasks
{
    /// <summary>The grades of the evaluations, in the bureau's words.</summary>
    public static readonly IReadOnlyList<TaskFieldOption> Grades =
    [
        new("excellent", new LocalizedText("优秀", "Excellent")),
        new("good", new LocalizedText("良好", "Good")),
        new("pass", new LocalizedText("合格", "Pass")),
        new("fail", new LocalizedText("不合格", "Fail")),
    ];

    /// <summary>The person and both units' heads agree to the assignment, or decline it.</summary>
    public static readonly TaskKind Consent = new(
        "secondment-consent",
        new LocalizedText("交流挂职意见征求", "Agree to an exchange or secondment"),
        new LocalizedText("教育局拟安排以下交流/挂职，请表明是否同意。本人、派出单位和接收单位均同意后方可实施。", "The bureau proposes the assignment above. Please say whether you agree; it goes ahead only when the person and both units agree."),
        [
            new TaskField("answer", new LocalizedText("意见", "Your answer"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("agree", new LocalizedText("同意", "I agree")), new TaskFieldOption("decline", new LocalizedText("不同意", "I do not agree"))],
            },
            new TaskField("note", new LocalizedText("说明", "Note"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>The person's monthly check-in.</summary>
    public static readonly TaskKind CheckIn = new(
        "secondment-check-in",
        new LocalizedText("交流挂职月度报告", "Monthly check-in"),
        new LocalizedText("请简要报告本月在接收单位的工作、收获，以及需要协调解决的问题。", "Please report this month's work at the host, what you learned, and anything you need help with."),
        [
            new TaskField("work", new LocalizedText("本月工作与收获", "Work and learning this month"), TaskFieldType.LongText) { MaxLength = 2000 },
            new TaskField("issues", new LocalizedText("需要协调的问题", "Issues to resolve"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 },
        ]);

    /// <summary>The host mentor's mid-term evaluation.</summary>
    public static readonly TaskKind MidTerm = Evaluation("secondment-mid-term", "交流挂职中期评价", "Mid-term evaluation", "请作为接收单位指导人，对其到岗以来的表现作出中期评价。", "As the host mentor, please evaluate the person's work so far.");

    /// <summary>The host mentor's final evaluation.</summary>
    public static readonly TaskKind Final = Evaluation("secondment-final", "交流挂职期满评价", "Final evaluation", "交流/挂职即将期满，请作为接收单位指导人作出期满评价。", "The assignment is ending; as the host mentor, please give the final evaluation.");

    /// <summary>The owner decides, a month before the end, whether the person returns, stays at the host or is extended.</summary>
    public static readonly TaskKind Decision = new(
        "secondment-decision",
        new LocalizedText("交流挂职期满去留决定", "Return or extend"),
        new LocalizedText("交流/挂职将于一个月后期满。请决定：按期返回原单位、留任接收单位，或延期。", "The assignment ends in a month. Please decide: return home on time, stay at the host, or extend."),
        DecisionFields(extensionAllowed: true, SecondmentOptions.Default));

    /// <summary>The decision's fields: without the extension when the rule allows no more.</summary>
    public static IReadOnlyList<TaskField> DecisionFields(bool extensionAllowed, SecondmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var choices = new List<TaskFieldOption>
        {
            new("return", new LocalizedText("按期返回原单位", "Return home on time")),
            new("stay", new LocalizedText("留任接收单位", "Stay at the host")),
        };
        var fields = new List<TaskField>();
        if (extensionAllowed)
        {
            choices.Add(new("extend", new LocalizedText("延期", "Extend")));
        }

        fields.Add(new TaskField("decision", new LocalizedText("决定", "Decision"), TaskFieldType.Choice) { Options = choices });
        if (extensionAllowed)
        {
            fields.Add(new TaskField("extendMonths", new LocalizedText("延期月数", "Months of extension"), TaskFieldType.Number, Required: false)
            {
                Min = 1,
                Max = options.MaxExtensionMonths,
                Hint = new LocalizedText($"仅延期时填写，1至{options.MaxExtensionMonths}个月；未填写按{options.MaxExtensionMonths}个月计。", $"Only when extending: 1 to {options.MaxExtensionMonths} months; {options.MaxExtensionMonths} if left empty."),
            });
        }

        fields.Add(new TaskField("reason", new LocalizedText("理由", "Reason"), TaskFieldType.LongText) { MaxLength = 1000 });
        return fields;
    }

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddSecondment(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Consent).Add(CheckIn).Add(MidTerm).Add(Final).Add(Decision);
    }

    /// <summary>A grade's name in Chinese.</summary>
    public static string GradeZh(string? grade) => Grades.FirstOrDefault(g => g.Value == grade)?.Label.Zh ?? "—";

    private static TaskKind Evaluation(string name, string zh, string en, string instructionsZh, string instructionsEn) => new(
        name,
        new LocalizedText(zh, en),
        new LocalizedText(instructionsZh, instructionsEn),
        [
            new TaskField("grade", new LocalizedText("评价等次", "Grade"), TaskFieldType.Choice) { Options = Grades },
            new TaskField("comment", new LocalizedText("评语", "Comment"), TaskFieldType.LongText) { MaxLength = 1000 },
        ]);
}
