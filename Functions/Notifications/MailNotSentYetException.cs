namespace EduFlows.Notifications;

/// <summary>SendGrid could not take the message now (429, 5xx, network) or another sender holds it: try again later.</summary>
public sealed class MailNotSentYetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailNotSentYetException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public MailNotSentYetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public MailNotSentYetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
