using EduFlows.Tasks;

namespace EduFlows.Processes.ReservePool;

/// <summary>The e-mailed tasks of the pool's yearly review.</summary>
public static class ReservePoolTasks
{
    /// <summary>The member says whether they wish to stay in the pool.</summary>
    public static readonly TaskKind Stay = new(
        "reserve-pool-stay",
        new LocalizedText("后备人才库年度确认", "Stay in the reserve pool?"),
        new LocalizedText("请确认是否继续保留在后备人才库中。选择“放弃”即按本人意愿出库。未按时答复的，视为继续保留。", "Please confirm whether you stay in the reserve pool. Declining takes you out. No answer in time counts as staying."),
        [
            new TaskField("decision", new LocalizedText("本人意愿", "Your answer"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("stay", new LocalizedText("继续保留", "I stay")), new TaskFieldOption("decline", new LocalizedText("放弃，申请出库", "I decline and leave"))],
            },
            new TaskField("note", new LocalizedText("说明", "Note"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>The office judges a member from their file.</summary>
    public static readonly TaskKind Review = new(
        "reserve-pool-review",
        new LocalizedText("后备人才年度考察", "Yearly review of a reserve-pool member"),
        new LocalizedText("请根据上方档案（影子培训、挂职、培训学时、考核结果）评定该后备人选。未按时评定的，保持原评定。", "Please judge the member from the file above. Undecided in time: the judgement stays as it was."),
        [
            new TaskField("decision", new LocalizedText("考察结论", "Decision"), TaskFieldType.Choice)
            {
                Options =
                [
                    new TaskFieldOption(PoolReadiness.Ready, new LocalizedText("可提任", "Ready to be appointed")),
                    new TaskFieldOption(PoolReadiness.Developing, new LocalizedText("继续培养", "Keep developing")),
                    new TaskFieldOption("remove", new LocalizedText("考察不合格，出库", "Remove from the pool")),
                ],
            },
            new TaskField("note", new LocalizedText("考察意见", "Remarks"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 },
        ]);

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddReservePool(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Stay).Add(Review);
    }
}
