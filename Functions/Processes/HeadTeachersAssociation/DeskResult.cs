using EduFlows.Hosting;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>What the association's desk did: the HTTP status, the record on success, the fields at fault otherwise.</summary>
/// <param name="Status">200, 201 or 202 when done; 404, 409, 410 or 422 when refused (nothing changed).</param>
/// <param name="Value">The record, when done.</param>
/// <param name="Errors">The fields at fault, when refused.</param>
public sealed record DeskResult(int Status, object? Value, IReadOnlyList<FieldError> Errors)
{
    /// <summary>True when it was done.</summary>
    public bool Done => Status < 300;

    /// <summary>Done.</summary>
    public static DeskResult Ok(object value, int status = StatusCodes.Status200OK) => new(status, value, []);

    /// <summary>Refused because of one field, in Chinese only (the ballot's page gives the English by its status).</summary>
    public static DeskResult Refused(int status, string field, string reason) => new(status, null, [new FieldError(field, reason)]);

    /// <summary>Refused because of one field: the reason in Chinese for the office's pages, its English for the API beside it.</summary>
    public static DeskResult Refused(int status, string field, string zh, string en) => new(status, null, [new FieldError(field, en) { ReasonZh = zh }]);

    /// <summary>Refused because of the fields listed (422).</summary>
    public static DeskResult Invalid(IReadOnlyList<FieldError> errors) => new(StatusCodes.Status422UnprocessableEntity, null, errors);
}
