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
/// The link's page signs in with a button press; the session is a secure, http-only cookie. Like everything under
/// <c>/api/me</c>, these answers are kept private: the link's secret is in the address.
/// </summary>
public sealed class SignInApi(
    SignInLinks links, DirectoryStore directory, SignInThrottle throttle, SignInMailer mailer, HtmlRendering html, MailSettings mail, StaffSessionStore sessions)
{
    /// <summary>The claim holding the staff id.</summary>
    public const string StaffIdClaim = "staff_id";

    /// <summary>The route of a mailed sign-in link, under the route prefix.</summary>
    private const string LinkRoute = "me/sign-in/{secret}";

    /// <summary>The signed-in staff member's id, or null without a session.</summary>
    public static string? StaffIdOf(System.Security.Claims.ClaimsPrincipal user) => user?.FindFirst(StaffIdClaim)?.Value;

    /// <summary><c>POST /api/me/sign-in</c> (form or JSON <c>{"email": …}</c>): 202 whoever it is; 422 not an address, 429 too many.</summary>
    [Function("MeSignInRequest")]
    public async Task<IResult> RequestLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        TokenPages.KeepTokenPrivate(context.Response);
        string? email;
        string? returnTo;
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return unreadable;
            }

            email = form!["email"].ToString();
            returnTo = form[ReturnPath.Name].ToString();
        }
        else
        {
            try
            {
                var body = await request.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
                email = StringOf(body, "email");
                returnTo = StringOf(body, ReturnPath.Name);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                (email, returnTo) = (null, null);
            }
        }

        // A page of this app to come back to after signing in; anything else is dropped (the sign-in then goes to /api/me).
        returnTo = MeApi.ReturnToOf(context, returnTo);

        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !DirectoryValidation.IsEmailAddress(email))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "email", "请填写有效的邮箱地址。", "email must be an e-mail address.");
        }

        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.TryAcquire(email, client, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return FieldProblem.ForStaff(StatusCodes.Status429TooManyRequests, "email", "登录请求过于频繁，请稍后再试。", "Too many sign-in requests; try again later.");
        }

        // Everything that differs between a known and an unknown address happens after answering, so neither the
        // answer nor its timing tells them apart.
        mailer.Enqueue(email, returnTo);

        const string Answer = "If the address belongs to a staff member, a sign-in link is on its way. It works once, for 15 minutes.";
        const string AnswerZh = "如该邮箱属于在职人员，登录链接已发送，15 分钟内有效，仅可使用一次。";
        if (request.HasFormContentType)
        {
            return await MeApi.PageAsync(context, html, null, [], [], notice: mail.DefaultCulture == "en" ? Answer : AnswerZh, status: StatusCodes.Status202Accepted, returnTo: returnTo).ConfigureAwait(false);
        }

        // A phone app shows the message as it is: Chinese first, as everything staff read.
        return Results.Json(new { message = mail.DefaultCulture == "en" ? Answer : $"{AnswerZh} {Answer}" }, statusCode: StatusCodes.Status202Accepted);
    }

    private static string? StringOf(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// <c>GET /api/me/sign-in/{secret}[?returnTo=…]</c>: the page that confirms signing in as the link's staff member (410
    /// once used or expired); its button keeps the link's <c>returnTo</c> when that is a page of this app.
    /// </summary>
    [Function("MeSignInLink")]
    public async Task<IResult> ShowLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LinkRoute)] HttpRequest request,
        string secret,
        string? lang,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        TokenPages.KeepTokenPrivate(context.Response);

        // Only looks: a mail scanner that follows the link must not use it up.
        string? staffId = await links.PeekAsync(secret, cancellationToken).ConfigureAwait(false);
        var staff = staffId is null ? null : await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
        if (staff is null && TaskApi.WantsJson(request))
        {
            return LinkGone();
        }

        return new RenderedPage<SignInConfirmPage>(
            new Dictionary<string, object?>
            {
                [nameof(SignInConfirmPage.Culture)] = lang == "en" ? "en" : "zh-CN",
                [nameof(SignInConfirmPage.Name)] = staff?.Name,
                [nameof(SignInConfirmPage.ConfirmUrl)] = (request.PathBase + request.Path).ToString() + ReturnQuery(MeApi.ReturnToOf(context, request.Query[ReturnPath.Name])),
                [nameof(SignInConfirmPage.MeUrl)] = request.PathBase + MeApi.MePath(context),
            },
            staff is null ? StatusCodes.Status410Gone : StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>POST /api/me/sign-in/{secret}[?returnTo=…]</c>: uses the link up and starts the session; redirects to
    /// <c>returnTo</c> when it is a page of this app, otherwise to <c>/api/me</c> (410 once used or expired).
    /// </summary>
    [Function("MeSignInConfirm")]
    public async Task<IResult> RedeemAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = LinkRoute)] HttpRequest request,
        string secret,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        TokenPages.KeepTokenPrivate(context.Response);
        string? staffId = await links.RedeemAsync(secret, cancellationToken).ConfigureAwait(false);
        var staff = staffId is null ? null : await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
        if (staff is null)
        {
            if (TaskApi.WantsJson(request))
            {
                return LinkGone();
            }

            return new RenderedPage<SignInConfirmPage>(
                new Dictionary<string, object?> { [nameof(SignInConfirmPage.Culture)] = "zh-CN", [nameof(SignInConfirmPage.MeUrl)] = request.PathBase + MeApi.MePath(context) },
                StatusCodes.Status410Gone);
        }

        // Each sign-in is its own server-side session, so that signing out can end it (StaffSession).
        var principal = await StaffSession.StartAsync(sessions, staff.Id, staff.Name, cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return Results.Redirect(MeApi.ReturnToOf(context, request.Query[ReturnPath.Name]) ?? request.PathBase + MeApi.MePath(context), permanent: false, preserveMethod: false);
    }

    /// <summary>"?returnTo=…" for a checked return path, or nothing.</summary>
    internal static string ReturnQuery(string? returnTo) => returnTo is null ? string.Empty : "?" + ReturnPath.Name + "=" + Uri.EscapeDataString(returnTo);

    // A caller that asked for JSON gets the refusal as problem+json; a browser gets the page saying the link is spent.
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult LinkGone() =>
        FieldProblem.ForStaff(StatusCodes.Status410Gone, "secret", "该登录链接已使用或已过期，请在 /api/me/sign-in 重新获取。", "This sign-in link has been used or has expired; ask for a new one at /api/me/sign-in.");

    /// <summary><c>POST /api/me/sign-out</c>: revokes the session on the server, clears its cookie and redirects to <c>/api/me</c>.</summary>
    [Function("MeSignOut")]
    public async Task<IResult> SignOutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/sign-out")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        TokenPages.KeepTokenPrivate(context.Response);
        await StaffSession.EndAsync(context, sessions, cancellationToken).ConfigureAwait(false);
        return Results.Redirect(request.PathBase + MeApi.MePath(context), permanent: false, preserveMethod: false);
    }
}
