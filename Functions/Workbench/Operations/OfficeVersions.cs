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
    /// The token a form posts to: on a POST the one its address carries (the version the form was read at), otherwise
    /// the one stored now, so opening the page again starts from the latest.
    /// </summary>
    public static string Posted(HttpRequest request, string? version, string current)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) && version is { Length: > 0 } ? version : current;
    }

    /// <summary>409 naming "version": <paramref name="whatZh"/> was changed since the form was read, and nothing was saved.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Changed(string whatZh, string whatEn) =>
        FieldProblem.ForStaff(
            StatusCodes.Status409Conflict,
            "version",
            $"{whatZh}在您打开本页之后已被他人修改，本次修改未保存；请重新打开本页，在最新信息上再改。",
            $"{whatEn} was changed by someone else since you opened this page; nothing was saved. Reload the page and edit the latest.");
}
