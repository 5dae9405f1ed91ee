namespace EduFlows.Processes.Secondment;

/// <summary>An assignment that was not agreed, for the mails that say so.</summary>
/// <param name="Plan">The assignment as proposed.</param>
/// <param name="Answers">Who was asked (本人, 派出单位, 接收单位) and what they answered, by name, in Chinese.</param>
public sealed record SecondmentDeclined(SecondmentPlan Plan, IReadOnlyList<KeyValuePair<string, string>> Answers);
