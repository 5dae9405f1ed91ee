using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>A mail without a form (placement, release from duty, deferral, certificate, make-up offer), in both languages.</summary>
/// <param name="Id">The outbox id (deterministic, so writing it twice sends it once).</param>
/// <param name="ToStaffId">The recipient.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Paragraphs">The body.</param>
/// <param name="Details">Facts shown as a table.</param>
/// <param name="CertificateOf">The batch whose certificate link the mail carries (for the recipient), if any.</param>
public sealed record ShadowNotice(
    string Id, string ToStaffId, LocalizedText Subject, IReadOnlyList<LocalizedText> Paragraphs, IReadOnlyList<NoticeDetail> Details, string? CertificateOf = null);

/// <summary>A label and a value of a notice.</summary>
/// <param name="Label">The label.</param>
/// <param name="Value">The value (names, dates: the same in both languages).</param>
public sealed record NoticeDetail(LocalizedText Label, string Value);
