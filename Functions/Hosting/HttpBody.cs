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
        where T : class => ReadAsync<T>(request, null, requireKnownMember: false, cancellationToken);

    /// <summary>Reads the body as <typeparamref name="T"/> with <paramref name="options"/> (a stored record's own JSON, where the body is the record).</summary>
    public static Task<BodyRead<T>> ReadRecordAsync<T>(this HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, options ?? throw new ArgumentNullException(nameof(options)), requireKnownMember: false, cancellationToken);

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, which must be a JSON object naming at least one of its members:
    /// <c>{}</c>, or only unknown members, would otherwise read as all defaults (422 naming the body).
    /// </summary>
    public static Task<BodyRead<T>> ReadJsonObjectAsync<T>(this HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, null, requireKnownMember: true, cancellationToken);

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
                ? TooLarge($"The form is too large: {ex.Message}")
                : FieldProblem.ForStaff(status, "body", "表单无法读取，未作任何处理；请重新提交。", $"The form could not be read: {ex.Message}"));
        }
    }

    /// <summary>
    /// The 413 for a body over the host's limit, naming the body: Chinese first (with the limit when known), then
    /// <paramref name="en"/>. Both hosts refuse an oversize body in these words, as this reader does a form.
    /// </summary>
    /// <param name="en">The English beside, e.g. the server's own message.</param>
    /// <param name="limitBytes">The host's limit, said in MB when given.</param>
    public static ProblemHttpResult TooLarge(string en, long? limitBytes = null) =>
        FieldProblem.ForStaff(StatusCodes.Status413PayloadTooLarge, "body",
            limitBytes is { } limit ? $"提交的内容过大，未作任何处理：一次最多 {limit / (1024 * 1024)} MB。" : "提交的内容过大，未作任何处理。", en);

    /// <summary>
    /// The refusal of a JSON body that does not parse or holds a value of the wrong type: the member at fault (or the
    /// body, for a document that does not parse at all), Chinese first. The local host's binding failures say the same.
    /// </summary>
    /// <param name="json">What the serializer threw.</param>
    /// <param name="status">The status: 400 unless the server chose another.</param>
    public static ProblemHttpResult Unreadable(JsonException json, int status = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(json);

        // "$.advanceBy" → "advanceBy"; a document that does not parse at all is the body's fault.
        string field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        string zh = field == "body" ? "提交的内容无法读取：须为格式正确的 JSON 对象。" : $"“{field}”无法读取：类型或格式不对。";
        return FieldProblem.ForStaff(status, field, zh, $"'{field}' could not be read: {json.Message.Split(" Path:", 2)[0]}");
    }

    /// <summary>
    /// The 415 for a body that is not JSON. <paramref name="field"/> is the body, or the header where an API has always
    /// named it (the directory's records).
    /// </summary>
    public static ProblemHttpResult NotJson(HttpRequest request, string field = "body")
    {
        ArgumentNullException.ThrowIfNull(request);
        return FieldProblem.ForStaff(StatusCodes.Status415UnsupportedMediaType, field,
            "内容须为 JSON 格式。", $"Expected a supported JSON media type but got \"{request.ContentType}\".");
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

    private static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions? options, bool requireKnownMember, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return new BodyRead<T>(null, NotJson(request));
        }

        if (RefuseCharset(request) is { } charset)
        {
            return new BodyRead<T>(null, charset);
        }

        options ??= request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
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
            return new BodyRead<T>(null, Unreadable(json));
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
