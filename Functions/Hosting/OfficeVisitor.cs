namespace EduFlows.Hosting;

/// <summary>Who was let into the office's pages, and how (set on the request by <see cref="OfficeGuard"/>).</summary>
/// <param name="By">How: the master key, a signed-in staff session, or App Service Authentication.</param>
/// <param name="StaffId">The staff member, for a session; null otherwise.</param>
/// <param name="Name">The person's name; empty for the master key.</param>
/// <param name="PrincipalId">App Service Authentication's id of the user (<c>x-ms-client-principal-id</c>), if it gave one; null otherwise.</param>
public sealed record OfficeVisitor(OfficeAdmission By, string? StaffId, string Name, string? PrincipalId = null)
{
    /// <summary>How the audit log names whoever acted with the master key.</summary>
    public const string MasterKeyActor = "master key";

    /// <summary>The prefix of an App Service Authentication user's actor, so it is never taken for a staff id.</summary>
    public const string EasyAuthActorPrefix = "easy-auth:";

    private const string ItemKey = "EduFlows.OfficeVisitor";

    // The guard's visitor for code that has no request in hand (a desk called by a route's handler): set around the
    // office function only, so it flows into everything that function awaits and nowhere else.
    private static readonly AsyncLocal<OfficeVisitor?> Running = new();

    /// <summary>
    /// The visitor of the office function running in this call's flow, or null (not within an office function).
    /// </summary>
    public static OfficeVisitor? Current => Running.Value;

    /// <summary>Who acted, as the audit log names them: the staff id, the App Service user, or <see cref="MasterKeyActor"/>.</summary>
    public string Actor => By switch
    {
        OfficeAdmission.StaffSession => StaffId!,
        OfficeAdmission.EasyAuth => EasyAuthActorPrefix + (PrincipalId is { Length: > 0 } id ? id : Name),
        _ => MasterKeyActor,
    };

    /// <summary>The visitor the guard let in on this request, or null (not an office route, or refused).</summary>
    public static OfficeVisitor? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out object? visitor) ? visitor as OfficeVisitor : null;
    }

    /// <summary>Records the visitor on the request, for the pages it opens.</summary>
    internal void Admit(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>Makes <paramref name="visitor"/> <see cref="Current"/> for the rest of the caller's flow (the guard, just before the function).</summary>
    internal static void Enter(OfficeVisitor? visitor) => Running.Value = visitor;
}

/// <summary>How a visitor was let into the office's pages.</summary>
public enum OfficeAdmission
{
    /// <summary>The master key (<c>x-functions-key</c> or <c>?code=</c>): an administrator or a script.</summary>
    MasterKey,

    /// <summary>A signed-in staff session of a person in a bureau-office department.</summary>
    StaffSession,

    /// <summary>App Service Authentication, whose user holds the office app role.</summary>
    EasyAuth,
}
