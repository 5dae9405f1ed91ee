using EduFlows.Notifications;

namespace EduFlows.Tests.Notifications;

/// <summary>An outbox message as a task mail writes it, for the mail tests.</summary>
internal static class TestMail
{
    public static OutboxMessage Message(string id, DateTimeOffset createdAt) => new()
    {
        Id = id,
        To = "wang.fang@qz.example.cn",
        ToName = "王芳",
        Template = "task-assigned",
        Culture = "zh-CN",
        Subject = "【待办】阅知确认",
        Html = "<p>html body</p>",
        Text = "text body",
        CreatedAt = createdAt,
    };
}
