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
    /// <exception cref="KeyNotFoundException">When the task's kind is not registered (see <see cref="Find"/>).</exception>
    public TaskKind For(StaffTask task) =>
        Find(task) ?? throw new KeyNotFoundException($"No task kind '{task.Kind}' is registered.");

    /// <summary>
    /// The form a task shows and is checked against, or null when its kind is not registered: a task opened by an
    /// earlier version under a kind since renamed or retired stays in storage, and pages must still show it.
    /// </summary>
    public TaskKind? Find(StaffTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!_kinds.TryGetValue(task.Kind, out var kind))
        {
            return null;
        }

        return task.Fields is { } own ? kind with { Fields = own } : kind;
    }

    /// <summary>
    /// What a list shows for a task: its form, or for a kind that is not registered <see cref="Unregistered"/>, which
    /// has no fields and nothing can be answered with.
    /// </summary>
    public TaskKind Shown(StaffTask task) => Find(task) ?? Unregistered(task.Kind);

    /// <summary>The stand-in for a kind of that name that is not registered: titled <see cref="UnregisteredTitle"/>, without fields.</summary>
    public static TaskKind Unregistered(string name) => new(name, UnregisteredTitle, UnregisteredReason, []);

    /// <summary>The title lists show for a task whose kind is not registered.</summary>
    public static LocalizedText UnregisteredTitle { get; } = new("未登记的任务类型", "Unregistered task kind");

    /// <summary>Why a task whose kind is not registered can be neither shown nor answered, as its assignee reads it.</summary>
    public static LocalizedText UnregisteredReason { get; } = new(
        "这项任务的类型在当前版本中未登记（可能已改名或停用），无法显示或提交表单。请联系发出任务的科室。",
        "This task's kind is not registered in this version (it was renamed or retired), so its form can be neither shown nor answered. Please contact the office that sent it.");

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
