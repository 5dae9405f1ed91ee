namespace EduFlows.Processes.StaffReallocation;

/// <summary>The ordered rounds of the reallocation (直接聘用 → 支教交流 → 校内竞聘 → 跨校竞聘 → 落聘).</summary>
public enum Round
{
    /// <summary>直接聘用: staff meeting the published criteria keep their post, confirmed by the principal.</summary>
    DirectAppointment = 1,

    /// <summary>支教交流: rural or weak schools' vacancies filled from volunteers, then the rota, by points.</summary>
    SupportTeaching = 2,

    /// <summary>校内竞聘: staff compete for their own school's remaining posts.</summary>
    InSchoolCompetition = 3,

    /// <summary>跨校竞聘: ranked lists, deferred acceptance, then mutually better swaps.</summary>
    CrossSchoolCompetition = 4,

    /// <summary>落聘: no post; each case goes to the bureau with its reasons.</summary>
    Unplaced = 5,
}
