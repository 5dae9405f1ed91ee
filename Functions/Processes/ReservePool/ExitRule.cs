using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ReservePool;

/// <summary>The automatic exit rules, checked at each yearly review (pure).</summary>
public static class ExitRule
{
    /// <summary>
    /// Why <paramref name="member"/> leaves the pool on <paramref name="day"/>: appointed (the directory shows the post
    /// the pool prepares for), or aged out (at or past the pool's age limit); null when neither applies.
    /// </summary>
    public static PoolExit? Decide(PoolMember member, StaffMember? now, DateOnly day, ReservePoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(options);
        string target = member.Pool == ReservePoolDesk.Researchers ? "researcher" : "principal";
        if (now?.Post == target)
        {
            string post = target == "principal" ? "校长" : "教研员";
            return new PoolExit(PoolExitReason.Appointed, day, $"已任用为{post}，自动出库。", "rule");
        }

        int limit = options.AgeLimitOf(member.Pool);
        if ((now?.Age(day) ?? member.AgeOn(day)) is int age && age >= limit)
        {
            return new PoolExit(PoolExitReason.AgedOut, day, $"年满{limit}周岁（现{age}岁），超出后备人选年龄上限，自动出库。", "rule");
        }

        return null;
    }
}
