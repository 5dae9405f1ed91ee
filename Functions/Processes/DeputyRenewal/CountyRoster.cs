using EduFlows.StaffDirectory;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>Which schools a county-wide round starts (one round per school with a principal and a deputy), and who is left out.</summary>
/// <param name="SchoolIds">The schools whose rounds start, by id.</param>
/// <param name="Deputies">The deputies of those schools.</param>
/// <param name="WithoutPrincipal">Schools that have deputies but no principal to propose; the office starts them by hand once one is named.</param>
public sealed record CountyRoster(IReadOnlyList<string> SchoolIds, int Deputies, IReadOnlyList<string> WithoutPrincipal)
{
    /// <summary>The county's roster from the directory's schools and staff.</summary>
    public static CountyRoster Of(IEnumerable<School> schools, IEnumerable<StaffMember> staff)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(staff);
        var deputies = staff.Where(s => s.Post == "vice-principal" && s.SchoolId is not null)
            .GroupBy(s => s.SchoolId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var withDeputies = schools.Where(s => deputies.ContainsKey(s.Id)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var starting = withDeputies.Where(s => s.PrincipalId is not null).ToList();
        return new CountyRoster(
            [.. starting.Select(s => s.Id)],
            starting.Sum(s => deputies[s.Id]),
            [.. withDeputies.Where(s => s.PrincipalId is null).Select(s => s.Id)]);
    }
}
