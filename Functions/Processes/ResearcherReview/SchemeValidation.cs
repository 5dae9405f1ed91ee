using EduFlows.Hosting;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>Checks a scheme before it is stored: every problem named by its field path.</summary>
public static class SchemeValidation
{
    /// <summary>What is wrong with the scheme (empty when it can be stored).</summary>
    public static List<FieldError> Validate(ResearcherScheme? scheme)
    {
        var errors = new List<FieldError>();
        if (scheme is null)
        {
            errors.Add(new FieldError("scheme", "is required.") { ReasonZh = "请提交考核方案。" });
            return errors;
        }

        if (!DirectoryVocabulary.ResearchSections.Contains(scheme.Section ?? string.Empty))
        {
            errors.Add(new FieldError("section", "must be primary, junior or senior.") { ReasonZh = "学段只能是小学、初中或高中。" });
        }

        var levelA = scheme.LevelA ?? [];
        var indicators = scheme.Indicators ?? [];
        if (levelA.Count == 0)
        {
            errors.Add(new FieldError("levelA", "needs at least one A-level indicator.") { ReasonZh = "至少须有一项一级指标。" });
        }

        for (int i = 0; i < levelA.Count; i++)
        {
            if (levelA[i] is not { } a)
            {
                errors.Add(new FieldError($"levelA[{i}]", "is required.") { ReasonZh = $"第 {i + 1} 项一级指标不能为空。" });
                continue;
            }

            CheckId(errors, $"levelA[{i}]", a.Id, a.Name);
            if (a.Weight <= 0)
            {
                errors.Add(new FieldError($"levelA[{i}].weight", "must be more than 0.") { ReasonZh = "权重须大于 0。" });
            }
            else if (indicators.All(s => s?.LevelA != a.Id))
            {
                errors.Add(new FieldError($"levelA[{i}]", $"'{a.Id}' has no secondary indicators.") { ReasonZh = $"一级指标“{(string.IsNullOrWhiteSpace(a.Name) ? a.Id : a.Name)}”下没有二级指标。" });
            }
        }

        Duplicates(errors, "levelA", levelA.OfType<LevelAIndicator>().Select(a => a.Id));
        decimal weights = levelA.OfType<LevelAIndicator>().Sum(a => a.Weight);
        if (levelA.Count > 0 && weights != 100)
        {
            errors.Add(new FieldError("levelA", $"weights must sum to 100 (they sum to {weights}).") { ReasonZh = $"一级指标权重合计须为 100（现为 {weights}）。" });
        }

        if (indicators.Count == 0)
        {
            errors.Add(new FieldError("indicators", "needs at least one secondary indicator.") { ReasonZh = "至少须有一项二级指标。" });
        }

        for (int i = 0; i < indicators.Count; i++)
        {
            if (indicators[i] is { } indicator)
            {
                CheckIndicator(errors, $"indicators[{i}]", indicator, levelA);
            }
            else
            {
                errors.Add(new FieldError($"indicators[{i}]", "is required.") { ReasonZh = $"第 {i + 1} 项二级指标不能为空。" });
            }
        }

        Duplicates(errors, "indicators", indicators.OfType<SecondaryIndicator>().Select(s => s.Id));
        var bonuses = scheme.Bonuses ?? [];
        for (int i = 0; i < bonuses.Count; i++)
        {
            if (bonuses[i] is not { } bonus)
            {
                errors.Add(new FieldError($"bonuses[{i}]", "is required.") { ReasonZh = $"第 {i + 1} 项加分项不能为空。" });
                continue;
            }

            CheckId(errors, $"bonuses[{i}]", bonus.Id, bonus.Name);
            if (bonus.Cap is <= 0)
            {
                errors.Add(new FieldError($"bonuses[{i}].cap", "must be more than 0 when given.") { ReasonZh = "加分上限填写时须大于 0。" });
            }

            if (bonus.Levels is null || bonus.Levels.Count == 0)
            {
                errors.Add(new FieldError($"bonuses[{i}].levels", "needs at least one level with its points.") { ReasonZh = "至少须有一个等级及其分值。" });
            }
            else if (bonus.Levels.FirstOrDefault(l => l.Value <= 0 || string.IsNullOrWhiteSpace(l.Key) || l.Key == NoClaim) is { Key: not null } bad)
            {
                errors.Add(new FieldError($"bonuses[{i}].levels", $"level '{bad.Key}' must have a name other than '{NoClaim}' and more than 0 points.") { ReasonZh = $"等级“{bad.Key}”须有名称（不能是“{NoClaim}”），且分值大于 0。" });
            }
        }

        Duplicates(errors, "bonuses", bonuses.OfType<BonusRule>().Select(b => b.Id));

        // Indicator and bonus ids are also form-field names, side by side with the fixed fields.
        foreach (var id in indicators.OfType<SecondaryIndicator>().Select(s => s.Id).Intersect(bonuses.OfType<BonusRule>().Select(b => b.Id), StringComparer.Ordinal))
        {
            errors.Add(new FieldError("bonuses", $"id '{id}' is also an indicator's id; they share the review's forms.") { ReasonZh = $"加分项编号“{id}”与某项二级指标的编号相同；二者在同一张表单上，编号不能重复。" });
        }
        if (scheme.BonusCap < 0)
        {
            errors.Add(new FieldError("bonusCap", "must be 0 or more.") { ReasonZh = "加分总上限不能小于 0。" });
        }

        errors.AddRange(scheme.Panel is null ? [new FieldError("panel", "is required.") { ReasonZh = "请填写评审合成规则。" }] : scheme.Panel.Validate("panel."));
        return errors;
    }

