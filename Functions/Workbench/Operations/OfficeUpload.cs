using EduFlows.Hosting;
using EduFlows.StaffDirectory;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// A sheet posted on an office form's file field (<c>file</c>, .xlsx or .csv), read whole, with the rest of the form.
/// The office's uploads (a roster, a points sheet, written-test scores) refuse the same things the same way: not the
/// page's form, an unreadable body, no file, too large, another kind of file.
/// </summary>
/// <param name="Form">The posted form, for the fields beside the file.</param>
/// <param name="FileName">The file's name as the browser sent it, for the office act log.</param>
/// <param name="Format">By the file's extension.</param>
/// <param name="Content">The file, at position 0.</param>
public sealed record OfficeUpload(IFormCollection Form, string FileName, RosterFile.Format Format, MemoryStream Content)
{
    /// <summary>Reads the posted sheet, or says why not: the field, the reason in the page's language, the status.</summary>
    /// <param name="request">The POST of the office form.</param>
    /// <param name="links">The page's language.</param>
    /// <param name="sheetZh">What the sheet is, in Chinese ("名册"), as the reasons name it.</param>
    /// <param name="sheetEn">The same in English ("roster").</param>
    /// <param name="maxBytes">The largest file taken, or null when the route's own reading bounds it.</param>
    /// <param name="cancellationToken">The request's.</param>
    public static async Task<(OfficeUpload? Upload, OfficeUploadRefusal? Refused)> ReadAsync(
        HttpRequest request, OfficeLinks links, string sheetZh, string sheetEn, long? maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(links);
        if (!request.HasFormContentType)
        {
            return (null, new("Content-Type", links.Say("请通过页面上的表单提交。", "Submit the form on the page."), StatusCodes.Status415UnsupportedMediaType, null));
        }

        var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return (null, new("body", OfficeForms.BodyReason(unreadable!, links), unreadable!.StatusCode, null));
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return (null, new("file", links.Say($"请选择{sheetZh}文件（.xlsx 或 .csv）后再上传。", $"Choose the {sheetEn} (.xlsx or .csv) first."), StatusCodes.Status400BadRequest, form));
        }

        if (maxBytes is { } max && file.Length > max)
        {
            return (null, new("file", links.Say($"{sheetZh}文件过大：最大 {max / (1024 * 1024)} MB。", $"The {sheetEn} may be at most {max / (1024 * 1024)} MB."), StatusCodes.Status413PayloadTooLarge, form));
        }

        RosterFile.Format? format = Path.GetExtension(file.FileName).ToLowerInvariant() switch
        {
            ".xlsx" => RosterFile.Format.Xlsx,
            ".csv" => RosterFile.Format.Csv,
            _ => null,
        };
        if (format is null)
        {
            return (null, new("file", links.Say($"只能上传 Excel（.xlsx）或 CSV（.csv）格式的{sheetZh}。", $"Upload the {sheetEn} as .xlsx or .csv."), StatusCodes.Status415UnsupportedMediaType, form));
        }

        var content = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }

        content.Position = 0;
        return (new OfficeUpload(form, file.FileName, format.Value, content), null);
    }
}

/// <summary>Why an office upload was not read.</summary>
/// <param name="Field">The field to show it at.</param>
/// <param name="Reason">The reason in the page's language.</param>
/// <param name="Status">The answer's status.</param>
/// <param name="Form">The posted form when it could be read, so the page keeps what was typed beside the file.</param>
public sealed record OfficeUploadRefusal(string Field, string Reason, int Status, IFormCollection? Form);
