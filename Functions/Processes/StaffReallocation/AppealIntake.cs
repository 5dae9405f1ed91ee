namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// How an appeal the API kept on record stands between its post and the bureau's decision
/// (<see cref="AppealRecord.Intake"/>). Each change is made against the version read, so the API and the orchestration
/// never both win: an appeal the API answered 202 to is taken in (by its event, or when its window closes), and one
/// the orchestration took in is never refused.
/// </summary>
public enum AppealIntake
{
    /// <summary>Kept by the API, not yet answered: the API has still to see the window open.</summary>
    Lodged,

    /// <summary>The API saw the window open after keeping it and answered 202: it is taken in, by its event or when the window closes.</summary>
    Accepted,

    /// <summary>The orchestration took it in, numbered, with its review task: decided with the window's appeals.</summary>
    TakenIn,

    /// <summary>The window had closed before the orchestration took it in: the API answered 409, and nobody decides it.</summary>
    Refused,
}
