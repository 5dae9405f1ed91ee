namespace EduFlows.Notifications;

/// <summary>
/// How e-mail leaves the app: the SendGrid key, sender and optional host (settings <c>SENDGRID_API_KEY</c>,
/// <c>SENDGRID_FROM</c>, <c>SENDGRID_FROM_NAME</c>, <c>SENDGRID_HOST</c>, <c>SENDGRID_SANDBOX</c>), the address that
/// links in mail point at (<c>EDUFLOWS_PUBLIC_URL</c>) and the default language of mail (<c>MAIL_CULTURE</c>).
/// </summary>
/// <param name="ApiKey">The SendGrid API key.</param>
/// <param name="FromEmail">The sender address.</param>
/// <param name="FromName">The sender's display name.</param>
/// <param name="Host">Another SendGrid-compatible host (the dev mailbox locally); null for api.sendgrid.com.</param>
/// <param name="Sandbox">SendGrid's sandbox mode: validated, not delivered.</param>
/// <param name="PublicBaseUrl">Where staff reach the app; task and sign-in links start with it.</param>
/// <param name="DefaultCulture">"zh-CN" or "en".</param>
public sealed record MailSettings(string ApiKey, string FromEmail, string FromName, string? Host, bool Sandbox, Uri PublicBaseUrl, string DefaultCulture)
{
    /// <summary>The path of the app's own SendGrid-compatible endpoint in Development (the client appends /v3/mail/send).</summary>
    public const string DevSendGridPath = "/dev/sendgrid";

    /// <summary>
    /// Reads the settings. In Development, without a key, mail goes to the app's own dev mailbox; elsewhere a missing
    /// key is an error naming the setting.
    /// </summary>
    /// <exception cref="InvalidOperationException">When a setting is missing or malformed, naming it.</exception>
    public static MailSettings FromConfiguration(IConfiguration configuration, bool development)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string publicUrl = configuration["EDUFLOWS_PUBLIC_URL"] is { Length: > 0 } configured ? configured : "http://localhost:7071";
        if (!Uri.TryCreate(publicUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"EDUFLOWS_PUBLIC_URL must be an absolute http(s) URL, not '{publicUrl}'.");
        }

        string? apiKey = configuration["SENDGRID_API_KEY"];
        string? host = configuration["SENDGRID_HOST"] is { Length: > 0 } h ? h.TrimEnd('/') : null;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            if (!development)
            {
                throw new InvalidOperationException("SENDGRID_API_KEY is not set; staff cannot be sent their tasks.");
            }

            // Development without a key: the app's own SendGrid-compatible mailbox receives everything, with a key made
            // now, so that a constant read in the source does not let another machine post mail into it.
            apiKey = "dev-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            host ??= new Uri(baseUrl, DevSendGridPath.TrimStart('/')).ToString().TrimEnd('/');
        }

        string culture = configuration["MAIL_CULTURE"] is { Length: > 0 } c ? c : "zh-CN";
        if (culture is not ("zh-CN" or "en"))
        {
            throw new InvalidOperationException($"MAIL_CULTURE must be 'zh-CN' or 'en', not '{culture}'.");
        }

        bool sandbox = configuration["SENDGRID_SANDBOX"] is { Length: > 0 } s && (bool.TryParse(s, out bool on) ? on : throw new InvalidOperationException("SENDGRID_SANDBOX must be true or false."));
        return new MailSettings(
            apiKey,
            configuration["SENDGRID_FROM"] is { Length: > 0 } from ? from : "noreply@qz-edu.example.cn",
            configuration["SENDGRID_FROM_NAME"] is { Length: > 0 } name ? name : "青州市教育局",
            host,
            sandbox,
            baseUrl,
            culture);
    }

    /// <summary>The SendGrid client these settings describe (the real one; only its host differs locally).</summary>
    public SendGrid.SendGridClient CreateClient(HttpClient? httpClient = null)
    {
        var options = new SendGrid.SendGridClientOptions { ApiKey = ApiKey };
        if (Host is not null)
        {
            options.Host = Host;
        }

        return httpClient is null ? new SendGrid.SendGridClient(options) : new SendGrid.SendGridClient(httpClient, options);
    }

    /// <summary>An absolute link to a path of the app.</summary>
    public Uri Link(string pathAndQuery) => new(PublicBaseUrl, pathAndQuery.TrimStart('/'));
}
