using EduFlows.Hosting;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>What the batch desk did: the batch as it stands, or why it refused (HTTP status and the fields at fault).</summary>
/// <param name="Status">200, 201 or 202 when done; 404, 409 or 422 when refused.</param>
/// <param name="Batch">The batch after the change.</param>
/// <param name="Errors">Why it was refused (empty when done).</param>
/// <param name="Title">A title for the refusal.</param>
public sealed record BatchDeskResult(int Status, ShadowBatch? Batch, IReadOnlyList<FieldError> Errors, string? Title = null)
{
    /// <summary>True when the change was made.</summary>
    public bool Done => Errors.Count == 0;

    /// <summary>Done.</summary>
    public static BatchDeskResult Ok(ShadowBatch batch, int status = StatusCodes.Status200OK) => new(status, batch, []);

    /// <summary>Refused because of one field.</summary>
    public static BatchDeskResult Refused(int status, string field, string reason, string title) => new(status, null, [new FieldError(field, reason)], title);

    /// <summary>Refused: invalid fields (422).</summary>
    public static BatchDeskResult Invalid(IReadOnlyList<FieldError> errors, string title) => new(StatusCodes.Status422UnprocessableEntity, null, errors, title);
}
