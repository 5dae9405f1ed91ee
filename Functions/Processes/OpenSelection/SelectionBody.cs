using EduFlows.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// Reads the JSON body of an open-selection route. The shared reader refuses in English only, its title the status's
/// phrase; applicants, objectors and the office read these routes' refusals in Chinese first, so each is said again
/// with the same status and field, the reader's English beside.
/// </summary>
internal static class SelectionBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>; a body that cannot be read is refused in Chinese first.</summary>
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        var read = await request.ReadJsonAsync<T>(ct).ConfigureAwait(false);
        return read.Problem is ProblemHttpResult refused ? new BodyRead<T>(null, InChinese(refused)) : read;
    }

    private static ProblemHttpResult InChinese(ProblemHttpResult refused)
    {
        var details = refused.ProblemDetails;
        string field = details.Extensions.TryGetValue("field", out var named) && named is string f ? f : "body";
        string zh = refused.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "请以 JSON 格式（application/json，UTF-8 编码）提交，未作任何修改。",
            StatusCodes.Status400BadRequest when field == "body" => "提交的内容不是有效的 JSON，未作任何修改。",
            StatusCodes.Status400BadRequest => $"“{field}”无法读取，请检查其格式，未作任何修改。",
            _ => "提交的内容无法受理，未作任何修改。",
        };
        return FieldProblem.ForStaff(refused.StatusCode, field, zh, details.Detail ?? string.Empty);
    }
}
