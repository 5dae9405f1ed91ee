using EduFlows.Notifications;

namespace EduFlows.Tasks;

/// <summary>Builds the links in task mail: <c>{public url}/api/tasks/{id}?token=…</c>, the token signed for the assignee and expiring with the task.</summary>
public sealed class TaskLinks(TaskTokenSigner signer, MailSettings mail, string routePrefix)
{
    /// <summary>The link that opens a task for its assignee.</summary>
    public Uri For(StaffTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        string token = signer.Issue(new TaskLinkToken(task.Id, task.AssigneeId, task.DueAt));
        return mail.Link($"{Prefix}tasks/{Uri.EscapeDataString(task.Id)}?token={token}");
    }

    /// <summary>A link to another page of the app.</summary>
    public Uri To(string path) => mail.Link(Prefix + path.TrimStart('/'));

    private string Prefix => routePrefix.Length == 0 ? string.Empty : routePrefix.Trim('/') + "/";
}
