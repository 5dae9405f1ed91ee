using EduFlows.StaffDirectory;

namespace EduFlows.Workbench;

/// <summary>What a page of one school's or department's staff shows.</summary>
/// <param name="Path">The page's path under the route prefix (<c>office/county/school-staff/{id}</c> or <c>…/department-staff/{id}</c>).</param>
/// <param name="School">True for a school, false for a bureau department.</param>
/// <param name="UnitId">The school's or department's id.</param>
/// <param name="UnitName">Its name; empty when it is not in the directory.</param>
/// <param name="Rows">This page's people, in id order, without personal data.</param>
/// <param name="After">The last id of the page before, or null on the first page.</param>
/// <param name="Next">The last id of this page when more follow, or null on the last page.</param>
/// <param name="ErrorField">The field refused (<c>id</c>, <c>after</c>), if any.</param>
/// <param name="Error">Why, in the page's language.</param>
public sealed record UnitStaff(
    string Path,
    bool School,
    string UnitId,
    string UnitName,
    IReadOnlyList<StaffMember> Rows,
    string? After,
    string? Next,
    string? ErrorField,
    string? Error);
