using System.Security.Claims;
using System.Text.Json;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EduFlows.StaffPortal;

/// <summary>
/// Personal sign-in by e-mail: <c>POST /api/me/sign-in</c> with an address always answers the same 202 (whether the
/// address is a staff member's is never revealed) and, when it is, mails a link that works once for 15 minutes.
/// The link's page signs in with a button press; the session is a secure, http-only cookie.
/// </summary>
public static class SignInApi
{
    /// <summary>The claim holding the staff id.</summary>
    public const string StaffIdClaim = "staff_id";

    /// <summary>The signed-in staff member's id, or null without a session.</summary>
    public static string? StaffIdOf(System.Security.Claims.ClaimsPrincipal user) => user?.FindFirst(StaffIdClaim)?.Value;

    /// <summary>Maps the routes under <c>/api/me</c>.</summary>
    public static RouteGroupBuilder MapSignInApi(this RouteGroupBuilder me)
    {
        ArgumentNullException.ThrowIfNull(me);
        me.MapPost("/sign-in", RequestLinkAsync).DisableAntiforgery();
        me.MapGet("/sign-in/{secret}", ShowLinkAsync);
        me.MapPost("/sign-in/{secret}", RedeemAsync).DisableAntiforgery();
        me.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect(context.Request.PathBase + MeApi.MePath(context), permanent: false, preserveMethod: false);
        }).DisableAntiforgery();
        return me;
    }

    private static async Task<IResult> RequestLinkAsync(
        HttpContext context, SignInThrottle throttle, SignInMailer mailer, HtmlRendering html, MailSettings mail, CancellationToken ct)
    {
        var request = context.Request;
        string? email;
        if (request.HasFormContentType)
        {
            email = (await request.ReadFormAsync(ct).ConfigureAwait(false))["email"].ToString();
        }
        else
        {
            try
            {
                email = (await request.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)) is { ValueKind: JsonValueKind.Object } body
                    && body.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                email = null;
            }
        }

        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !DirectoryValidation.IsEmailAddress(email))
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "email", "email must be an e-mail address.");
        }

        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.TryAcquire(email, client, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return FieldProblem.Of(StatusCodes.Status429TooManyRequests, "email", "Too many sign-in requests; try again later.");
        }

        // Everything that differs between a known and an unknown address happens after answering, so neither the
        // answer nor its timing tells them apart.
        mailer.Enqueue(email);

        const string Answer = "If the address belongs to a staff member, a sign-in link is on its way. It works once, for 15 minutes.";
        if (request.HasFormContentType)
        {
            return await MeApi.PageAsync(context, html, null, [], [], notice: mail.DefaultCulture == "en" ? Answer : "如该邮箱属于在职人员，登录链接已发送，15 分钟内有效，仅可使用一次。", status: StatusCodes.Status202Accepted).ConfigureAwait(false);
        }

        return Results.Json(new { message = Answer }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ShowLinkAsync(string secret, string? lang, SignInLinks links, DirectoryStore directory, HttpContext context, CancellationToken ct)
    {
        string? staffId = await links.PeekAsync(secret, ct).ConfigureAwait(false);
        var staff = staffId is null ? null : await directory.Staff.GetAsync(staffId, ct).ConfigureAwait(false);
        return new RenderedPage<SignInConfirmPage>(
            new Dictionary<string, object?>
            {
                [nameof(SignInConfirmPage.Culture)] = lang == "en" ? "en" : "zh-CN",
                [nameof(SignInConfirmPage.Name)] = staff?.Name,
                [nameof(SignInConfirmPage.ConfirmUrl)] = (context.Request.PathBase + context.Request.Path).ToString(),
                [nameof(SignInConfirmPage.MeUrl)] = context.Request.PathBase + MeApi.MePath(context),
            },
            staff is null ? StatusCodes.Status410Gone : StatusCodes.Status200OK);
    }

    private static async Task<IResult> RedeemAsync(string secret, SignInLinks links, DirectoryStore directory, HttpContext context, CancellationToken ct)
    {
        string? staffId = await links.RedeemAsync(secret, ct).ConfigureAwait(false);
        var staff = staffId is null ? null : await directory.Staff.GetAsync(staffId, ct).ConfigureAwait(false);
        if (staff is null)
        {
            return new RenderedPage<SignInConfirmPage>(
                new Dictionary<string, object?> { [nameof(SignInConfirmPage.Culture)] = "zh-CN", [nameof(SignInConfirmPage.MeUrl)] = context.Request.PathBase + MeApi.MePath(context) },
                StatusCodes.Status410Gone);
        }

        var identity = new ClaimsIdentity([new Claim(StaffIdClaim, staff.Id), new Claim(ClaimTypes.Name, staff.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return Results.Redirect(context.Request.PathBase + MeApi.MePath(context), permanent: false, preserveMethod: false);
    }
}
