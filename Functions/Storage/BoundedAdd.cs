namespace EduFlows.Storage;

/// <summary>What <see cref="BoundedRows.AddAsync"/> did with a row.</summary>
public enum BoundedAdd
{
    /// <summary>Added now, and counted.</summary>
    Added,

    /// <summary>A row with its keys was there already (the same one posted again): left as it is, not counted again.</summary>
    AlreadyKept,

    /// <summary>The partition holds as many rows as it takes: nothing written.</summary>
    Full,
}
