using System.Globalization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The reallocation's options a deployment may set: <c>StaffReallocation:ObjectionWindowHours</c> (0 to 720; default 72).</summary>
public static class StaffReallocationSettings
{
    /// <summary>The options a reallocation started through the API runs with.</summary>
    /// <exception cref="InvalidOperationException">A setting that is not a whole number of hours from 0 to 720.</exception>
    public static StaffReallocationOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = StaffReallocationOptions.Default;
        if (configuration["StaffReallocation:ObjectionWindowHours"] is { } text && !string.IsNullOrWhiteSpace(text))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int hours) || hours > 720)
            {
                throw new InvalidOperationException($"StaffReallocation:ObjectionWindowHours must be a whole number of hours from 0 to 720, not '{text}'.");
            }

            options = options with { ObjectionWindow = TimeSpan.FromHours(hours) };
        }

        return options;
    }
}
