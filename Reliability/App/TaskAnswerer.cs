using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace EduFlows.Reliability.App;

/// <summary>
/// Answers the e-mailed tasks of a process the way a staff member would: opens each link from the caught mail, reads
/// the form's fields from its JSON and submits a plausible value for every required one. Lets a probe drive a process
/// to its end without knowing its forms.
/// </summary>
public sealed class TaskAnswerer(AppUnderTest app, Random random)
{
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    /// <summary>How many tasks were answered (accepted).</summary>
    public int Answered => _answered.Count;

    /// <summary>Answers every task mailed so far whose id starts with <paramref name="taskPrefix"/> and is not answered yet.</summary>
    /// <returns>How many were answered by this call.</returns>
    public async Task<int> AnswerMailedAsync(string taskPrefix, CancellationToken cancellationToken)
    {
        int answered = 0;
        var links = app.Mail.All
            .Select(TaskLink.In)
            .OfType<TaskLink>()
            .Where(l => l.TaskId.StartsWith(taskPrefix, StringComparison.Ordinal) && !_answered.Contains(l.TaskId))
            .DistinctBy(l => l.TaskId)
            .ToList();
        foreach (var link in links)
        {
            if (await AnswerAsync(link.TaskId, link.Token, cancellationToken))
            {
                answered++;
            }
        }

        return answered;
    }

    /// <summary>Opens one task's link and answers it; false when it is no longer open.</summary>
    public async Task<bool> AnswerAsync(string taskId, string token, CancellationToken cancellationToken)
    {
        string link = new TaskLink(taskId, token).Path;
        using var read = new HttpRequestMessage(HttpMethod.Get, link);
        read.Headers.Accept.ParseAdd("application/json");
        using var form = await app.Http.SendAsync(read, cancellationToken);
        if (!form.IsSuccessStatusCode)
        {
            return false;
        }

        var task = JsonNode.Parse(await form.Content.ReadAsStringAsync(cancellationToken));
        if ((string?)task?["status"] is { } status && !status.Equals("Open", StringComparison.OrdinalIgnoreCase))
        {
            _answered.Add(taskId);
            return false;
        }

        var answer = new JsonObject();
        foreach (var field in task?["fields"]?.AsArray() ?? [])
        {
            if (field is not null && (bool?)field["required"] == true && ValueFor(field) is { } value)
            {
                answer[(string)field["name"]!] = value;
            }
        }

        using var submit = new HttpRequestMessage(HttpMethod.Post, link) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
        using var submitted = await app.Http.SendAsync(submit, cancellationToken);
        if (submitted.IsSuccessStatusCode || submitted.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            _answered.Add(taskId);
            return submitted.IsSuccessStatusCode;
        }

        throw new InvalidOperationException($"Answering {taskId} with {answer.ToJsonString()} answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
    }

    // A plausible value for a field: a number in its range, the first option, a short text, today, a tick.
    private JsonNode? ValueFor(JsonNode field) => ((string?)field["type"] ?? "").ToUpperInvariant() switch
    {
        "NUMBER" => Number(field),
        "CHOICE" => field["options"]?.AsArray().FirstOrDefault()?["value"]?.DeepClone(),
        "DATE" => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "CONFIRM" => true,
        "RANKEDCHOICES" => null,
        _ => "可靠性测试：已办理。",
    };

    private JsonNode Number(JsonNode field)
    {
        decimal min = (decimal?)field["min"] ?? 0;
        decimal max = (decimal?)field["max"] ?? min + 10;
        int low = (int)Math.Ceiling(min), high = (int)Math.Floor(max);
        return high <= low ? low : random.Next(low, high + 1);
    }
}
