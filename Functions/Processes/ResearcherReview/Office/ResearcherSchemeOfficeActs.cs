using System.Globalization;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.Processes.ResearcherReview.Office;

/// <summary>
/// <c>office/researcher-reviews/schemes/{section}</c>: a section's researcher review scheme as the office reads and
/// changes it, each A-level indicator's name and weight and each secondary indicator's name, A-level indicator, points
/// and way of scoring a field of its own filled with what is in force; saved as the scheme's next version by the
/// scheme route's own rules (<see cref="ResearcherReviewApi.StoreSchemeAsync"/>, as <c>PUT
/// researcher-reviews/schemes/{section}</c>: checked as a whole, every bad field named). The form posts to the address
/// of the version it was read at (<c>…/{section}/{version}</c>), so a version stored meanwhile is not overwritten:
/// 409, nothing stored. What the form does not show (the ids, the bonus rules, the panel's rule) stays as it is;
/// indicators are added or removed through the JSON route.
/// </summary>
public sealed class ResearcherSchemeOfficeActs(IConfiguration configuration, ResearcherReviewStore store)
{
    private const string Routes = "office/researcher-reviews/schemes";
    private const string Back = "office/researcher-reviews";
    private static readonly string[] Sources = [nameof(IndicatorSource.Counted), nameof(IndicatorSource.Reviewed), nameof(IndicatorSource.Satisfaction)];
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the scheme in force in its form; POST: stores the form as the next version, over the version it was read at.</summary>
    [Function("OfficeResearcherReviewScheme")]
    public async Task<IResult> EditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Routes + "/{section}/{version?}")] HttpRequest request, string section, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        if (!DirectoryVocabulary.ResearchSections.Contains(section))
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "section", "学段只能是小学、初中或高中。", $"'{section}' is not a section: primary, junior or senior.");
        }

        var current = await store.CurrentSchemeAsync(section, cancellationToken).ConfigureAwait(false);

        // A GET shows the version in force and posts to it; a POST keeps the version its form was read at (none: refused).
        string inForce = Whole(current.Version);
        string? readAt = OfficeVersions.Posted(request, version, inForce);
        string sectionName = ReviewOfficeWords.Section(section, links);
        var act = Act(current, sectionName, links);
        if (!HttpMethods.IsPost(request.Method))
        {
            OfficePrefill.Fill(request, Shown(current));
        }

        return await OfficeForms.RunAsync(
            request,
            links,
            OfficeVersions.Action($"{Routes}/{section}", readAt),
            Back,
            act,
            async _ =>
            {
                // The version first: a stale form is refused as stale (409), whatever else is wrong with it. The form's
                // fields go over the version it was read at, which the store then takes only if still the newest.
                if (OfficeVersions.Refusal(readAt, inForce, ResearcherReviewApi.SchemeNamed(section), $"The {section} scheme") is { } stale)
                {
                    return stale;
                }

                var typed = await OfficeFormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                var (edited, blanks) = Edited(current, typed);
                if (blanks.Count > 0)
                {
                    return FieldProblem.InvalidForStaff(blanks, "考核方案有误，未保存。", "The scheme is not valid; nothing was stored.");
                }

                string by = OfficeVisitor.Of(request.HttpContext)?.Actor ?? OfficeVisitor.MasterKeyActor;
                return await ActivatorUtilities.CreateInstance<ResearcherReviewApi>(request.HttpContext.RequestServices)
                    .StoreSchemeAsync(edited, section, by, current.Version, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    // One field per value the office may change, named by the path the scheme's checks name it by ("levelA[0].weight"),
    // so a refusal is shown beside its field.
    private static OfficeFormAct Act(ResearcherScheme scheme, string sectionName, OfficeLinks links)
    {
        var fields = new List<OfficeFormField>();
        IReadOnlyList<(string, string)> levelAChoices = [.. scheme.LevelA.Select(a => (a.Id, ReviewOfficeWords.Indicator(a.Name, links)))];
        for (int i = 0; i < scheme.LevelA.Count; i++)
        {
            string at = Item("levelA", i);
            string n = Whole(i + 1);
            fields.Add(new OfficeFormField(at + ".name", links.Say($"一级指标 {n} 名称", $"A-level indicator {n}: name"), Hint: NameInEnglish(scheme.LevelA[i].Name, links)));
            fields.Add(new OfficeFormField(at + ".weight", links.Say($"一级指标 {n} 权重（分）", $"A-level indicator {n}: weight (points)"), OfficeFieldKind.Number,
                Hint: links.Say("各项一级指标权重合计须为 100 分。", "The A-level weights sum to 100.")));
        }

        IReadOnlyList<(string, string)> sourceChoices = [.. Sources.Select(s => (s, ReviewOfficeWords.Source(Enum.Parse<IndicatorSource>(s), links)))];
        IReadOnlyList<(string, string)> kindChoices = [(string.Empty, links.Say("（不按记录计数）", "(not counted)")), .. RecordKinds.All.Select(k => (k, links.English ? k : ResearcherReviewOrchestration.RecordKindName(k)))];
        for (int i = 0; i < scheme.Indicators.Count; i++)
        {
            string at = Item("indicators", i);
            string n = Whole(i + 1);
            fields.Add(new OfficeFormField(at + ".name", links.Say($"二级指标 {n} 名称", $"Indicator {n}: name"), Hint: NameInEnglish(scheme.Indicators[i].Name, links)));
            fields.Add(new OfficeFormField(at + ".levelA", links.Say($"二级指标 {n} 所属一级指标", $"Indicator {n}: A-level indicator"), Choices: levelAChoices));
            fields.Add(new OfficeFormField(at + ".maxPoints", links.Say($"二级指标 {n} 满分", $"Indicator {n}: most points"), OfficeFieldKind.Number,
                Hint: links.Say("同一一级指标下各二级指标按满分比例分享该一级指标的权重。", "An A-level weight is shared in proportion to its indicators' points.")));
            fields.Add(new OfficeFormField(at + ".source", links.Say($"二级指标 {n} 评分来源", $"Indicator {n}: scored by"), Choices: sourceChoices));
            fields.Add(new OfficeFormField(at + ".recordKind", links.Say($"二级指标 {n} 计数的记录类别", $"Indicator {n}: records counted"), Choices: kindChoices,
                Hint: links.Say("仅“过程记录计数”的指标填写。", "Counted indicators only.")));
            fields.Add(new OfficeFormField(at + ".target", links.Say($"二级指标 {n} 半年目标数（条）", $"Indicator {n}: half-year target (records)"), OfficeFieldKind.WholeNumber,
                Hint: links.Say("仅“过程记录计数”的指标填写：达到目标数得满分，不足按比例得分。", "Counted indicators only: the target earns the full points, fewer a share.")));
        }

        fields.Add(new OfficeFormField("bonusCap", links.Say("半年加分总上限（分）", "Bonus cap per half year (points)"), OfficeFieldKind.Number));
        return new OfficeFormAct(
            links.Say($"{sectionName}教研员考核方案", $"Researcher review scheme: {sectionName}"),
            (scheme.SavedAt is null
                ? links.Say($"现行为默认方案（第 {Whole(scheme.Version)} 版，尚未修改过）：{Summary(scheme)}。", $"The default scheme (version {Whole(scheme.Version)}, never changed) is in force: {SummaryEn(scheme)}.")
                : links.Say($"现行为第 {Whole(scheme.Version)} 版：{Summary(scheme)}。", $"Version {Whole(scheme.Version)} is in force: {SummaryEn(scheme)}."))
            + links.Say(
                "保存后成为新的一版，此后启动的半年考核按最新一版执行，已启动的考核仍按启动时的版本。若他人在您打开本页之后保存了新版本，本次修改不会保存，请重新打开后再改。指标的增减和加分项请联系系统管理员办理。",
                " Saving stores the next version, which reviews started afterwards use; reviews already started keep theirs. If someone else saved a version since you opened this page, nothing is saved: open it again."),
            links.Say("保存为新版本", "Save as a new version"),
            fields);
    }

    // "学科教学质量 35 分（6 项）、…": the A-level indicators in force, with their weights and how many indicators each has.
    private static string Summary(ResearcherScheme scheme) =>
        string.Join("、", scheme.LevelA.Select(a => $"{a.Name} {ReviewOfficeWords.Points(a.Weight)} 分（{Whole(scheme.Indicators.Count(s => s.LevelA == a.Id))} 项二级指标）"));

    // The same in English: the defaults' names in English, a name the office wrote as written.
    private static string SummaryEn(ResearcherScheme scheme) =>
        string.Join("; ", scheme.LevelA.Select(a => $"{IndicatorNames.En(a.Name)} {ReviewOfficeWords.Points(a.Weight)} points ({Whole(scheme.Indicators.Count(s => s.LevelA == a.Id))} indicators)"));

    // The name's field holds the name as the scheme stores it, in Chinese, which is what saving keeps; in English the
    // field says what a default name means.
    private static string? NameInEnglish(string name, OfficeLinks links) =>
        links.English && IndicatorNames.Known(name) ? $"In English: {IndicatorNames.En(name)}." : null;

    // The form's values as the scheme in force holds them.
    private static Dictionary<string, string?> Shown(ResearcherScheme scheme)
    {
        var shown = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < scheme.LevelA.Count; i++)
        {
            var a = scheme.LevelA[i];
            shown[Item("levelA", i) + ".name"] = a.Name;
            shown[Item("levelA", i) + ".weight"] = Number(a.Weight);
        }

        for (int i = 0; i < scheme.Indicators.Count; i++)
        {
            var s = scheme.Indicators[i];
            string at = Item("indicators", i);
            shown[at + ".name"] = s.Name;
            shown[at + ".levelA"] = s.LevelA;
            shown[at + ".maxPoints"] = Number(s.MaxPoints);
            shown[at + ".source"] = s.Source.ToString();
            shown[at + ".recordKind"] = s.RecordKind;
            shown[at + ".target"] = s.Target is { } target ? Whole(target) : null;
        }

        shown["bonusCap"] = Number(scheme.BonusCap);
        return shown;
    }

    // The scheme read with the form's values over it. A blank name is the scheme checks' to refuse; a blank number,
    // which no record can hold, is refused here, named by its field.
    private static (ResearcherScheme Scheme, List<FieldError> Blanks) Edited(ResearcherScheme read, JsonObject typed)
    {
        var blanks = new List<FieldError>();
        var levelA = read.LevelA.Select((a, i) => a with
        {
            Name = Text(typed, Item("levelA", i) + ".name") ?? string.Empty,
            Weight = Decimal(typed, Item("levelA", i) + ".weight", "请填写权重。", blanks),
        }).ToList();
        var indicators = read.Indicators.Select((s, i) =>
        {
            string at = Item("indicators", i);
            var source = Enum.TryParse<IndicatorSource>(Text(typed, at + ".source"), out var parsed) && Sources.Contains(Text(typed, at + ".source")) ? parsed : (IndicatorSource)(-1);
            return s with
            {
                Name = Text(typed, at + ".name") ?? string.Empty,
                LevelA = Text(typed, at + ".levelA") ?? string.Empty,
                MaxPoints = Decimal(typed, at + ".maxPoints", "请填写满分。", blanks),
                Source = source,
                RecordKind = Text(typed, at + ".recordKind"),
                Target = typed[at + ".target"] is JsonValue target && target.TryGetValue(out int t) ? t : null,
            };
        }).ToList();
        decimal bonusCap = Decimal(typed, "bonusCap", "请填写加分总上限。", blanks);
        return (read with { LevelA = levelA, Indicators = indicators, BonusCap = bonusCap, SavedAt = null, SavedBy = null }, blanks);
    }

    private static string? Text(JsonObject typed, string name) =>
        typed[name] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static decimal Decimal(JsonObject typed, string name, string blankZh, List<FieldError> blanks)
    {
        if (typed[name] is JsonValue value && value.TryGetValue(out decimal number))
        {
            return number;
        }

        blanks.Add(new FieldError(name, "is required.") { ReasonZh = blankZh });
        return 0;
    }

    private static string Item(string list, int i) => string.Create(CultureInfo.InvariantCulture, $"{list}[{i}]");

    private static string Whole(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Number(decimal n) => n.ToString("0.##########", CultureInfo.InvariantCulture);
}
