using EduFlows.Reliability.Probes.Fuzz;
using EduFlows.Reliability.Probes.Privacy;

namespace EduFlows.Tests.Reliability;

/// <summary>The privacy probe's coverage rule: every GET a non-admin may call returns people unless named otherwise, and each must be read.</summary>
public sealed class PrivacyCoverageTests
{
    private static readonly FuzzOperation[] Operations =
    [
        new("GET", "/api/directory/staff", FuzzKeyLevel.Function, "DirectoryStaffList"),
        new("GET", "/api/directory/staff/export", FuzzKeyLevel.Function, "DirectoryStaffExport"),
        new("GET", "/api/directory/staff/{id}", FuzzKeyLevel.Function, "DirectoryStaffGet"),
        new("GET", "/api/directory/staff/{id}/moves", FuzzKeyLevel.Function, "DirectoryStaffMoves"),
        new("PUT", "/api/directory/staff/{id}", FuzzKeyLevel.Master, "DirectoryStaffPut"),
        new("GET", "/api/office/county", FuzzKeyLevel.Master, "OfficeCounty"),
        new("GET", "/api/health", FuzzKeyLevel.Anonymous, "Health"),
        new("GET", "/api/open-selections/{id}/interview-scores", FuzzKeyLevel.Anonymous, "OpenSelectionInterviewScores"),
    ];

    [Fact]
    public void OneUnreadPeopleReturningGet_IsAFinding_NamingIt()
    {
        string[] read = ["/api/directory/staff?pageSize=1000", "/api/directory/staff/export?format=csv", "/api/directory/staff/pv1-stf-0", "/api/open-selections/s-1/interview-scores?token=x"];

        var coverage = PrivacyCoverage.Of(Operations, read, fast: false);

        Assert.Equal((7, 1, 1, 5, 4), (coverage.Gets, coverage.AdminOnly, coverage.NotPeople, coverage.PeopleReturning, coverage.Read));
        Assert.Equal(["GET /api/directory/staff/{id}/moves"], coverage.NotRead);
        string finding = Assert.Single(coverage.Findings);
        Assert.StartsWith("GET /api/directory/staff/{id}/moves (function key)", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPeopleReturningGetRead_NoFinding()
    {
        string[] read = ["/api/directory/staff", "/api/directory/staff/export", "/api/directory/staff/a", "/api/directory/staff/a/moves", "/api/open-selections/s-1/interview-scores"];

        var coverage = PrivacyCoverage.Of(Operations, read, fast: false);

        Assert.Empty(coverage.NotRead);
        Assert.Empty(coverage.Findings);
    }

    [Fact]
    public void AFullProfileOnlyGet_IsLeftOutOfAFastRun_ButReportedInAFullOne()
    {
        string[] read = ["/api/directory/staff", "/api/directory/staff/export", "/api/directory/staff/a", "/api/directory/staff/a/moves"];

        var fast = PrivacyCoverage.Of(Operations, read, fast: true);
        var full = PrivacyCoverage.Of(Operations, read, fast: false);

        Assert.Equal(["GET /api/open-selections/{id}/interview-scores"], fast.Deferred);
        Assert.Empty(fast.Findings);
        Assert.Single(full.Findings, f => f.StartsWith("GET /api/open-selections/{id}/interview-scores", StringComparison.Ordinal));
    }

    [Fact]
    public void ALiteralSegment_WinsOverAParameter_AndAReadOnlyOfTheRecord_LeavesTheExportUnread()
    {
        Assert.Equal("DirectoryStaffExport", PrivacyCoverage.MatchOf(Operations, "/api/directory/staff/export?format=xlsx")!.Id);
        Assert.Equal("DirectoryStaffGet", PrivacyCoverage.MatchOf(Operations, "/api/directory/staff/stf-1")!.Id);
        Assert.Null(PrivacyCoverage.MatchOf(Operations, "/api/directory/staff/stf-1/moves/extra"));
    }

    [Fact]
    public void AClassificationOfAnOperationTheDocumentLacks_IsStale()
    {
        var coverage = PrivacyCoverage.Of(Operations, [], fast: true);

        Assert.Contains(coverage.Stale, s => s.StartsWith("GET /api/calendar/{year} is classified", StringComparison.Ordinal));
        Assert.DoesNotContain(coverage.Stale, s => s.StartsWith("GET /api/health ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSessionPageAndTheCertificate_AreNoLongerKnownGaps_AndTheProbesReadsOfThemCount()
    {
        FuzzOperation[] operations =
        [
            new("GET", "/api/department-assessment/{year}/session", FuzzKeyLevel.Anonymous, "DepartmentAssessmentSessionPage"),
            new("GET", "/api/department-assessment/{year}/session/link", FuzzKeyLevel.Anonymous, "DepartmentAssessmentSessionLinkPage"),
            new("GET", "/api/shadow-training/certificates/{batchId}/{traineeId}", FuzzKeyLevel.Anonymous, "ShadowTrainingCertificate"),
        ];

        var unread = PrivacyCoverage.Of(operations, [], fast: true);
        var read = PrivacyCoverage.Of(operations, [ScoringSessionRun.PagePath, $"/api/shadow-training/certificates/{ShadowCertificate.BatchId}/pv7-stf-0?token=abc"], fast: true);

        Assert.Empty(PrivacyCoverage.KnownGaps);
        Assert.Empty(unread.KnownGaps);
        Assert.Equal(2, unread.Findings.Count);
        Assert.Contains(unread.Findings, f => f.StartsWith("GET /api/department-assessment/{year}/session (anonymous", StringComparison.Ordinal));
        Assert.Contains(unread.Findings, f => f.StartsWith("GET /api/shadow-training/certificates/{batchId}/{traineeId} (anonymous", StringComparison.Ordinal));
        Assert.Equal((3, 1, 2, 2), (read.Gets, read.NotPeople, read.PeopleReturning, read.Read));
        Assert.Empty(read.Findings);
    }
}
