using EduFlows.Hosting;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>What became of an objection sent in (<see cref="DeputyRenewalApi.RaiseObjectionAsync"/>), for a route's JSON and a page's words.</summary>
/// <param name="Result">The answer as the JSON routes give it: 202 raised, 200 already taken, or the problem.</param>
/// <param name="Errors">The fields at fault when <paramref name="Result"/> is the 422; empty otherwise.</param>
/// <param name="RefusalZh">Why it was refused otherwise (404, 409, 410), in Chinese; null when taken or for a 422.</param>
/// <param name="AlreadyReceived">True when the round had taken the same objection already, so nothing was raised.</param>
internal sealed record RenewalObjectionAnswer(IResult Result, IReadOnlyList<FieldError> Errors, string? RefusalZh, bool AlreadyReceived)
{
    /// <summary>A refusal of one field, the Chinese reason kept for a page.</summary>
    public static RenewalObjectionAnswer Refused(int status, string field, string zh, string en) =>
        new(FieldProblem.ForStaff(status, field, zh, en), [], zh, false);
}
