using System.Reflection;

namespace EduFlows.FunctionIndex;

/// <summary>The function app as this host runs it: every function its build listed in functions.metadata, bound.</summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<IndexedFunction> functions) => Functions = functions;

    /// <summary>Every function, in the file's order.</summary>
    public IReadOnlyList<IndexedFunction> Functions { get; }

    /// <summary>The functions with the given trigger type (e.g. "httpTrigger").</summary>
    public IEnumerable<IndexedFunction> WithTrigger(string triggerType) =>
        Functions.Where(f => f.Metadata.TriggerType.Equals(triggerType, StringComparison.OrdinalIgnoreCase));

    /// <summary>A catalog of functions bound elsewhere (tests of one kind of trigger).</summary>
    internal static FunctionCatalog Of(params IndexedFunction[] functions) => new(functions);

    /// <summary>Reads functions.metadata beside the app's assembly and binds every function in it.</summary>
    /// <exception cref="FunctionIndexException">When the file is missing or a function cannot be hosted.</exception>
    public static FunctionCatalog Load(Assembly app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metadata = FunctionMetadata.Load(Path.GetDirectoryName(app.Location)!);
        var foreign = metadata.FirstOrDefault(m => !m.ScriptFile.Equals(Path.GetFileName(app.Location), StringComparison.OrdinalIgnoreCase));
        if (foreign is not null)
        {
            throw new FunctionIndexException($"Function '{foreign.Name}' lives in {foreign.ScriptFile}; this host runs {Path.GetFileName(app.Location)} only.");
        }

        var duplicate = metadata.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FunctionIndexException($"Function name '{duplicate.Key}' is used by {duplicate.Count()} functions; names are unique (case-insensitive).");
        }

        return new FunctionCatalog([.. metadata.Select(m => IndexedFunction.Create(m, app))]);
    }
}
