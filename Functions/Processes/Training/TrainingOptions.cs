using System.Globalization;

namespace EduFlows.Processes.Training;

/// <summary>
/// The office's limits on courses and lectures (section <c>Training</c>, e.g. the app setting
/// <c>Training__CorrectionDays</c>). The seed gives no figure; the default is stated in the README.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The defaults.</summary>
    public static readonly TrainingOptions Default = new();

    /// <summary>
    /// Days after the lecture's day during which the office may still correct attendance (mark present, remove a check-in)
    /// or credit hours by hand (default 30): counted on the bureau's calendar from the lecture's day, so with the default a
    /// lecture on 1 October can be corrected until the end of 31 October (北京时间), and from 1 November on it is refused.
    /// </summary>
    public int CorrectionDays { get; init; } = 30;

    /// <summary>Reads the section, keeping the defaults for what it does not set (or sets to less than 0).</summary>
    public static TrainingOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Training");
        return new TrainingOptions
        {
            CorrectionDays = int.TryParse(section["CorrectionDays"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int days) && days >= 0 ? days : Default.CorrectionDays,
        };
    }

    /// <summary>The last day corrections of a lecture held on <paramref name="lectureDay"/> are accepted (the bureau's calendar).</summary>
    public DateOnly LastCorrectionDay(DateOnly lectureDay) => lectureDay.AddDays(CorrectionDays);
}
