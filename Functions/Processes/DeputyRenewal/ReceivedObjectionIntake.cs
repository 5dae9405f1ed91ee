namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// How an objection the API kept (<see cref="RenewalReceivedObjections"/>) stands between its post and the notice's end.
/// Each change is made against the version read, so the API and the round never both win: an objection the API answered
/// 202 to is taken in when the notice ends, and one the round took in is never refused (issue 16, as <c>AppealIntake</c>).
/// </summary>
public enum ReceivedObjectionIntake
{
    /// <summary>Kept by the API, not yet answered (also a row kept before objections had a state).</summary>
    Lodged,

    /// <summary>The API saw the notice still open after keeping it and answered 202: taken in as the notice ends.</summary>
    Accepted,

    /// <summary>The round took it in as its notice ended: it is looked into (once, with any its event brought).</summary>
    TakenIn,

    /// <summary>The notice had ended before the round took it in: the API answered 410 (late) and nobody looks into it.</summary>
    Refused,
}
