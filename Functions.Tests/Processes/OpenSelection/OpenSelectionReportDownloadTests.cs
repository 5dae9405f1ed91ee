using System.Net;
using EduFlows.Processes.OpenSelection;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using static EduFlows.Tests.Infrastructure.ProblemAssertions;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>The office's download of a selection's report (<c>office/open-selections/{id}/report/{xlsx|csv}</c>): CSV beside the Excel, the same rows as the report route's Excel.</summary>
[Collection(SelectionTrainingAssessmentProcessTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OpenSelectionReportDownloadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _http = _app.CreateClient();
        await _app.SeedStaffAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Report_CsvAndXlsx_HoldTheReportRoutesRows_AndThePageLinksTheCsv()
    {
        var (id, _, _) = await OpenSelectionOfficeApiTests.AtTheNoticeWithAnObjectionAsync(_app.Services.GetRequiredService<OpenSelectionStore>());

        var csv = await _http.GetAsync($"/api/office/open-selections/{id}/report/csv?code={Key}");
        var xlsx = await _http.GetAsync($"/api/office/open-selections/{id}/report/xlsx?code={Key}");
        var existing = await _http.GetAsync($"/api/open-selections/{id}/report?format=xlsx&code={Key}");
        string page = await _http.GetStringAsync($"/api/office/open-selections/{id}?code={Key}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (csv.StatusCode, xlsx.StatusCode));
        Assert.Equal(("text/csv", $"{id}-report.csv", $"{id}-report.xlsx"), (csv.Content.Headers.ContentType!.MediaType, csv.Content.Headers.ContentDisposition!.FileName, xlsx.Content.Headers.ContentDisposition!.FileName));
        var expected = Table(await existing.Content.ReadAsByteArrayAsync(), RosterFile.Format.Xlsx);
        Assert.Equal(6, expected.Count); // the header, two candidates, the counts and the age structure before and after
        Assert.Equal(expected, Table(await csv.Content.ReadAsByteArrayAsync(), RosterFile.Format.Csv));
        Assert.Equal(expected, Table(await xlsx.Content.ReadAsByteArrayAsync(), RosterFile.Format.Xlsx));
        Assert.Contains($"id=\"report-csv\" href=\"/api/office/open-selections/{id}/report/csv?code={Key}\"", page, StringComparison.Ordinal);
        // Both downloads on the office's own route, which an office sign-in opens (the report route wants the master key).
        Assert.Contains($"id=\"report-xlsx\" href=\"/api/office/open-selections/{id}/report/xlsx?code={Key}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithoutTheMasterKeyOrInAnotherFormat_IsRefused()
    {
        var (id, _, _) = await OpenSelectionOfficeApiTests.AtTheNoticeWithAnObjectionAsync(_app.Services.GetRequiredService<OpenSelectionStore>());

        await AssertProblemAsync(await _http.GetAsync($"/api/office/open-selections/{id}/report/csv"), HttpStatusCode.Unauthorized, "x-functions-key");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/open-selections/{id}/report/pdf?code={Key}"), HttpStatusCode.NotFound, "format");
        await AssertProblemAsync(await _http.GetAsync($"/api/office/open-selections/sel-none/report/csv?code={Key}"), HttpStatusCode.NotFound, "id");
    }

    private static List<string> Table(byte[] file, RosterFile.Format format)
    {
        var (header, rows) = RosterFile.Read(new MemoryStream(file), format);
        return [string.Join('|', header), .. rows.Select(r => string.Join('|', header.Select(h => r.Cells.GetValueOrDefault(h))))];
    }
}