    /// <summary>The self-assessment's choice for "no claim".</summary>
    public const string NoClaim = "none";

    // The forms' fixed fields, and the suffixes of the fields made from ids (claim details, decision reasons, second claims).
    private static readonly string[] ReservedIds = ["summary", "evidence", "comment", "note"];
    private static readonly string[] ReservedSuffixes = ["-detail", "-reason", "-2"];

    private static void CheckIndicator(List<FieldError> errors, string at, SecondaryIndicator s, IReadOnlyList<LevelAIndicator?> levelA)
    {
        CheckId(errors, at, s.Id, s.Name);
        if (levelA.All(a => a?.Id != s.LevelA))
        {
            errors.Add(new FieldError(at + ".levelA", $"'{s.LevelA}' is not an A-level indicator of this scheme.") { ReasonZh = $"“{s.LevelA}”不是本方案的一级指标。" });
        }

        if (s.MaxPoints <= 0)
        {
            errors.Add(new FieldError(at + ".maxPoints", "must be more than 0.") { ReasonZh = "满分须大于 0。" });
        }

        if (!Enum.IsDefined(s.Source))
        {
            errors.Add(new FieldError(at + ".source", "must be counted, reviewed or satisfaction.") { ReasonZh = "评分来源只能是按记录计数、评审打分或满意度调查。" });
        }
        else if (s.Source == IndicatorSource.Counted)
        {
            if (!RecordKinds.All.Contains(s.RecordKind ?? string.Empty))
            {
                errors.Add(new FieldError(at + ".recordKind", $"a counted indicator counts one of: {string.Join(", ", RecordKinds.All)}.") { ReasonZh = $"按记录计数的指标须指定记录类别：{string.Join("、", RecordKinds.All.Select(ResearcherReviewOrchestration.RecordKindName))}。" });
            }

            if (s.Target is not > 0)
            {
                errors.Add(new FieldError(at + ".target", "a counted indicator needs a target of at least 1 record.") { ReasonZh = "按记录计数的指标须有目标数，至少 1 条。" });
            }
        }
        else if (s.RecordKind is not null || s.Target is not null)
        {
            errors.Add(new FieldError(at + ".recordKind", "only counted indicators count records.") { ReasonZh = "只有按记录计数的指标才填写记录类别和目标数。" });
        }
    }

    private static void CheckId(List<FieldError> errors, string at, string? id, string? name)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(new FieldError(at + ".id", "is required: up to 40 letters, digits or hyphens.") { ReasonZh = "请填写编号：不超过 40 个英文字母、数字或连字符。" });
        }
        else if (ReservedIds.Contains(id) || ReservedSuffixes.Any(suffix => id.EndsWith(suffix, StringComparison.Ordinal)))
        {
            errors.Add(new FieldError(at + ".id", $"'{id}' is taken by the review's forms: not {string.Join(", ", ReservedIds)}, nor ending in {string.Join(", ", ReservedSuffixes)}.") { ReasonZh = $"编号“{id}”已被考核表单占用：不能是 {string.Join("、", ReservedIds)}，也不能以 {string.Join("、", ReservedSuffixes)} 结尾。" });
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError(at + ".name", "is required.") { ReasonZh = "请填写名称。" });
        }
    }

    private static void Duplicates(List<FieldError> errors, string at, IEnumerable<string?> ids)
    {
        foreach (var twice in ids.Where(id => id is not null).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError(at, $"id '{twice.Key}' is used twice.") { ReasonZh = $"编号“{twice.Key}”用了两次。" });
        }
    }
}
