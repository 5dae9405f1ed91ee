using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EduFlows.StaffPortal;

/// <summary>
/// The signed-in staff member behind a request. Functions read the session cookie themselves: neither Azure's host nor
/// the local host runs authentication middleware before a function. A cookie is only as good as the server-side
/// session it names (<see cref="StaffSessionStore"/>): every read checks it, and signing out revokes it.
/// </summary>
public static class StaffSession
{
    /// <summary>The claim holding the session's id (one per sign-in).</summary>
    public const string SessionIdClaim = "session_id";

    /// <summary>The session's principal (anonymous without a valid session); also sets <c>HttpContext.User</c>.</summary>
    public static async Task<ClaimsPrincipal> UserAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (result.Succeeded && result.Principal is { } principal)
        {
            context.User = principal;
        }

        return context.User;
    }

    /// <summary>The signed-in staff member's id, or null without a session.</summary>
    public static async Task<string?> StaffIdAsync(HttpContext context) => SignInApi.StaffIdOf(await UserAsync(context).ConfigureAwait(false));

    /// <summary>A new session's principal: the staff member, under a session id just recorded as active.</summary>
    internal static async Task<ClaimsPrincipal> StartAsync(StaffSessionStore sessions, string staffId, string name, CancellationToken cancellationToken)
    {
        string sessionId = await sessions.StartAsync(staffId, cancellationToken).ConfigureAwait(false);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(SignInApi.StaffIdClaim, staffId), new Claim(ClaimTypes.Name, name), new Claim(SessionIdClaim, sessionId)],
            CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Ends the request's session, if it has one, on the server (every copy of its cookie) and clears its cookie.</summary>
    internal static async Task EndAsync(HttpContext context, StaffSessionStore sessions, CancellationToken cancellationToken)
    {
        var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (result.Principal?.FindFirst(SessionIdClaim)?.Value is { Length: > 0 } sessionId)
        {
            await sessions.RevokeAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
    }

    /// <summary>
    /// The cookie handler's check on every read of a cookie (<c>OnValidatePrincipal</c>, run inside each
    /// <c>AuthenticateAsync</c> under either host): a cookie without a session, or whose session is unknown or revoked,
    /// signs nobody in and is cleared.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? sessionId = context.Principal?.FindFirst(SessionIdClaim)?.Value;
        string? staffId = context.Principal is { } principal ? SignInApi.StaffIdOf(principal) : null;
        var sessions = context.HttpContext.RequestServices.GetService<StaffSessionStore>();
        bool active = sessionId is { Length: > 0 } && staffId is { Length: > 0 } && sessions is not null
            && await sessions.IsActiveAsync(sessionId, staffId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (!active)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }
}
