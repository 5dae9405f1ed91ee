using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.Training;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Workbench;

/// <summary>
/// An office form post whose body cannot be read (over the host's size limit, a broken multipart or url-encoded form)
/// is the form page again for a browser, its status kept, with HttpBody's Chinese reason above the form, and nothing
/// changed; a script asking for JSON keeps the problem+json. Through a real socket, so the host's own size limit refuses.
/// </summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeFormBodyRefusalTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string NewLecture = "/api/office/training/new-lecture";
    private const string NewElection = "/api/office/head-teachers/new-election";
    private const string Unreadable = "表单无法读取，未作任何处理；请重新提交。";
    private const string TooLarge = "提交的内容过大，未作任何处理。";
    private TaskAppFactory _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite, AzuriteProcess.FreePort());
        _app.StartServer();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TrainingsNewLectureForm_BodyOverTheLimitOrBroken_IsTheFormWithTheReasonAbove_StatusKept_NothingSaved()
    {
        (string, string)[] good = [("lectureId", "lecture-body-01"), ("series", "lecture"), ("title", "做有温度的教育"), ("capacity", "40")];

        await AssertRefusedAsPageAsync(NewLecture, good);

        Assert.Null(await _app.Services.GetRequiredService<TrainingStore>().Lectures.GetAsync("lecture-body-01", CancellationToken.None));
    }

    [Fact]
    public async Task AssociationsNewElectionForm_BodyOverTheLimitOrBroken_IsTheFormWithTheReasonAbove_StatusKept_NothingOpened()
    {
        (string, string)[] good = [("electionId", "term-body"), ("title", "第三届理事会选举"), ("seats", "3")];

        await AssertRefusedAsPageAsync(NewElection, good);

        Assert.Null(await _app.Services.GetRequiredService<AssociationStore>().Elections.GetAsync("term-body", CancellationToken.None));
    }

    // The four ways a body cannot be read, each from a browser (the page) and from a script (problem+json).
    private async Task AssertRefusedAsPageAsync(string path, (string Name, string Value)[] good)
    {
        // '字' is nine bytes url-encoded: 600,000 of them pass the host's 4 MB long before the form's value length limit.
        byte[] oversize = await Form([.. good, ("note", new string('字', 600_000))]).ReadAsByteArrayAsync();
        string boundary = "----office-form";
        byte[] truncated = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n做有温度");
        byte[] longKey = await Form([.. good, (new string('k', 3000), "x")]).ReadAsByteArrayAsync();
        var cases = new (string Name, Func<HttpContent> Body, HttpStatusCode Status, string Reason)[]
        {
            ("over the limit", () => new Unsized(oversize, "application/x-www-form-urlencoded"), HttpStatusCode.RequestEntityTooLarge, TooLarge),
            ("multipart without a boundary", () => new ByteArrayContent(Encoding.UTF8.GetBytes("title=x")) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data") } }, HttpStatusCode.BadRequest, Unreadable),
            ("multipart cut short", () => new ByteArrayContent(truncated) { Headers = { ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}") } }, HttpStatusCode.BadRequest, Unreadable),
            ("url-encoded with a key over the limit", () => new ByteArrayContent(longKey) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded") } }, HttpStatusCode.BadRequest, Unreadable),
        };

        foreach (var (name, body, status, reason) in cases)
        {
            var page = await PostAsync(path, body(), "text/html");
            string html = await page.Content.ReadAsStringAsync();
            var script = await PostAsync(path, body(), "application/json");
            string json = await script.Content.ReadAsStringAsync();

            Assert.True(status == page.StatusCode, $"{name}: {(int)page.StatusCode} {html[..Math.Min(html.Length, 300)]}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"<p class=\"error\" id=\"error\" role=\"alert\" data-field=\"body\">{reason}</p>", html, StringComparison.Ordinal);
            Assert.Contains($"<form method=\"post\" action=\"{path}?code={TaskAppFactory.MasterKey}\" class=\"confirm\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"error\" id=\"error-", html, StringComparison.Ordinal);
            Assert.True(status == script.StatusCode, $"{name}: {(int)script.StatusCode} {json[..Math.Min(json.Length, 300)]}");
            Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(json)!;
            Assert.Equal("body", (string)problem["field"]!);
            Assert.StartsWith(reason, (string)problem["detail"]!, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent body, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?code={TaskAppFactory.MasterKey}") { Content = body };
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }

    private static FormUrlEncodedContent Form(IEnumerable<(string Name, string Value)> fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>A body sent without its length (chunked), as a browser's stream may be: only the host's limit stops it.</summary>
    private sealed class Unsized : HttpContent
    {
        private readonly byte[] _bytes;

        public Unsized(byte[] bytes, string mediaType)
        {
            _bytes = bytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
