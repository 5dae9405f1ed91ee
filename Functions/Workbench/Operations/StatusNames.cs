using EduFlows.Notifications;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench.Operations;

/// <summary>The names of task, mail and instance statuses on the office's pages: staff read the Chinese, never the code.</summary>
public static class StatusNames
{
    /// <summary>A task's status.</summary>
    public static string Of(StaffTaskStatus status, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return status switch
        {
            StaffTaskStatus.Open => links.Say("待办", "open"),
            StaffTaskStatus.Submitted => links.Say("已提交", "submitted"),
            StaffTaskStatus.Expired => links.Say("已逾期关闭", "expired"),
            _ => links.Say("已撤回", "cancelled"),
        };
    }

    /// <summary>An outbox message's status.</summary>
    public static string Of(MailStatus status, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return status switch
        {
            MailStatus.Pending => links.Say("待发送", "pending"),
            MailStatus.Sending => links.Say("发送中", "sending"),
            MailStatus.Sent => links.Say("已发送", "sent"),
            _ => links.Say("发送失败", "failed"),
        };
    }

    /// <summary>An orchestration instance's status.</summary>
    public static string Of(OrchestrationRuntimeStatus status, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return status switch
        {
            OrchestrationRuntimeStatus.Pending => links.Say("待启动", "pending"),
            OrchestrationRuntimeStatus.Running => links.Say("运行中", "running"),
            OrchestrationRuntimeStatus.Suspended => links.Say("已暂停", "suspended"),
            OrchestrationRuntimeStatus.Completed => links.Say("已完成", "completed"),
            OrchestrationRuntimeStatus.Failed => links.Say("失败", "failed"),
            OrchestrationRuntimeStatus.Terminated => links.Say("已终止", "terminated"),
            _ => links.Say("其他", "other"),
        };
    }

    /// <summary>Why an outbox message did not go, in words (the stored reason is SendGrid's own text, shown apart as a code).</summary>
    public static string Reason(string? lastError, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (string.IsNullOrEmpty(lastError))
        {
            return string.Empty;
        }

        if (lastError.StartsWith("SendGrid unreachable", StringComparison.Ordinal))
        {
            return links.Say("无法连接邮件服务，将自动重试", "The mail service could not be reached; it is retried");
        }

        var answered = System.Text.RegularExpressions.Regex.Match(lastError, @"^SendGrid answered (\d{3})");
        if (answered.Success)
        {
            string code = answered.Groups[1].Value;
            return code switch
            {
                "429" => links.Say("邮件服务限流（429），将自动重试", "The mail service is limiting (429); it is retried"),
                "401" or "403" => links.Say($"邮件服务拒绝了本系统的发送权限（{code}），请检查发信设置", $"The mail service refused our credentials ({code}); check the mail settings"),
                "400" => links.Say("邮件服务拒收（400），多为收件地址有误", "The mail service refused it (400), usually a wrong address"),
                _ when code[0] == '5' => links.Say($"邮件服务暂时故障（{code}），将自动重试", $"The mail service failed ({code}); it is retried"),
                _ => links.Say($"邮件服务拒收（{code}）", $"The mail service refused it ({code})"),
            };
        }

        return links.Say("其他错误（见下方原文）", "Another error (see the text below)");
    }
}
