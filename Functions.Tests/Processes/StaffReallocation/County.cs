using EduFlows.Processes.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>Small hand-built counties: posts and participants in a line each, ranks by order of creation.</summary>
internal static class County
{
    public static SchoolPost Post(string school, string section = "junior", string subject = "mathematics", int count = 1, bool rural = false, bool open = true) =>
        new(SchoolPost.IdFor(school, section, subject), school, section, subject, count, rural, open);

    public static Participant Staff(string id, string school, int rank, string section = "junior", string subject = "mathematics", string post = "teacher", int age = 40, bool volunteer = false, bool rota = false) =>
        new(id, school, section, subject, post, age, 100 - rank, rank, volunteer, rota);

    /// <summary>A person of sch-a in the reallocation's store, ranked <paramref name="rank"/> by points, under its principal stf-pa.</summary>
    public static PersonRecord Person(string reallocationId, string staffId, int rank) =>
        new() { ReallocationId = reallocationId, Participant = Staff(staffId, "sch-a", rank), PrincipalId = "stf-pa" };

    /// <summary>A person as the points computation leaves them: their breakdown's total and rank the participant's.</summary>
    public static PersonRecord Scored(string reallocationId, Participant participant, string formulaVersion = "v1") =>
        new() { ReallocationId = reallocationId, Participant = participant, Breakdown = new PointsBreakdown(participant.StaffId, formulaVersion, [], participant.Points, participant.PointsRank) };

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Lists(params (string Staff, string[] Posts)[] lists) =>
        lists.ToDictionary(l => l.Staff, l => (IReadOnlyList<string>)l.Posts, StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> None = new Dictionary<string, IReadOnlyList<string>>();

    public static string PostOf(this CountyState state, string staffId) => state.PlacementOf(staffId)?.PostId ?? "-";

    public static string Id(string school, string section = "junior", string subject = "mathematics") => SchoolPost.IdFor(school, section, subject);
}
