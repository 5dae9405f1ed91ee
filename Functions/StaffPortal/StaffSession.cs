using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EduFlows.StaffPortal;

/// <summary>
/// The signed-in staff member behind a request. Functions read the session cookie themselves: neither Azure's host nor
/// the local host runs authentication middleware before a function.
/// </summary>
public static class StaffSession
{
    /// <summary>The session's principal (anonymous without a valid session); also sets <c>HttpContext.User</c>.</summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> UserAsync(HttpContext context)
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
}
