using EduFlows.Hosting;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>How many cases get each award, by rank: first prizes to the best, then second, then third.</summary>
/// <param name="First">一等奖 places.</param>
/// <param name="Second">二等奖 places.</param>
/// <param name="Third">三等奖 places.</param>
public sealed record AwardTiers(int First = 1, int Second = 2, int Third = 3)
{
    /// <summary>What is wrong with the tiers, by field.</summary>
    public IReadOnlyList<FieldError> Validate(string prefix)
    {
        var errors = new List<FieldError>();
        void Check(int value, string name, string award)
        {
            if (value is < 0 or > 50)
            {
                errors.Add(new FieldError(prefix + name, "must be between 0 and 50.") { ReasonZh = $"{award}名额须在 0 至 50 之间（现为 {value}）。" });
            }
        }

        Check(First, "first", "一等奖");
        Check(Second, "second", "二等奖");
        Check(Third, "third", "三等奖");
        return errors;
    }
}
