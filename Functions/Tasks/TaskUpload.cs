namespace EduFlows.Tasks;

/// <summary>
/// A file the task asks for with its answer: a file field (multipart field <c>file</c>) of the task's own form, posted
/// with the answer through the same link. A script may also post the file alone to <see cref="Path"/> first.
/// </summary>
/// <param name="Label">The field's label, e.g. "展示PPT".</param>
/// <param name="Path">Where the file alone may be posted (multipart field <c>file</c>), under the route prefix.</param>
/// <param name="Accept">The file types taken, as the browser's picker is told, e.g. ".ppt,.pptx,.pdf".</param>
public sealed record TaskUpload(LocalizedText Label, string Path, string Accept)
{
    /// <summary>The multipart field the file is posted in.</summary>
    public const string FieldName = "file";

    /// <summary>The largest file the form takes (default 4 MB, the host's limit of one request).</summary>
    public const long DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>Whether the answer is taken only with a file (posted with it, or posted alone earlier).</summary>
    public bool Required { get; init; }

    /// <summary>The largest file taken, in bytes.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>The file types as people read them, e.g. "PPT、PPTX 或 PDF"; null to show <see cref="Accept"/>.</summary>
    public LocalizedText? Types { get; init; }

    /// <summary>What the form says under the field: the types and the size taken.</summary>
    public string HintFor(string culture) => Notifications.Languages.IsEnglish(culture)
        ? $"{(Required ? "Required: a " : string.Empty)}{Types?.En ?? Accept} file, at most {MaxBytes / (1024 * 1024)} MB."
        : $"{(Required ? "须上传" : "可上传")} {Types?.Zh ?? Accept} 文件，最大 {MaxBytes / (1024 * 1024)} MB。";

    /// <summary>Whether a file of that name is of a type taken (by its extension).</summary>
    public bool Takes(string fileName) =>
        Accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(System.IO.Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);
}
