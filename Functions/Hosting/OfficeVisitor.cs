namespace EduFlows.Hosting;

/// <summary>Who was let into the office's pages, and how (set on the request by <see cref="OfficeGuard"/>).</summary>
/// <param name="By">How: the master key, a signed-in staff session, or App Service Authentication.</param>
/// <param name="StaffId">The staff member, for a session; null otherwise.</param>
/// <param name="Name">The person's name; empty for the master key.</param>
public sealed record OfficeVisitor(OfficeAdmission By, string? StaffId, string Name)
{
    private const string ItemKey = "EduFlows.OfficeVisitor";

    /// <summary>The visitor the guard let in on this request, or null (not an office route, or refused).</summary>
    public static OfficeVisitor? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out object? visitor) ? visitor as OfficeVisitor : null;
    }

    /// <summary>Records the visitor on the request, for the pages it opens.</summary>
    internal void Admit(HttpContext context) => context.Items[ItemKey] = this;
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
