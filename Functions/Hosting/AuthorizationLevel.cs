namespace EduFlows.Hosting;

/// <summary>Who may call an HTTP function, as in Azure Functions.</summary>
public enum AuthorizationLevel
{
    /// <summary>Anyone.</summary>
    Anonymous,

    /// <summary>A function key or the master key.</summary>
    Function,

    /// <summary>The master (admin/system) key only.</summary>
    Admin,
}
