using EduFlows.Hosting;

namespace EduFlows.Processes.ReservePool;

/// <summary>The body of <c>reserve-pool/demo</c>, when one is sent (the office's form does): which selection the entries name.</summary>
/// <param name="SourceReference">The selection the demo county's reserve staff are entered from, as on the entry form.</param>
public sealed record PoolDemoRequest(string? SourceReference)
{
    /// <summary>What an entry names without a body: the demo's own selection.</summary>
    public const string DemoSelection = "demo-selection";

    /// <summary>What is wrong with the request: the selection as an entry's is judged (Chinese first for the page, English for the API).</summary>
    public IReadOnlyList<FieldError> Problems() => PoolEntryRequest.SourceReferenceProblem(SourceReference) is { } error ? [error] : [];
}
