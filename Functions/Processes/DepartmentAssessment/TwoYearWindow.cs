namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// 连续两年末位调离: a department that counts as last in two consecutive years under the same head, who is held to
/// both years (<see cref="YearResult.HeadAccountable"/>), sends that head to a reassignment decision. A new head
/// starts with a clean record: a year led mostly by the predecessor does not count against them.
/// </summary>
public static class TwoYearWindow
{
    /// <summary>The departments whose head must face a reassignment decision after <paramref name="current"/>.</summary>
    public static IReadOnlyList<ReassignmentCase> Check(IReadOnlyList<YearResult> previous, IReadOnlyList<YearResult> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(r => r.DepartmentId, StringComparer.Ordinal);
        return
        [
            .. current
                .Where(now => now.Score.Last && now.HeadAccountable && now.HeadId is not null
                    && before.TryGetValue(now.DepartmentId, out var then)
                    && then.Year == now.Year - 1 && then.Score.Last && then.HeadAccountable
                    && string.Equals(then.HeadId, now.HeadId, StringComparison.Ordinal))
                .OrderBy(now => now.DepartmentId, StringComparer.Ordinal)
                .Select(now => new ReassignmentCase(now.Year, now.DepartmentId, now.DepartmentName, now.HeadId!, before[now.DepartmentId].Score.Total, now.Score.Total)),
        ];
    }
}

/// <summary>A head last two years running, to be decided on.</summary>
/// <param name="Year">The second of the two years.</param>
/// <param name="DepartmentId">The department.</param>
/// <param name="DepartmentName">Its name.</param>
/// <param name="HeadId">The head.</param>
/// <param name="PreviousTotal">The first year's total.</param>
/// <param name="Total">The second year's total.</param>
public sealed record ReassignmentCase(int Year, string DepartmentId, string DepartmentName, string HeadId, decimal PreviousTotal, decimal Total);
