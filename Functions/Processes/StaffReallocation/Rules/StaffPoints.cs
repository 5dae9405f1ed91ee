using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Computes each person's points with the published formula, and the county-wide order with its fixed tie-breaks. Pure.</summary>
public static class StaffPoints
{
    /// <summary>The person's breakdown on <paramref name="asOf"/> (service years are whole years to that day).</summary>
    public static PointsBreakdown Compute(PointsFormula formula, PointsInput input, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(input);
        var items = new List<PointsItem>(7);
        int years = Math.Min(ServiceYears(input, asOf), formula.ServiceYearsCap);
        items.Add(new("service", Invariant($"{years} years × {formula.PointsPerServiceYear}"), years * formula.PointsPerServiceYear));
        string title = input.Title ?? "none";
        items.Add(new("title", title, formula.TitlePoints.GetValueOrDefault(title)));
        for (int i = 0; i < formula.AssessmentsCounted; i++)
        {
            string result = i < input.Assessments.Count ? input.Assessments[i] : "missing";
            items.Add(new(Invariant($"assessment-{i + 1}"), result, formula.AssessmentPoints.GetValueOrDefault(result)));
        }

        int support = Math.Clamp(input.SupportTeachingYears, 0, formula.SupportYearsCap);
        items.Add(new("support-teaching", Invariant($"{support} years × {formula.PointsPerSupportYear}"), support * formula.PointsPerSupportYear));
        int hardship = Math.Max(0, input.HardshipYears);
        items.Add(new("hardship", Invariant($"{hardship} years × {formula.PointsPerHardshipYear}, at most {formula.HardshipCap}"), Math.Min(hardship * formula.PointsPerHardshipYear, formula.HardshipCap)));
        int family = Math.Max(0, input.FamilyCases);
        items.Add(new("family", Invariant($"{family} cases × {formula.PointsPerFamilyCase}, at most {formula.FamilyCap}"), Math.Min(family * formula.PointsPerFamilyCase, formula.FamilyCap)));
        return new PointsBreakdown(input.StaffId, formula.Version, items, items.Sum(i => i.Points));
    }

    /// <summary>
    /// Everyone's breakdown, best first, with <see cref="PointsBreakdown.Rank"/> set 1..n: by total, then the formula's
    /// tie-breaks in order, then the staff id, so no two people ever share a rank.
    /// </summary>
    public static IReadOnlyList<PointsBreakdown> Rank(PointsFormula formula, IEnumerable<PointsInput> inputs, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(inputs);
        var scored = inputs.Select(i => (Input: i, Points: Compute(formula, i, asOf))).ToList();
        scored.Sort((a, b) => Compare(formula, a.Input, a.Points, b.Input, b.Points, asOf));
        return [.. scored.Select((s, i) => s.Points with { Rank = i + 1 })];
    }

    // Negative when a goes first.
    private static int Compare(PointsFormula formula, PointsInput a, PointsBreakdown pa, PointsInput b, PointsBreakdown pb, DateOnly asOf)
    {
        int c = pb.Total.CompareTo(pa.Total);
        foreach (var tieBreak in formula.TieBreaks)
        {
            if (c != 0)
            {
                return c;
            }

            c = tieBreak switch
            {
                // Earlier hire first; nobody without a date goes before someone with one.
                TieBreak.Seniority => (a.HireDate ?? DateOnly.MaxValue).CompareTo(b.HireDate ?? DateOnly.MaxValue),
                TieBreak.Title => TitleIndex(b.Title).CompareTo(TitleIndex(a.Title)),
                TieBreak.LatestAssessment => Latest(formula, b).CompareTo(Latest(formula, a)),
                TieBreak.SupportTeaching => b.SupportTeachingYears.CompareTo(a.SupportTeachingYears),
                _ => 0,
            };
        }

        return c != 0 ? c : string.CompareOrdinal(a.StaffId, b.StaffId);
    }

    private static int ServiceYears(PointsInput input, DateOnly asOf)
    {
        if (input.HireDate is not { } hired || hired > asOf)
        {
            return 0;
        }

        return asOf.Year - hired.Year - (asOf < hired.AddYears(asOf.Year - hired.Year) ? 1 : 0);
    }

    private static int TitleIndex(string? title)
    {
        for (int i = 0; i < PointsFormula.TitleOrder.Count; i++)
        {
            if (string.Equals(PointsFormula.TitleOrder[i], title, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 0;
    }

    private static decimal Latest(PointsFormula formula, PointsInput input) =>
        input.Assessments.Count > 0 ? formula.AssessmentPoints.GetValueOrDefault(input.Assessments[0]) : -1;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
