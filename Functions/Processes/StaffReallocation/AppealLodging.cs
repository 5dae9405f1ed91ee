namespace EduFlows.Processes.StaffReallocation;

/// <summary>What the API answers an appeal or points objection it kept and settled (<see cref="StaffReallocationStore.LodgeAsync"/>).</summary>
public enum AppealLodging
{
    /// <summary>The window holds as many as it takes: nothing kept, 409.</summary>
    WindowFull,

    /// <summary>The window closed before the orchestration took it in: refused, 409.</summary>
    WindowClosed,

    /// <summary>Accepted while the window is open: 202, and its event raised.</summary>
    Raise,

    /// <summary>Taken in already, or accepted by an earlier post (a retry): 202, nothing raised again.</summary>
    AlreadyIn,
}
