namespace EduFlows.Tasks;

/// <summary>The task kinds the processes use, registered explicitly at startup (each process adds its own).</summary>
public sealed class TaskKindCatalog
{
    private readonly Dictionary<string, TaskKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Registers a kind.</summary>
    /// <exception cref="ArgumentException">When a kind of that name is registered, or the kind's fields are ill-formed.</exception>
    public TaskKindCatalog Add(TaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var duplicate = kind.Fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Task kind '{kind.Name}' has two fields named '{duplicate.Key}'.", nameof(kind));
        }

        if (kind.Fields.FirstOrDefault(f => f.Type == TaskFieldType.Choice && f.Options.Count == 0) is { } noOptions)
        {
            throw new ArgumentException($"Choice field '{noOptions.Name}' of task kind '{kind.Name}' has no options.", nameof(kind));
        }

        if (!_kinds.TryAdd(kind.Name, kind))
        {
            throw new ArgumentException($"Task kind '{kind.Name}' is registered twice.", nameof(kind));
        }

        return this;
    }

    /// <summary>The kind of that name.</summary>
    /// <exception cref="KeyNotFoundException">When no such kind is registered.</exception>
    public TaskKind Get(string name) =>
        _kinds.TryGetValue(name, out var kind) ? kind : throw new KeyNotFoundException($"No task kind '{name}' is registered.");
}
