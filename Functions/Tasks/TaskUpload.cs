namespace EduFlows.Tasks;

/// <summary>A file the task asks for beside its answer: a file field on the task's form, posted with the same link token.</summary>
/// <param name="Label">The field's label, e.g. "展示PPT".</param>
/// <param name="Path">Where the file is posted (multipart field <c>file</c>), under the route prefix.</param>
/// <param name="Accept">The file types offered by the browser's picker, e.g. ".ppt,.pptx,.pdf".</param>
public sealed record TaskUpload(LocalizedText Label, string Path, string Accept);
