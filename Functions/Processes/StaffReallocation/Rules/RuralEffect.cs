namespace EduFlows.Processes.StaffReallocation;

/// <summary>What a reallocation does to rural and weak schools.</summary>
/// <param name="VacanciesBefore">Seats of their open posts that their own staff of the post could not fill before any round.</param>
/// <param name="VacanciesAfter">Seats of their open posts still free after every round.</param>
/// <param name="MovedIn">People who moved into them from another school.</param>
/// <param name="MovedOut">People who moved out of them to another school.</param>
public sealed record RuralEffect(int VacanciesBefore, int VacanciesAfter, int MovedIn, int MovedOut);
