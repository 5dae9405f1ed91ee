namespace EduFlows.Scoring;

/// <summary>Combines the scores of a panel of judges (pure rules, no I/O).</summary>
public static class ScoringPanel
{
    /// <summary>Combines the scores per candidate and flags judges out of line.</summary>
    /// <param name="candidates">Every candidate, so that one nobody scored still appears (with a null score).</param>
    /// <param name="scores">The judges' scores; a judge scores a candidate at most once.</param>
    /// <param name="maxPoints">The scale's maximum (scores are 0..max); combined scores are kept within it.</param>
    /// <param name="rule">How to combine and when to flag.</param>
    /// <exception cref="ArgumentException">When a judge scored a candidate twice, or a score is outside 0..max.</exception>
    public static PanelOutcome Combine(IReadOnlyList<string> candidates, IReadOnlyList<JudgeScore> scores, decimal maxPoints, PanelRule rule)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(rule);
        if (scores.GroupBy(s => (s.JudgeId, s.CandidateId)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Judge '{twice.Key.JudgeId}' scored '{twice.Key.CandidateId}' twice.", nameof(scores));
        }

        if (scores.FirstOrDefault(s => s.Score < 0 || s.Score > maxPoints) is { } outside)
        {
            throw new ArgumentException($"Judge '{outside.JudgeId}' gave '{outside.CandidateId}' {outside.Score}, outside 0..{maxPoints}.", nameof(scores));
        }

        var byCandidate = scores.ToLookup(s => s.CandidateId, StringComparer.Ordinal);
        var zScores = rule.Combination == ScoreCombination.ZScore ? ZScores(scores) : null;
        var combined = candidates.Select(c => Candidate(c, [.. byCandidate[c]], rule, zScores, scores, maxPoints)).ToList();
        var flags = candidates.SelectMany(c => OutOfLine([.. byCandidate[c]], maxPoints * rule.OutlierShare)).ToList();
        return new PanelOutcome(combined, flags, rule.Describe());
    }

    private static CandidateScore Candidate(string candidate, List<JudgeScore> given, PanelRule rule, Dictionary<(string, string), double?>? zScores, IReadOnlyList<JudgeScore> all, decimal max)
    {
        if (given.Count == 0)
        {
            return new CandidateScore(candidate, null, 0, []);
        }

        switch (rule.Combination)
        {
            case ScoreCombination.TrimmedMean when given.Count >= rule.TrimFromJudges:
                // Ties are broken by judge id so the dropped judges are the same on every run.
                var ordered = given.OrderBy(s => s.Score).ThenBy(s => s.JudgeId, StringComparer.Ordinal).ToList();
                var kept = ordered.Skip(1).Take(ordered.Count - 2).ToList();
                decimal trimmed = kept.Average(s => s.Score);
                return new CandidateScore(candidate, Round(trimmed), given.Count, [ordered[^1].JudgeId, ordered[0].JudgeId]) { Exact = trimmed };
            case ScoreCombination.ZScore:
                double panelMean = all.Average(s => (double)s.Score);
                double panelSd = StandardDeviation(all.Select(s => (double)s.Score).ToList());
                // A judge who scored one candidate, or gave everyone the same, has no scale of their own: their raw
                // score is measured on the panel's scale instead.
                var z = given.Select(s => zScores![(s.JudgeId, s.CandidateId)] ?? (panelSd == 0 ? 0 : ((double)s.Score - panelMean) / panelSd)).ToList();
                decimal points = (decimal)(panelMean + (panelSd * z.Average()));
                return new CandidateScore(candidate, Round(Math.Clamp(points, 0, max)), given.Count, []) { Exact = Math.Clamp(points, 0, max) };
            default:
                decimal mean = given.Average(s => s.Score);
                return new CandidateScore(candidate, Round(mean), given.Count, []) { Exact = mean };
        }
    }

    // z-score of each judge's score among all scores that judge gave; null when the judge has no spread of their own.
    private static Dictionary<(string, string), double?> ZScores(IReadOnlyList<JudgeScore> scores)
    {
        var result = new Dictionary<(string, string), double?>();
        foreach (var judge in scores.GroupBy(s => s.JudgeId, StringComparer.Ordinal))
        {
            var values = judge.Select(s => (double)s.Score).ToList();
            double mean = values.Average();
            double sd = StandardDeviation(values);
            foreach (var score in judge)
            {
                result[(score.JudgeId, score.CandidateId)] = sd == 0 ? null : ((double)score.Score - mean) / sd;
            }
        }

        return result;
    }

    private static IEnumerable<JudgeFlag> OutOfLine(List<JudgeScore> given, decimal distance)
    {
        if (given.Count < 3)
        {
            yield break;
        }

        foreach (var score in given)
        {
            decimal others = given.Where(s => s != score).Average(s => s.Score);
            if (Math.Abs(score.Score - others) > distance)
            {
                yield return new JudgeFlag(score.JudgeId, score.CandidateId, score.Score, Round(others));
            }
        }
    }

    // Population standard deviation: the judges are the whole panel, not a sample of one.
    private static double StandardDeviation(List<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
