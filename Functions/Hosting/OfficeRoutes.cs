using System.Reflection;

namespace EduFlows.Hosting;

/// <summary>
/// The office's functions: every HTTP function whose route is <c>office</c> or lies under <c>office/</c>, as its
/// <c>[HttpTrigger]</c> declares it (the build copies that route into functions.metadata). Read once from the app's
/// assembly, so a function added to an Office folder is guarded without being listed anywhere.
/// </summary>
public sealed class OfficeRoutes
{
    /// <summary>The first segment of every office route.</summary>
    public const string Segment = "office";

    private readonly HashSet<string> _names;

    private OfficeRoutes(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);

    /// <summary>The office functions' names.</summary>
    public IReadOnlySet<string> Names => _names;

    /// <summary>The office functions of the function app.</summary>
    public static OfficeRoutes OfApp() => Of(typeof(OfficeRoutes).Assembly);

    /// <summary>The office functions of <paramref name="assembly"/>.</summary>
    public static OfficeRoutes Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var names =
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            where function is not null
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
            where trigger is not null && IsOffice(trigger.Route)
            select function.Name;
        return new OfficeRoutes(names);
    }

    /// <summary>True for <c>office</c> and any route under <c>office/</c> (not <c>officers</c>).</summary>
    public static bool IsOffice(string? route)
    {
        string trimmed = (route ?? string.Empty).Trim('/');
        return trimmed.Equals(Segment, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(Segment + "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the function named <paramref name="functionName"/> serves an office route.</summary>
    public bool Contains(string functionName) => _names.Contains(functionName);
}
