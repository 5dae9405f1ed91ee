namespace EduFlows.Processes.OpenSelection;

/// <summary>Why a step of the selection was refused: the HTTP status it maps to, the field, and the reason in Chinese.</summary>
/// <param name="Status">400/422 bad input, 403 not allowed, 404 unknown, 409 duplicate or out of turn, 410 too late.</param>
/// <param name="Field">The field at fault.</param>
/// <param name="ReasonZh">Why, in Chinese.</param>
/// <param name="ReasonEn">Why, in English (second language).</param>
public sealed record SelectionRefusal(int Status, string Field, string ReasonZh, string ReasonEn);
