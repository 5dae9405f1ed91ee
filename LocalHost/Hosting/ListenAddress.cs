using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EduFlows.Hosting;

/// <summary>
/// The address the local host listens on, as the base of links in mail when <c>EDUFLOWS_PUBLIC_URL</c> is not set:
/// a link mailed by a host reached at http://127.0.0.1:7071 must open there, or its sign-in cookie belongs to another
/// origin than the pages that follow.
/// </summary>
internal static class ListenAddress
{
    /// <summary>The app setting the link builder reads (<see cref="Notifications.MailSettings"/>).</summary>
    public const string PublicUrlSetting = "EDUFLOWS_PUBLIC_URL";

    /// <summary>
    /// The first http(s) address of a <c>--urls</c> / <c>ASPNETCORE_URLS</c> value as a browser reaches it; null when
    /// there is none or its port is chosen only when listening (port 0). A wildcard host (all interfaces) becomes this
    /// machine's LAN address: listening on all interfaces is how a phone on the office's network is let in, and a link
    /// saying localhost would open the phone itself. Without a LAN address it stays localhost.
    /// </summary>
    public static string? PublicBaseOf(string? urls) => PublicBaseOf(urls, LanAddress);

    /// <summary><see cref="PublicBaseOf(string?)"/> with the machine's LAN address given (tests).</summary>
    public static string? PublicBaseOf(string? urls, Func<string?> lanAddress)
    {
        ArgumentNullException.ThrowIfNull(lanAddress);
        foreach (string url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue;
            }

            if (address.IsUnixPipe || address.IsNamedPipe || address.Scheme is not ("http" or "https"))
            {
                continue;
            }

            if (address.Port == 0)
            {
                return null;
            }

            string host = address.Host is "*" or "+" or "0.0.0.0" or "[::]" or "::" ? lanAddress() ?? "localhost" : address.Host;
            return $"{address.Scheme}://{host}:{address.Port}{address.PathBase}".TrimEnd('/');
        }

        return null;
    }

    /// <summary>The first IPv4 address of an interface that is up and not loopback (the machine as its LAN sees it), or null.</summary>
    public static string? LanAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?.ToString();

    /// <summary>When no public address is configured, gives the app the one this host listens on.</summary>
    public static void UseAsPublicUrlIfUnset(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[PublicUrlSetting] is { Length: > 0 })
        {
            return;
        }

        if (PublicBaseOf(configuration[WebHostDefaults.ServerUrlsKey]) is { } listening)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [PublicUrlSetting] = listening });
        }
    }
}
