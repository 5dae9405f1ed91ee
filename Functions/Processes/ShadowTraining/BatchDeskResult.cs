using EduFlows.Hosting;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>What the batch desk did: the batch as it stands, or why it refused (HTTP status and the fields at fault).</summary>
/// <param name="Status">200, 201 or 202 when done; 404, 409 or 422 when refused.</param>
/// <param name="Batch">The batch after the change.</param>
/// <param name="Errors">Why it was refused (empty when done).</param>
/// <param name="Title">A title for the refusal (English, as the office's scripts read it).</param>
/// <param name="TitleZh">The title in Chinese, shown first to the office.</param>
public sealed record BatchDeskResult(int Status, ShadowBatch? Batch, IReadOnlyList<FieldError> Errors, string? Title = null, string? TitleZh = null)
{
    /// <summary>True when the change was made.</summary>
    public bool Done => Errors.Count == 0;

    /// <summary>Done.</summary>
    public static BatchDeskResult Ok(ShadowBatch batch, int status = StatusCodes.Status200OK) => new(status, batch, []);

    /// <summary>Refused because of one field: why and the title, each in English and in Chinese.</summary>
    public static BatchDeskResult Refused(int status, string field, string reason, string reasonZh, string title, string titleZh) =>
        new(status, null, [new FieldError(field, reason) { ReasonZh = reasonZh }], title, titleZh);

    /// <summary>Refused: invalid fields (422), each error with its <see cref="FieldError.ReasonZh"/>.</summary>
    public static BatchDeskResult Invalid(IReadOnlyList<FieldError> errors, string title, string titleZh) => new(StatusCodes.Status422UnprocessableEntity, null, errors, title, titleZh);
}
