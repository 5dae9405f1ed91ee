namespace EduFlows.Hosting;

/// <summary>The function app's root: the folder holding <c>host.json</c> (and <c>local.settings.json</c>), as in Azure Functions.</summary>
public static class AppRoot
{
    /// <summary>The nearest folder at or above <paramref name="start"/> with a host.json; <paramref name="start"/> when there is none.</summary>
    public static string Locate(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
