namespace EduFlows.Processes.Training;

/// <summary>A year's training in figures.</summary>
/// <param name="Lectures">Courses and lectures held (with at least one check-in).</param>
/// <param name="PersonTimes">Check-ins (培训人次).</param>
/// <param name="PrincipalAttendances">Check-ins by principals (校长参训人次).</param>
/// <param name="People">Different people trained.</param>
/// <param name="Hours">Hours credited in all.</param>
/// <param name="AverageRating">The feedback's mean score (1–5), when any was given.</param>
public sealed record TrainingTotals(int Lectures, int PersonTimes, int PrincipalAttendances, int People, decimal Hours, decimal? AverageRating);
