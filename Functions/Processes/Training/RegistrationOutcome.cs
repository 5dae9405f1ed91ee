namespace EduFlows.Processes.Training;

/// <summary>What a registration came to.</summary>
public enum RegistrationOutcome
{
    /// <summary>报名成功: a seat.</summary>
    Registered,

    /// <summary>候补: full; on the waiting list.</summary>
    Waiting,

    /// <summary>名额已满: full and no waiting list; nothing kept but the refusal.</summary>
    Refused,

    /// <summary>Already registered or waiting: nothing changed.</summary>
    Already,
}
