using System.Net;
using System.Text.Json.Nodes;

namespace EduFlows.Tests.Infrastructure;

/// <summary>What every refusal test checks of an answer, and the raw bodies a hostile client sends.</summary>
public static class ProblemAssertions
{
    /// <summary>The answer is <paramref name="status"/> as problem+json naming <paramref name="field"/> (the body is the message otherwise).</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        ArgumentNullException.ThrowIfNull(response);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 400)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(field, (string)problem["field"]!);
        Assert.Equal((int)status, (int)problem["status"]!);
    }

    /// <summary>A body with exactly this Content-Type, unvalidated: some are what a hostile client sends, not what HttpClient would build.</summary>
    public static StringContent Raw(string body, string contentType)
    {
        var content = new StringContent(body);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
