namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A term election of the association's council (理事会换届选举), table <c>{hub}HtaElections</c>.</summary>
public sealed record Election
{
    /// <summary>The election's id, e.g. "2026" (one per term); the instance is <c>hta-election-{Id}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Its title, e.g. "青州市班主任学会第三届理事会选举".</summary>
    public required string Title { get; init; }

    /// <summary>How many council seats are filled; a ballot chooses at most this many.</summary>
    public required int Seats { get; init; }

    /// <summary>When nominations close and the ballots go out (UTC).</summary>
    public required DateTimeOffset NominationsClose { get; init; }

    /// <summary>When the ballot closes and the votes are counted (UTC).</summary>
    public required DateTimeOffset BallotCloses { get; init; }

    /// <summary>Where it stands.</summary>
    public ElectionStatus Status { get; init; } = ElectionStatus.Nominating;

    /// <summary>The nominees; frozen as the candidates when the ballot opens.</summary>
    public IReadOnlyList<Nomination> Nominations { get; init; } = [];

    /// <summary>How many members were sent a ballot.</summary>
    public int BallotsIssued { get; init; }

    /// <summary>The count, once published (most votes first).</summary>
    public IReadOnlyList<CandidateTally> Results { get; init; } = [];

    /// <summary>Ballots counted (published with the results).</summary>
    public int BallotsCast { get; init; }

    /// <summary>When the results were published.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The orchestration instance of an election.</summary>
    public static string InstanceIdOf(string electionId) => "hta-election-" + electionId;
}
