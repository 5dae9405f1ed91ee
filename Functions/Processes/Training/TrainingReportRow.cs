namespace EduFlows.Processes.Training;

/// <summary>One row of a training report: a person or a school.</summary>
/// <param name="Id">The staff or school id.</param>
/// <param name="Name">The name.</param>
/// <param name="School">The school's name (for a person).</param>
/// <param name="Attendances">Check-ins.</param>
/// <param name="Hours">Hours credited.</param>
public sealed record TrainingReportRow(string Id, string Name, string? School, int Attendances, decimal Hours);
