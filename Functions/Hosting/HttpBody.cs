using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EduFlows.Hosting;

/// <summary>
/// Reads an HTTP function's JSON body with the app's JSON options. A body that is missing, not JSON, or of the wrong
/// shape becomes problem+json naming the field (400, or 415 for another media type), Chinese first with the English
/// beside, the same under either host; nothing behind the function runs.
/// </summary>
public static class HttpBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>.</summary>
    public static Task<BodyRead<T>> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, requireKnownMember: false, cancellationToken);

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, which must be a JSON object naming at least one of its members:
    /// <c>{}</c>, or only unknown members, would otherwise read as all defaults (422 naming the body).
    /// </summary>
    public static Task<BodyRead<T>> ReadJsonObjectAsync<T>(this HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, requireKnownMember: true, cancellationToken);

    /// <summary>
    /// Reads a form (url-encoded or multipart); a form that cannot be read (multipart without a boundary, a broken
    /// part) is a 400 naming the body instead of an exception.
    /// </summary>
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadFormOrProblemAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return (await request.ReadFormAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // Kestrel's own refusals (a body over the size limit: 413) keep their status.
            int status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return (null, status == StatusCodes.Status413PayloadTooLarge
                ? FieldProblem.ForStaff(status, "body", "提交的内容过大，未作任何处理。", $"The form is too large: {ex.Message}")
                : FieldProblem.ForStaff(status, "body", "表单无法读取，未作任何处理；请重新提交。", $"The form could not be read: {ex.Message}"));
        }
    }

    /// <summary>
    /// A problem when the Content-Type names a charset other than UTF-8 (JSON is UTF-8; another or an unknown charset
    /// would be misread), else null.
    /// </summary>
    public static ProblemHttpResult? RefuseCharset(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.Charset.HasValue
            || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return FieldProblem.ForStaff(StatusCodes.Status415UnsupportedMediaType, "body",
            $"内容须为 UTF-8 编码的 JSON，不支持“{type.Charset}”编码。", $"JSON is read as UTF-8; the charset \"{type.Charset}\" is not supported.");
    }

    private static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, bool requireKnownMember, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return new BodyRead<T>(null, FieldProblem.ForStaff(StatusCodes.Status415UnsupportedMediaType, "body",
                "内容须为 JSON 格式。", $"Expected a supported JSON media type but got \"{request.ContentType}\"."));
        }

        if (RefuseCharset(request) is { } charset)
        {
            return new BodyRead<T>(null, charset);
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            T? value;
            if (requireKnownMember)
            {
                using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
                var members = options.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToHashSet(options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
                if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any(m => members.Contains(m.Name)))
                {
                    string expected = string.Join(", ", members.Order(StringComparer.Ordinal));
                    return new BodyRead<T>(null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "body",
                        $"提交的内容中没有任何应填的项（{expected}），未作任何保存。", $"The body names none of the expected members ({expected}); nothing was stored."));
                }

                value = document.RootElement.Deserialize<T>(options);
            }
            else
            {
                value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken).ConfigureAwait(false);
            }

            return value is null
                ? new BodyRead<T>(null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", "请求没有内容：须提交一个 JSON 对象。", "The request has no body; a JSON object is expected."))
                : new BodyRead<T>(value, null);
        }
        catch (JsonException json)
        {
            // "$.advanceBy" → "advanceBy"; a document that does not parse at all is the body's fault.
            string field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            string zh = field == "body" ? "提交的内容无法读取：须为格式正确的 JSON 对象。" : $"“{field}”无法读取：类型或格式不对。";
            return new BodyRead<T>(null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, field, zh, $"'{field}' could not be read: {json.Message.Split(" Path:", 2)[0]}"));
        }
    }
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
