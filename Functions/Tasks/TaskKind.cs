namespace EduFlows.Tasks;

/// <summary>
/// A kind of task staff are sent (a half-year self-assessment, a shadow-training log...): its title and instructions
/// in both languages and the fields of its form, which are also the schema submissions are checked against.
/// </summary>
/// <param name="Name">The kind's id, e.g. "notice-acknowledgement".</param>
/// <param name="Title">The task's title in mail and on the form.</param>
/// <param name="Instructions">What the person is asked to do.</param>
/// <param name="Fields">The form's fields, in order.</param>
public sealed record TaskKind(string Name, LocalizedText Title, LocalizedText Instructions, IReadOnlyList<TaskField> Fields)
{
    /// <summary>Whether an answer must fill in at least one field (for forms whose fields are all optional).</summary>
    public bool AtLeastOneAnswer { get; init; }
}
