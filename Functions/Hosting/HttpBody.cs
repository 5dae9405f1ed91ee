using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EduFlows.Hosting;

/// <summary>
/// Reads an HTTP function's JSON body with the app's JSON options. A body that is missing, not JSON, or of the wrong
/// shape becomes problem+json naming the field (400, or 415 for another media type), the same under either host;
/// nothing behind the function runs.
/// </summary>
public static class HttpBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>.</summary>
    public static async Task<BodyRead<T>> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return new BodyRead<T>(null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "body",
                $"Expected a supported JSON media type but got \"{request.ContentType}\"."));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken).ConfigureAwait(false);
            return value is null
                ? new BodyRead<T>(null, Problem(StatusCodes.Status400BadRequest, "Bad request", "body", "The request has no body; a JSON object is expected."))
                : new BodyRead<T>(value, null);
        }
        catch (JsonException json)
        {
            // "$.advanceBy" → "advanceBy"; a document that does not parse at all is the body's fault.
            string field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            return new BodyRead<T>(null, Problem(StatusCodes.Status400BadRequest, "Bad request", field, $"'{field}' could not be read: {json.Message.Split(" Path:", 2)[0]}"));
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string field, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>A body read: the value, or the problem to answer with.</summary>
/// <param name="Value">The body, when it could be read.</param>
/// <param name="Problem">The answer when it could not.</param>
public readonly record struct BodyRead<T>(T? Value, IResult? Problem)
    where T : class
{
    /// <summary>True when the body could not be read; answer with <see cref="Problem"/>.</summary>
    [MemberNotNullWhen(true, nameof(Problem))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool Failed => Problem is not null;
}
