using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// A deterministic reallocation of the demo county (<see cref="DemoCounty"/>): points, posts, confirmations, volunteers
/// and ranked lists generated so that the rounds reproduce the seed's order of magnitude — about 6% of the 8,950 school
/// staff move, a handful end unplaced, and a dozen or so senior-high teachers move down a section.
/// </summary>
/// <remarks>
/// Posts start at each school's present staffing; about 8% of town seats and 1% of senior-high seats are cut (the
/// county's surplus) and each reappears, half of them twice, at a rural post of the subject (the shortage), senior-high
/// seats as junior ones. The people
/// left without an in-school option list up to 20 posts of their subject, open seats first; about one in twenty of the others
/// apply for a few posts elsewhere; one person submits no list.
/// </remarks>
public static class DemoReallocation
{
    private const int Seed = 535;
    private const double TownCutRate = 0.08;
    private const double SeniorCutRate = 0.012;
    private const double ExtraSeatRate = 0.5;
    private const double VolunteerRate = 0.02;
    private const int VoluntaryApplicantsPerThousand = 45;

    /// <summary>The draft for the generated county; the same every time.</summary>
    public static ReallocationDraft Generate(DemoCountyData county)
    {
        ArgumentNullException.ThrowIfNull(county);
        var random = new Random(Seed);
        var asOf = DemoCounty.ReferenceDate;
        var schools = county.Schools.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var members = county.Staff.Where(s => s.SchoolId is not null && s.Section is not null && s.Subject is not null).ToList();
        var inputs = members.Select(m => PointsInput.From(
            m, [Assessment(random), Assessment(random)], random.Next(10) == 0 ? random.Next(1, 4) : 0,
            schools[m.SchoolId!].Rural ? random.Next(6) : 0, random.Next(20) == 0 ? random.Next(1, 3) : 0)).ToList();
        var points = StaffPoints.Rank(PointsFormula.Default, inputs, asOf).ToDictionary(p => p.StaffId, StringComparer.Ordinal);
        var participants = members.Select(m => Participant.From(
            m, points[m.Id], asOf, supportVolunteer: !schools[m.SchoolId!].Rural && m.Post is "teacher" or "head-teacher" && random.NextDouble() < VolunteerRate)).ToList();

        var posts = Posts(random, schools, participants);
        var criteria = DirectAppointmentCriteria.Default;
        var confirmed = participants.Where(p => criteria.Qualifies(p) is not null).Select(p => p.StaffId).ToHashSet(StringComparer.Ordinal);
        var noRankings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        // Who will hold an in-school option decides who must apply elsewhere: the rounds are pure, so run them to see.
        var state = DirectAppointmentRound.Run(CountyState.Start(posts, participants), criteria, confirmed);
        state = InSchoolCompetitionRound.Run(SupportTeachingRound.Run(state), noRankings);
        var lists = Lists(random, state, schools);
        return new ReallocationDraft(posts, participants, criteria, confirmed, noRankings, lists);
    }

    private static List<SchoolPost> Posts(Random random, Dictionary<string, School> schools, List<Participant> participants)
    {
        var counts = participants.GroupBy(p => (p.SchoolId, p.Section, p.Subject)).OrderBy(g => g.Key.SchoolId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Section, StringComparer.Ordinal).ThenBy(g => g.Key.Subject, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var keys = counts.Keys.ToList();
        var rural = keys.Where(k => schools[k.SchoolId].Rural).ToList();
        // Senior high shrinks everywhere (all the demo's senior highs are rural); other sections shrink in town.
        foreach (var key in keys.Where(k => (k.Section == "senior" || !schools[k.SchoolId].Rural) && counts[k] >= 3))
        {
            double rate = key.Section == "senior" ? SeniorCutRate : TownCutRate;
            int cuts = Math.Min(Enumerable.Range(0, counts[key]).Count(_ => random.NextDouble() < rate), counts[key] / 3);
            counts[key] -= cuts;

            // Each seat reappears where staff are short: a rural post of the subject (senior-high cuts reappear in junior), else another town school's.
            string section = key.Section == "senior" ? "junior" : key.Section;
            var where = rural.Where(k => k.Section == section && k.Subject == key.Subject).ToList();
            if (where.Count == 0)
            {
                where = [.. keys.Where(k => k.Section == section && k.Subject == key.Subject && k.SchoolId != key.SchoolId)];
            }

            for (int cut = 0; cut < cuts && where.Count > 0; cut++)
            {
                for (int seat = 0; seat < (random.NextDouble() < ExtraSeatRate ? 2 : 1); seat++)
                {
                    counts[where[random.Next(where.Count)]]++;
                }
            }
        }

        return [.. counts.Select(c => SchoolPost.For(schools[c.Key.SchoolId], c.Key.Section, c.Key.Subject, c.Value))];
    }

    private static Dictionary<string, IReadOnlyList<string>> Lists(Random random, CountyState state, Dictionary<string, School> schools)
    {
        var seats = state.SeatsLeft();
        var bySubject = state.Posts.Where(p => p.Open).GroupBy(p => p.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        // Without an in-school option: up to 20 posts of the subject in the section (senior high: junior too), open seats first.
        var without = state.NotPlaced().OrderBy(p => p.PointsRank).ToList();
        string? silent = without.Count > 0 ? without[^1].StaffId : null;
        foreach (var who in without.Where(p => p.StaffId != silent))
        {
            lists[who.StaffId] = [.. bySubject[who.Subject]
                .Where(p => p.SchoolId != who.SchoolId && (p.Section == who.Section || (who.Section == "senior" && p.Section == "junior")))
                .OrderBy(p => seats.GetValueOrDefault(p.Id) > 0 ? 0 : 1).ThenBy(_ => random.Next())
                .Take(RankedListValidation.MaxChoices).Select(p => p.Id)];
        }

        // A few holders try for town schools of their subject and section; their own post stays their fallback.
        foreach (var held in state.Placements.Where(p => p.Round == Round.InSchoolCompetition))
        {
            if (random.Next(1000) >= VoluntaryApplicantsPerThousand)
            {
                continue;
            }

            var who = state.Participants.First(p => p.StaffId == held.StaffId);
            lists[who.StaffId] = [.. bySubject[who.Subject]
                .Where(p => p.Section == who.Section && p.SchoolId != who.SchoolId)
                .OrderBy(_ => random.Next()).Take(random.Next(3, 9)).Select(p => p.Id)];
        }

        return lists;
    }

    private static string Assessment(Random random) => random.Next(100) switch
    {
        < 20 => AssessmentResults.Excellent,
        < 92 => AssessmentResults.Competent,
        < 98 => AssessmentResults.BasicallyCompetent,
        _ => AssessmentResults.Incompetent,
    };
}
