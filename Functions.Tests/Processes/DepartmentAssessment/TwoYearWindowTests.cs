using EduFlows.Processes.DepartmentAssessment;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>Last place two years running under the same accountable head, and nothing less, leads to a reassignment decision.</summary>
public sealed class TwoYearWindowTests
{
    [Fact]
    public void LastBothYearsUnderTheSameHead_IsACase()
    {
        var cases = TwoYearWindow.Check([Result(2026, "d1", "h1", last: true)], [Result(2027, "d1", "h1", last: true)]);

        var found = Assert.Single(cases);
        Assert.Equal(new ReassignmentCase(2027, "d1", "部门d1", "h1", 700, 700), found);
    }

    [Fact]
    public void LastInOneYearOnly_IsNotACase()
    {
        Assert.Empty(TwoYearWindow.Check([Result(2026, "d1", "h1", last: false)], [Result(2027, "d1", "h1", last: true)]));
        Assert.Empty(TwoYearWindow.Check([Result(2026, "d1", "h1", last: true)], [Result(2027, "d1", "h1", last: false)]));
        Assert.Empty(TwoYearWindow.Check([], [Result(2027, "d1", "h1", last: true)]));
    }

    [Fact]
    public void ANewHead_OrAHeadNotHeldToAYear_IsNotACase()
    {
        Assert.Empty(TwoYearWindow.Check([Result(2026, "d1", "h0", last: true)], [Result(2027, "d1", "h1", last: true)]));
        Assert.Empty(TwoYearWindow.Check([Result(2026, "d1", "h1", last: true) with { HeadAccountable = false }], [Result(2027, "d1", "h1", last: true)]));
        Assert.Empty(TwoYearWindow.Check([Result(2026, "d1", "h1", last: true)], [Result(2027, "d1", "h1", last: true) with { HeadAccountable = false }]));
        Assert.Empty(TwoYearWindow.Check([Result(2025, "d1", "h1", last: true)], [Result(2027, "d1", "h1", last: true)]));
    }

    [Fact]
    public void TwoDepartmentsTiedLastBothYears_AreBothCases()
    {
        var cases = TwoYearWindow.Check(
            [Result(2026, "d1", "h1", last: true), Result(2026, "d2", "h2", last: true)],
            [Result(2027, "d2", "h2", last: true), Result(2027, "d1", "h1", last: true)]);

        Assert.Equal(["d1", "d2"], cases.Select(c => c.DepartmentId));
    }

    private static YearResult Result(int year, string department, string head, bool last) => new()
    {
        Year = year,
        DepartmentId = department,
        DepartmentName = "部门" + department,
        HeadId = head,
        HeadAccountable = true,
        Score = new DepartmentScore(department, 400, 100, 100, 200, 700, last ? 3 : 1, last),
    };
}
