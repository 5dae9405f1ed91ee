using EduFlows.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>Why <paramref name="id"/> cannot be a table-key id, in English, or null when it can (null and blank are the caller's to judge).</summary>
    public static string? Problem(string? id) => Check(id) switch
    {
        Fault.TooLong => $"must be an id of at most {MaxIdLength} characters.",
        Fault.BadCharacter => "must be an id without / \\ # ? or control characters.",
        _ => null,
    };

    /// <summary>The same as <see cref="Problem"/> in Chinese, for the office and staff who read it first.</summary>
    public static string? ProblemZh(string? id) => Check(id) switch
    {
        Fault.TooLong => $"编号过长：最多 {MaxIdLength} 个字符（现为 {id!.Length} 个）。",
        Fault.BadCharacter => "编号中不能有 / \\ # ? 或控制字符。",
        _ => null,
    };

    /// <summary><paramref name="field"/> refused for <paramref name="id"/>, in English and Chinese, or null when the id can be a key.</summary>
    public static FieldError? Error(string field, string? id) =>
        Problem(id) is { } reason ? new FieldError(field, reason) { ReasonZh = ProblemZh(id) } : null;

    /// <summary>
    /// The 422 answer refusing <paramref name="field"/> for <paramref name="id"/>, Chinese first (title and detail) with
    /// the English beside, or null when the id can be a key (null and blank are the caller's to judge). Every API's
    /// refusal of an unkeyable id is this one.
    /// </summary>
    /// <param name="field">The field (or route value) holding the id.</param>
    /// <param name="id">The id.</param>
    /// <param name="what">What the id is, said before the Chinese reason ("日志流标识无效："), where the reason's "编号" alone would not tell.</param>
    /// <param name="chineseOnly">True for a person whose page shows the detail as it is: the Chinese alone, no English beside.</param>
    public static ProblemHttpResult? Refusal(string field, string? id, string? what = null, bool chineseOnly = false)
    {
        if (Error(field, id) is not { } error)
        {
            return null;
        }

        const int Status = StatusCodes.Status422UnprocessableEntity;
        string zh = what + error.ReasonZh;
        return chineseOnly
            ? FieldProblem.Of(Status, field, zh, title: FieldProblem.TitleZh(Status))
            : FieldProblem.ForStaff(Status, field, zh, $"{field} {error.Reason}");
    }

    /// <summary>Whether <paramref name="id"/> can be (part of) a table key; null and blank can, as far as keys go.</summary>
    public static bool Fits(string? id) => Check(id) == Fault.None;

    private static Fault Check(string? id) =>
        string.IsNullOrEmpty(id) ? Fault.None
        : id.Length > MaxIdLength ? Fault.TooLong
        : id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) || char.IsSurrogate(c)) ? Fault.BadCharacter
        : Fault.None;

    private enum Fault
    {
        None,
        TooLong,
        BadCharacter,
    }
}
