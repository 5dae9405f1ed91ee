namespace EduFlows.Processes.Training;

/// <summary>
/// That the registrations made before <c>{hub}TrainingRegistrations</c> existed are in it (<c>{hub}TrainingMarks</c>,
/// one row): written by <see cref="TrainingRegistrationBackfill"/> after its last row, so while it is missing the
/// index may lack someone's seat and /api/me reads the lectures instead.
/// </summary>
/// <param name="FromYear">The first lecture year read (older ones are not listed on /api/me).</param>
/// <param name="Lectures">The lectures read.</param>
/// <param name="Written">The rows the run that wrote this mark added (rows already there, by registration or an earlier run, are not counted).</param>
/// <param name="At">When the run finished.</param>
public sealed record RegistrationBackfillMark(int FromYear, int Lectures, int Written, DateTimeOffset At)
{
    /// <summary>The mark's id (one mark, whatever it says).</summary>
    public const string Key = "registrations-backfilled";
}
