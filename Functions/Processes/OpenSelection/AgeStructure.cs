using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The age structure of a body of staff (年龄结构): how many, average age, how many over 52.</summary>
/// <param name="People">How many were counted.</param>
/// <param name="AverageAge">Average age in whole years at the day, to 1 decimal; null when nobody has a birth date.</param>
/// <param name="Over52">How many are older than 52.</param>
public sealed record AgeStructure(int People, decimal? AverageAge, int Over52)
{
    /// <summary>The age above which the seed counts people (52).</summary>
    public const int CountedOver = 52;

    /// <summary>The structure of <paramref name="people"/> on <paramref name="onDate"/>; people without a birth date count in <see cref="People"/> only.</summary>
    public static AgeStructure Of(IEnumerable<StaffMember> people, DateOnly onDate)
    {
        ArgumentNullException.ThrowIfNull(people);
        var list = people.ToList();
        var ages = list.Select(p => p.Age(onDate)).OfType<int>().ToList();
        decimal? average = ages.Count == 0 ? null : Math.Round((decimal)ages.Sum() / ages.Count, 1, MidpointRounding.AwayFromZero);
        return new AgeStructure(list.Count, average, ages.Count(a => a > CountedOver));
    }
}
