using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>A person in the reallocation: where they stand now, their points, and what the first rounds read about them.</summary>
/// <param name="StaffId">The directory id.</param>
/// <param name="SchoolId">The current school.</param>
/// <param name="Section">The section taught now.</param>
/// <param name="Subject">The subject taught now; a post of another subject is not open to them.</param>
/// <param name="Post">The directory post (<see cref="DirectoryVocabulary.Posts"/>), read by the direct-appointment criteria.</param>
/// <param name="Age">Age in whole years on the reallocation date, read by the direct-appointment criteria.</param>
/// <param name="Points">Total points (<see cref="PointsBreakdown.Total"/>).</param>
/// <param name="PointsRank">County-wide rank after tie-breaks (<see cref="PointsBreakdown.Rank"/>): 1 is the best; unique.</param>
/// <param name="SupportVolunteer">Volunteered for support teaching.</param>
/// <param name="OnSupportRota">Due on the support-teaching rota.</param>
public sealed record Participant(
    string StaffId, string SchoolId, string Section, string Subject, string Post, int? Age, decimal Points, int PointsRank,
    bool SupportVolunteer = false, bool OnSupportRota = false)
{
    /// <summary>The post the person holds now, if the school publishes it.</summary>
    public string OwnPostId => SchoolPost.IdFor(SchoolId, Section, Subject);

    /// <summary>The participant for a directory member of a school with their ranked points.</summary>
    /// <exception cref="ArgumentException">The member has no school, section or subject.</exception>
    public static Participant From(StaffMember member, PointsBreakdown points, DateOnly asOf, bool supportVolunteer = false, bool onSupportRota = false)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(points);
        if (member.SchoolId is null || member.Section is null || member.Subject is null)
        {
            throw new ArgumentException($"Staff {member.Id} has no school, section or subject.", nameof(member));
        }

        return new Participant(member.Id, member.SchoolId, member.Section, member.Subject, member.Post, member.Age(asOf), points.Total, points.Rank, supportVolunteer, onSupportRota);
    }
}
