using EduFlows.Tasks;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The e-mailed tasks of a renewal round.</summary>
public static class DeputyRenewalTasks
{
    /// <summary>The principal proposes, person by person (the form's fields are the school's people, see <see cref="ProposalFields"/>).</summary>
    public static readonly TaskKind Proposal = new(
        "deputy-renewal-proposal",
        new LocalizedText("副校长续聘与提拔建议", "Propose deputy renewals and promotions"),
        new LocalizedText("请对本校每位副校长提出续聘或不再续聘的建议，对后备干部中的中层干部提出是否提拔为副校长的建议，并逐人说明理由。建议经教育局审核；提拔人选须经公示。", "For each deputy, propose renewal or not; for each reserve mid-level leader, whether to promote to deputy; give a reason for each. The bureau reviews each proposal; promotions go on public notice."),
        ProposalFields([new RenewalCandidate("stf-0", "示例", "vice-principal")]));

    /// <summary>The bureau reviews one proposal.</summary>
    public static readonly TaskKind Review = new(
        "deputy-renewal-review",
        new LocalizedText("副校长续聘提拔建议审核", "Review a renewal or promotion proposal"),
        new LocalizedText("请审核学校的建议。同意即按建议办理；不同意时，续聘建议按不再续聘、不再续聘建议按续聘、提拔建议按不提拔处理。", "Please review the school's proposal. Approved, it is carried out; rejected, a renewal becomes no renewal, no renewal becomes renewal, and a promotion does not happen."),
        [
            new TaskField("decision", new LocalizedText("审核意见", "Decision"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("approve", new LocalizedText("同意", "Approve")), new TaskFieldOption("reject", new LocalizedText("不同意", "Reject"))],
            },
            new TaskField("note", new LocalizedText("说明", "Note"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>The bureau looks into an objection raised during the notice.</summary>
    public static readonly TaskKind ObjectionReview = new(
        "deputy-renewal-objection",
        new LocalizedText("提拔公示异议核查", "Look into an objection to a promotion"),
        new LocalizedText("公示期间收到以下异议，请核查。异议属实的，不予提拔。", "An objection was raised during the notice (above). Please look into it; if it is upheld, the promotion does not happen."),
        [
            new TaskField("finding", new LocalizedText("核查结论", "Finding"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("dismiss", new LocalizedText("异议不成立", "Dismissed")), new TaskFieldOption("uphold", new LocalizedText("异议属实", "Upheld"))],
            },
            new TaskField("note", new LocalizedText("核查说明", "Note"), TaskFieldType.LongText) { MaxLength = 1000 },
        ]);

    /// <summary>The proposal form of a school: a choice and a reason per person (<c>choice1</c>, <c>reason1</c>, ...).</summary>
    public static IReadOnlyList<TaskField> ProposalFields(IReadOnlyList<RenewalCandidate> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var fields = new List<TaskField>();
        for (int i = 0; i < people.Count; i++)
        {
            var person = people[i];
            var options = person.IsDeputy
                ? new[] { Option(RenewalChoices.Renew), Option(RenewalChoices.NotRenew) }
                : new[] { Option(RenewalChoices.Promote), Option(RenewalChoices.None) };
            string who = $"{person.Name}（{(person.IsDeputy ? "副校长" : "中层干部")}）";
            fields.Add(new TaskField($"choice{i + 1}", new LocalizedText(who, $"{person.Name} ({(person.IsDeputy ? "deputy" : "mid-level leader")})"), TaskFieldType.Choice) { Options = options });
            fields.Add(new TaskField($"reason{i + 1}", new LocalizedText($"{person.Name}：理由", $"{person.Name}: reason"), TaskFieldType.LongText) { MaxLength = 500 });
        }

        return fields;
    }

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddDeputyRenewal(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Proposal).Add(Review).Add(ObjectionReview);
    }

    private static TaskFieldOption Option(string code) => new(code, new LocalizedText(RenewalChoices.Zh(code), code switch
    {
        RenewalChoices.Renew => "Renew",
        RenewalChoices.NotRenew => "Do not renew",
        RenewalChoices.Promote => "Promote to deputy",
        _ => "Not proposed",
    }));
}
