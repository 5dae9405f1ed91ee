using System.Buffers.Text;
using System.Text;
using Azure;
using EduFlows.Hosting;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// The version an office form was read at, as it travels in the form's address (<c>…/{version?}</c>), and the refusal
/// of a save over a version someone changed since: the form saves only over what it showed, never silently over an
/// edit made meanwhile (as the directory's forms, <see cref="StaffDirectory.Office.DirectoryOfficeActs"/>).
/// </summary>
public static class OfficeVersions
{
    /// <summary>The token of a record not stored when the form was read: saving it may only add it.</summary>
    public const string Absent = "new";

    /// <summary>The token of a stored record's version (its ETag), or <see cref="Absent"/> when none was stored.</summary>
    public static string Token(ETag? version) =>
        version is { } etag ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(etag.ToString())) : Absent;

    /// <summary>
    /// The token a form posts to: on a POST the one its address carries (the version the form was read at, null when
    /// its address carries none: <see cref="Refusal"/> refuses that), otherwise the one stored now, so opening the page
    /// again starts from the latest.
    /// </summary>
    public static string? Posted(HttpRequest request, string? version, string current)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) ? version is { Length: > 0 } ? version : null : current;
    }

    /// <summary>The form's address: <paramref name="path"/> and the version it was read at, or <paramref name="path"/> alone when none.</summary>
    public static string Action(string path, string? token) =>
        token is null ? path : path + "/" + Uri.EscapeDataString(token);

    /// <summary>
    /// Why a save read at <paramref name="posted"/> may not go over <paramref name="current"/> (the token stored now):
    /// no version posted (<see cref="Missing"/>) or another one (<see cref="Changed"/>); null when they are the same.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(string? posted, string current, string whatZh, string whatEn, bool deleting = false) =>
        posted is null ? Missing(whatZh, whatEn, deleting)
        : posted != current ? Changed(whatZh, whatEn, deleting)
        : null;

    /// <summary>409 naming "version": <paramref name="whatZh"/> was changed since the form was read, and nothing was saved (or deleted).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Changed(string whatZh, string whatEn, bool deleting = false) => deleting
        ? FieldProblem.ForStaff(
            StatusCodes.Status409Conflict,
            "version",
            $"{whatZh}在您打开本页之后已被他人修改，未删除；请重新打开本页，核对最新信息后再决定是否删除。",
            $"{whatEn} was changed by someone else since you opened this page; nothing was deleted. Reload the page and check the latest.")
        : FieldProblem.ForStaff(
            StatusCodes.Status409Conflict,
            "version",
            $"{whatZh}在您打开本页之后已被他人修改，本次修改未保存；请重新打开本页，在最新信息上再改。",
            $"{whatEn} was changed by someone else since you opened this page; nothing was saved. Reload the page and edit the latest.");

    /// <summary>
    /// 409 naming "version": the form's address carries no version (a page opened before forms carried one, or a
    /// script), so whether <paramref name="whatZh"/> changed since it was read cannot be told, and nothing was saved.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Missing(string whatZh, string whatEn, bool deleting = false) =>
        FieldProblem.ForStaff(
            StatusCodes.Status409Conflict,
            "version",
            deleting
                ? $"本页的地址中没有所读的版本，无法确认{whatZh}在您打开本页之后未被他人修改，未删除；请重新打开本页，核对最新信息后再决定是否删除。"
                : $"本页的地址中没有所读的版本，无法确认{whatZh}在您打开本页之后未被他人修改，本次修改未保存；请重新打开本页，在最新信息上再改。",
            deleting
                ? $"The form's address carries no version, so whether {whatEn} changed since the page was read cannot be told; nothing was deleted. Reload the page and check the latest."
                : $"The form's address carries no version, so whether {whatEn} changed since the page was read cannot be told; nothing was saved. Reload the page and edit the latest.");
}
