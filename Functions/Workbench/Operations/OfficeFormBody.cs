using System.Text;
using System.Text.Json.Nodes;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// The JSON body <see cref="OfficeForms.RunAsync"/> makes of a posted form, each field a member by its name, as the act's
/// <c>run</c> reads it and hands it on. A form whose route takes the body in another shape (a whole record, nested
/// members, lines read as items) reads the fields here, maps them, and hands the route's body back; a form that only
/// adds what it does not show (who acted) adds that one member.
/// </summary>
public static class OfficeFormBody
{
    /// <summary>The form's fields as the request's body now holds them (nothing read: none).</summary>
    /// <param name="request">The request <c>run</c> was given.</param>
    /// <param name="cancellationToken">The request's.</param>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject ?? [];
    }

    /// <summary>Makes <paramref name="body"/> the JSON body the route's handler reads, in place of what the request held.</summary>
    /// <param name="request">The request the route's handler is called with.</param>
    /// <param name="body">The route's body.</param>
    public static void Replace(HttpRequest request, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        byte[] json = Encoding.UTF8.GetBytes(body.ToJsonString());
        request.Body = new MemoryStream(json);
        request.ContentType = "application/json; charset=utf-8";
        request.ContentLength = json.Length;
    }

    /// <summary>Adds one member the form does not show to the body the route's handler reads.</summary>
    /// <param name="request">The request <c>run</c> was given.</param>
    /// <param name="name">The member's name, as the route reads it.</param>
    /// <param name="value">Its value.</param>
    /// <param name="cancellationToken">The request's.</param>
    public static async Task AddAsync(HttpRequest request, string name, string value, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        body[name] = value;
        Replace(request, body);
    }
}
