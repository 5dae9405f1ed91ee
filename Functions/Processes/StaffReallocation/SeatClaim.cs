namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// One seat of a post given by the bureau to an unplaced person (落聘处理), claimed before the person's row says so.
/// The unplaced cases are decided in batches whose answers are recorded side by side; each batch reads the seats free
/// as the people rows stood when it read them, so two batches could each give the same last seat. A claim is a row of
/// its own per seat (<c>{reallocation}:{post}:{seat}</c>), added only if absent: of two batches, one gets the seat.
/// </summary>
/// <param name="Id">The reallocation, the post and the seat's number (<see cref="IdOf"/>).</param>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="PostId">The post.</param>
/// <param name="Seat">The seat's number among those the rounds left free in the post, from 0.</param>
/// <param name="StaffId">Who has it.</param>
/// <param name="ClaimedAt">When the bureau's decision giving it was recorded.</param>
public sealed record SeatClaim(string Id, string ReallocationId, string PostId, int Seat, string StaffId, DateTimeOffset ClaimedAt)
{
    /// <summary>A claim's id.</summary>
    public static string IdOf(string reallocationId, string postId, int seat) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reallocationId}:{postId}:{seat}");
}
