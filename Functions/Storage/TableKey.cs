namespace EduFlows.Storage;

/// <summary>
/// What an id taken from a request must look like to be used as (part of) a table key. Azure Tables refuse keys
/// with / \ # ? or control characters and keys over 1 KiB; ids are joined into composite keys, so they are kept well
/// under that. Checking first turns the storage's refusal (a 500) into a 422 naming the field.
/// </summary>
public static class TableKey
{
    /// <summary>The longest id accepted: a few of them joined must still fit a key's 1 KiB.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Why <paramref name="id"/> cannot be a table-key id, or null when it can (null and blank are the caller's to judge).</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (id.Length > MaxIdLength)
        {
            return $"must be an id of at most {MaxIdLength} characters.";
        }

        return id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) || char.IsSurrogate(c))
            ? "must be an id without / \\ # ? or control characters."
            : null;
    }
}
