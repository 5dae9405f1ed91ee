namespace EduFlows.StaffDirectory;

/// <summary>Where the demo county's start-up load stands.</summary>
public enum DemoCountyState
{
    /// <summary>Being checked or written.</summary>
    Loading,

    /// <summary>In the directory (loaded now or on an earlier start).</summary>
    Loaded,

    /// <summary>Not asked for (<c>EDUFLOWS_DEMO_DATA=false</c>).</summary>
    Off,

    /// <summary>Storage refused it; the host runs on.</summary>
    Failed,
}
