namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Who takes part, read from the directory when a step starts.</summary>
/// <param name="Departments">The departments assessed, by id.</param>
/// <param name="LeaderIds">The bureau leaders (post "bureau-leader"), by id; the first is the director.</param>
/// <param name="OfficeHeadId">The head of the bureau office.</param>
/// <param name="OrganisationHeadId">The head of the organisation office.</param>
public sealed record AssessmentRoster(IReadOnlyList<AssessedDepartment> Departments, IReadOnlyList<string> LeaderIds, string? OfficeHeadId, string? OrganisationHeadId)
{
    /// <summary>The director (the first leader), if any.</summary>
    public string? DirectorId => LeaderIds.Count > 0 ? LeaderIds[0] : null;

    /// <summary>Who reviews a department's monthly report: the office head, or for the office itself the director.</summary>
    public string? ReviewerFor(AssessedDepartment department, AssessmentScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(scheme);
        return department.Id == scheme.OfficeDepartmentId || department.HeadId == OfficeHeadId ? DirectorId : OfficeHeadId ?? DirectorId;
    }
}

/// <summary>A department and its head.</summary>
/// <param name="Id">The department.</param>
/// <param name="Name">Its name.</param>
/// <param name="HeadId">Its head (null: none; the department is then skipped).</param>
public sealed record AssessedDepartment(string Id, string Name, string? HeadId);
