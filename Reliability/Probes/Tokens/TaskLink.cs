namespace EduFlows.Reliability.Probes.Tokens;

/// <summary>A mailed task link: the task and the token that opens it.</summary>
internal sealed record TaskLink(string TaskId, string Token)
{
    public string Path => Of(Token);

    /// <summary>This task's address with another token.</summary>
    public string Of(string token) => $"/api/tasks/{Uri.EscapeDataString(TaskId)}?token={Uri.EscapeDataString(token)}";
}
