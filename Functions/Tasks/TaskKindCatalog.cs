namespace EduFlows.Tasks;

/// <summary>The task kinds the processes use, registered explicitly at startup (each process adds its own).</summary>
public sealed class TaskKindCatalog
{
    private readonly Dictionary<string, TaskKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Registers a kind.</summary>
    /// <exception cref="ArgumentException">When a kind of that name is registered, or the kind's fields are ill-formed.</exception>
    public TaskKindCatalog Add(TaskKind kind)
    {
        Check(kind);
        if (!_kinds.TryAdd(kind.Name, kind))
        {
            throw new ArgumentException($"Task kind '{kind.Name}' is registered twice.", nameof(kind));
        }

        return this;
    }

    /// <summary>Registers several kinds.</summary>
    public TaskKindCatalog AddAll(IEnumerable<TaskKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var kind in kinds)
        {
            Add(kind);
        }

        return this;
    }

    /// <summary>Every registered kind, in no particular order (for checks over all forms).</summary>
    public IEnumerable<TaskKind> All => _kinds.Values;

    /// <summary>The kind of that name.</summary>
    /// <exception cref="KeyNotFoundException">When no such kind is registered.</exception>
    public TaskKind Get(string name) =>
        _kinds.TryGetValue(name, out var kind) ? kind : throw new KeyNotFoundException($"No task kind '{name}' is registered.");

    /// <summary>The form a task shows and is checked against: its kind, with the task's own fields when it has them.</summary>
    public TaskKind For(StaffTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var kind = Get(task.Kind);
        return task.Fields is { } own ? kind with { Fields = own } : kind;
    }

    /// <summary>Checks that a kind's fields are well-formed: unique names, choices with options.</summary>
    /// <exception cref="ArgumentException">When they are not.</exception>
    public static void Check(TaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Fields.Count == 0)
        {
            throw new ArgumentException($"Task kind '{kind.Name}' has no fields.", nameof(kind));
        }

        var duplicate = kind.Fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Task kind '{kind.Name}' has two fields named '{duplicate.Key}'.", nameof(kind));
        }

        if (kind.Fields.FirstOrDefault(f => f.Type == TaskFieldType.Choice && f.Options.Count == 0) is { } noOptions)
        {
            throw new ArgumentException($"Choice field '{noOptions.Name}' of task kind '{kind.Name}' has no options.", nameof(kind));
        }
    }
}
