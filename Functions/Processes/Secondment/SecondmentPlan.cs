namespace EduFlows.Processes.Secondment;

/// <summary>An assignment checked against the directory: what the orchestration runs on, names resolved once at the start.</summary>
/// <param name="SecondmentId">The assignment's id (its instance is <c>secondment-{id}</c>).</param>
/// <param name="Kind"><see cref="SecondmentKinds"/> code.</param>
/// <param name="PersonId">The person.</param>
/// <param name="PersonName">Their name.</param>
/// <param name="HomePost">The person's post at home when the assignment started (restored on return).</param>
/// <param name="Home">The home unit.</param>
/// <param name="Host">The host unit.</param>
/// <param name="Role">The role at the host, in the bureau's words.</param>
/// <param name="HostPost">The directory post at the host.</param>
/// <param name="Start">The first day at the host.</param>
/// <param name="Months">The months first agreed.</param>
/// <param name="MentorId">The host mentor.</param>
/// <param name="MentorName">Their name.</param>
/// <param name="OwnerId">The bureau cadre running it.</param>
/// <param name="TimeZone">The bureau's time zone id (times of day are local to it).</param>
/// <param name="OwnerName">The owner's name, for the decision lines (null in plans made before it was kept).</param>
public sealed record SecondmentPlan(
    string SecondmentId,
    string Kind,
    string PersonId,
    string PersonName,
    string HomePost,
    SecondmentUnit Home,
    SecondmentUnit Host,
    string Role,
    string HostPost,
    DateOnly Start,
    int Months,
    string MentorId,
    string MentorName,
    string OwnerId,
    string TimeZone,
    string? OwnerName = null)
{
    /// <summary>The orchestration instance of an assignment.</summary>
    public static string InstanceIdOf(string secondmentId) => "secondment-" + secondmentId;

    /// <summary>This assignment's instance.</summary>
    public string InstanceId => InstanceIdOf(SecondmentId);
}
