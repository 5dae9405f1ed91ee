using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Hosting;

/// <summary>
/// Who may use the office's pages: the holder of the master key (as before), a staff member signed in by mailed link
/// whose department the directory marks as the bureau office (<see cref="Department.BureauOffice"/>), or, when the
/// app runs behind App Service Authentication, a user granted the <see cref="AppRole"/> app role. A visitor let in by
/// a cookie (session or App Service's) may not post from another site. A refusal is a Chinese page for a browser and
/// problem+json otherwise: 401 for nobody known, 403 for a known person who is not office staff or a cross-site post.
/// </summary>
/// <param name="easyAuth">True when App Service Authentication is on, so its principal header can be trusted.</param>
/// <param name="publicOrigin">The app's public origin, accepted as the Origin of its own forms.</param>
public sealed class OfficeAccess(bool easyAuth, string? publicOrigin)
{
    /// <summary>The app role (its value in the Entra ID app registration) that opens the office's pages behind App Service Authentication.</summary>
    public const string AppRole = "EduFlows.Office";

    /// <summary>Reads <c>WEBSITE_AUTH_ENABLED</c> (App Service sets it) and <c>EDUFLOWS_PUBLIC_URL</c>.</summary>
    public static OfficeAccess FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new OfficeAccess(EasyAuthPrincipal.IsEnabled(configuration), CrossSitePosts.OriginOf(configuration["EDUFLOWS_PUBLIC_URL"]));
    }

    /// <summary>Lets the request's visitor in (recorded on the request, see <see cref="OfficeVisitor.Of"/>) or answers why not.</summary>
    /// <returns>Null when let in; otherwise the refusal to write, the function not run.</returns>
    public async Task<IResult?> RefuseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var request = context.Request;
        if (services.GetRequiredService<FunctionKeys>().Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request)))
        {
            // A key is not sent by the browser on its own, so no cross-site check: as before this guard.
            new OfficeVisitor(OfficeAdmission.MasterKey, null, string.Empty).Admit(context);
            return null;
        }

        OfficeVisitor? visitor = null;
        string? known = null;
        if (easyAuth && EasyAuthPrincipal.From(request) is { } principal)
        {
            // App Service writes the user's id beside the principal; it names the user in the audit log when given.
            string? id = request.Headers["x-ms-client-principal-id"].ToString() is { Length: > 0 } given ? given : null;
            visitor = principal.HasRole(AppRole) ? new OfficeVisitor(OfficeAdmission.EasyAuth, null, principal.Name, id) : null;
            known = principal.Name;
        }
        else if (services.GetService<StaffSessionStore>() is not null
            && await StaffSession.UserAsync(context).ConfigureAwait(false) is var user
            && SignInApi.StaffIdOf(user) is { } staffId)
        {
            // The cookie handler has just checked the session on the server, so only the directory's answer may be
            // remembered (OfficeVisitorCache says why): a signed-out session never gets this far.
            var lookup = services.GetService<OfficeVisitorCache>() is { } cache && user.FindFirst(StaffSession.SessionIdClaim)?.Value is { Length: > 0 } sessionId
                ? await cache.GetAsync(sessionId, staffId, () => LookUpAsync(services, staffId, context.RequestAborted)).ConfigureAwait(false)
                : await LookUpAsync(services, staffId, context.RequestAborted).ConfigureAwait(false);
            known = lookup.Known;
            visitor = lookup.Visitor;
        }

        if (visitor is null)
        {
            return known is null ? NobodyKnown(context) : NotOffice(context, known);
        }

        if (CrossSitePosts.IsCrossSite(request, publicOrigin))
        {
            return CrossSite(context);
        }

        visitor.Admit(context);
        return null;
    }

    // The person and their department: office staff are let in, anyone else is known by name and refused.
    private static async Task<OfficeLookup> LookUpAsync(IServiceProvider services, string staffId, CancellationToken cancellationToken)
    {
        var directory = services.GetRequiredService<DirectoryStore>();
        var staff = await directory.Staff.GetAsync(staffId, cancellationToken).ConfigureAwait(false);
        var department = staff?.DepartmentId is { } departmentId ? await directory.Departments.GetAsync(departmentId, cancellationToken).ConfigureAwait(false) : null;
        return new OfficeLookup(staff?.Name ?? staffId, department is { BureauOffice: true } ? new OfficeVisitor(OfficeAdmission.StaffSession, staffId, staff!.Name) : null);
    }

    private static RenderedPage<OfficeRefusalPage> NobodyKnown(HttpContext context) => Page(
        context,
        StatusCodes.Status401Unauthorized,
        FunctionKeys.HeaderName,
        ("需要管理员密钥或局办公室人员登录", "Sign in as bureau office staff, or use the master key"),
        ("这个页面只对教育局办公室开放。办公室人员请用工作邮箱登录，登录后重新打开本页；系统管理员可使用带有管理员密钥的链接（地址中的 code 参数）。教职工请从邮件中的链接或“我的任务”页面办理。",
            "This page is for the bureau office. Office staff sign in with their work e-mail and open it again; an administrator opens it with the master key (the code parameter in the address). Staff answer their tasks from their mail or from My tasks."),
        ($"须以局办公室人员身份登录，或提供主密钥：放在请求头“{FunctionKeys.HeaderName}”或地址参数“code”中。",
            $"Sign in as bureau office staff, or give the master key in the '{FunctionKeys.HeaderName}' header or the 'code' query parameter."),
        signIn: true);

    private static RenderedPage<OfficeRefusalPage> NotOffice(HttpContext context, string name) => Page(
        context,
        StatusCodes.Status403Forbidden,
        "session",
        ("无权进入办公室页面", "Not for you: the office's pages"),
        ($"您已以{name}的身份登录，但名录中您所在的科室不是局办公室，因此不能进入办公室页面。办理自己的任务请打开“我的任务”；如确需办公室权限，请联系局办公室在名录中调整。",
            $"You are signed in as {name}, whose department in the directory is not the bureau office, so the office's pages are closed to you. Your own tasks are under My tasks; ask the bureau office to change the directory if you need the office's pages."),
        ($"已登录的{name}不是局办公室人员，不能进入办公室页面。", $"{name} is signed in but is not bureau office staff."),
        signIn: false);

    private static RenderedPage<OfficeRefusalPage> CrossSite(HttpContext context) => Page(
        context,
        StatusCodes.Status403Forbidden,
        "Origin",
        ("提交被拒绝", "Submission refused"),
        ("这次提交来自其他网站，未作任何处理。请在 EduFlows 的办公室页面上重新提交。", "This submission came from another site and was not taken; submit it again from the office's page."),
        ("这次提交来自其他网站，未作任何处理；请在办公室页面上提交。", "The submission came from another site and was not taken; submit it from the office's page."),
        signIn: false);

    private static RenderedPage<OfficeRefusalPage> Page(
        HttpContext context, int status, string field, (string Zh, string En) heading, (string Zh, string En) page, (string Zh, string En) problem, bool signIn)
    {
        bool english = Notifications.Languages.IsEnglish(Notifications.Languages.Normalize(context.Request.Query["lang"].FirstOrDefault()));
        string prefix = context.RequestServices.GetService<AppHostSettings>()?.RoutePrefix ?? "api";
        string me = context.Request.PathBase + (prefix.Length == 0 ? string.Empty : "/" + prefix) + "/me";
        return new RenderedPage<OfficeRefusalPage>(
            new Dictionary<string, object?>
            {
                [nameof(OfficeRefusalPage.Culture)] = english ? "en" : "zh-CN",
                [nameof(OfficeRefusalPage.Heading)] = english ? heading.En : heading.Zh,
                [nameof(OfficeRefusalPage.Detail)] = english ? page.En : page.Zh,
                [nameof(OfficeRefusalPage.SignInUrl)] = signIn ? me + "/sign-in" : null,
                [nameof(OfficeRefusalPage.MeUrl)] = me,
            },
            status,
            (field, $"{problem.Zh} {problem.En}"));
    }
}
