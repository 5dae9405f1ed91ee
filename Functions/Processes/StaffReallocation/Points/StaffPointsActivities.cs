using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The points step of the reallocation: points computed from the directory and the points sheet (corrections
/// applied), the breakdown mails, and the bureau's decisions on objections. Each activity writes whole records, so
/// running one twice changes nothing more.
/// </summary>
public sealed class StaffPointsActivities(
    StaffReallocationStore store,
    PointsSheetStore sheets,
    DirectoryStore directory,
    StaffNotices notices,
    MailSettings mail,
    PointsObjectionLinks links,
    StaffPointsActivities.BeforePointsWrite? beforeWrite = null)
{
    /// <summary>
    /// Runs in <see cref="ComputeAsync"/> between computing the points and writing them. The app registers none; a test
    /// passes one to the constructor to change rows and the sheet at that moment, as the office can.
    /// </summary>
    public delegate Task BeforePointsWrite(CancellationToken cancellationToken);

    /// <summary>Activity names.</summary>
    public const string Compute = "StaffReallocationComputePoints", Participants = "StaffReallocationPointsParticipants",
        WriteBreakdowns = "StaffReallocationWriteBreakdowns", ApplyObjection = "StaffReallocationApplyObjection",
        ObjectionFacts = "StaffReallocationObjectionFacts", OpenObjections = "StaffReallocationOpenObjections";

    /// <summary>The objection window opening: its stage and when it closes.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="ClosesAt">When the window closes (UTC, the orchestration's timer).</param>
    /// <param name="Kept">Whether the API keeps each objection on record before raising it (<see cref="ReallocationStart.ObjectionsKept"/>).</param>
    public sealed record OpenInput(string ReallocationId, DateTime ClosesAt, bool Kept = false);

    /// <summary>Sets the reallocation's stage to the objection window's and keeps when it closes, which the API checks against the clock.</summary>
    [Function(OpenObjections)]
    public async Task<bool> OpenObjectionsAsync([ActivityTrigger] OpenInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var read = await store.Reallocations.GetAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Reallocation '{input.ReallocationId}' does not exist.");
            if (await store.Reallocations.TryReplaceAsync(read.Record with { Stage = PointsObjectionWindow.Stage, ObjectionsCloseAt = input.ClosesAt, ObjectionsKept = input.Kept }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }

    /// <summary>Objections whose facts the bureau's tasks show.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Objections">The objections, in the order lodged.</param>
    public sealed record FactsInput(string ReallocationId, IReadOnlyList<PointsObjection> Objections);

    /// <summary>Which reallocation to compute, and on which date.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="AsOf">The date service years are counted to.</param>
    public sealed record ComputeInput(string ReallocationId, DateOnly AsOf);

    /// <summary>Breakdown mails to write.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Tag">Makes the outbox ids unique per occasion ("points", "objection").</param>
    /// <param name="StaffIds">The people told.</param>
    /// <param name="Decisions">Per person, the bureau's decision on their objection (zh-CN); none for the first mail, which carries the objection link.</param>
    public sealed record BreakdownInput(string ReallocationId, string Tag, IReadOnlyList<string> StaffIds, IReadOnlyDictionary<string, string>? Decisions);

    /// <summary>The bureau's decision on an objection.</summary>
    /// <param name="ReallocationId">The reallocation.</param>
    /// <param name="Objection">The objection.</param>
    /// <param name="Review">The bureau's task outcome.</param>
    /// <param name="At">The orchestration's time.</param>
    /// <param name="Number">
    /// Its place among the objections the window took in, from 0 (its record's and its task's number); null in a payload
    /// queued before it carried one, which is then numbered by its review task's id.
    /// </param>
    /// <param name="Kept">Whether its record is the row the API kept by person and reason (<see cref="ReallocationStart.ObjectionsKept"/>) rather than one at its number.</param>
    public sealed record ObjectionInput(string ReallocationId, PointsObjection Objection, StaffTaskOutcome Review, DateTimeOffset At, int? Number = null, bool Kept = false);

    /// <summary>The decision as the person reads it, and whether the sheet changed.</summary>
    /// <param name="Upheld">Upheld (the points are then computed again).</param>
    /// <param name="Text">The decision in zh-CN.</param>
    public sealed record ObjectionDecision(bool Upheld, string Text);

    /// <summary>How many times <see cref="ComputeAsync"/> reads and computes again when rows or the sheet changed under it before it gives up (and the activity is retried).</summary>
    public const int ComputePasses = PeopleTable.ChangePasses;

    /// <summary>
    /// Everyone's points again from the directory and the points sheet, after upheld objections corrected the sheet
    /// (Prepare computed them first, the same way: <see cref="InputOf"/>); ranked county-wide. Stores each changed
    /// person's total, rank and breakdown, each on the version of the row it read: a row changed in between (an office
    /// correction, a decision's trace line) is not overwritten but read again with everything else and computed again,
    /// as is everyone when the sheet changed while the points were computed, until a pass finds nothing changed under it
    /// (<see cref="PeopleTable.ChangeAllAsync"/>). Run twice, the second run finds the points stored and writes nothing.
    /// </summary>
    /// <returns>How many people's points or rank changed.</returns>
    [Function(Compute)]
    public async Task<int> ComputeAsync([ActivityTrigger] ComputeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var formula = PointsFormula.Default;
        // Several rows at a time (one row per person; 8,950 of them one by one took minutes), each on its own version.
        var written = await store.People.ChangeAllAsync(input.ReallocationId, "the points' computation", async (people, token) =>
        {
            var members = (await directory.Staff.AllAsync(token).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            var sheet = await sheets.SheetOfAsync(input.ReallocationId, token).ConfigureAwait(false);
            var inputs = people.Select(p => p.Record.Participant.StaffId).Where(members.ContainsKey).Select(id => InputOf(members[id], sheet.GetValueOrDefault(id)));
            var ranked = StaffPoints.Rank(formula, inputs, input.AsOf).ToDictionary(p => p.StaffId, StringComparer.Ordinal);
            var changes = people
                .Select(read => (Read: read, Points: ranked.GetValueOrDefault(read.Record.Participant.StaffId)))
                .Where(c => c.Points is { } points && !Same(c.Read.Record, points))
                .Select(c => c.Read with { Record = c.Read.Record with { Participant = c.Read.Record.Participant with { Points = c.Points!.Total, PointsRank = c.Points.Rank }, Breakdown = c.Points } })
                .ToList();
            return new PeopleTable.ChangePass(changes, async t => SheetKey(await sheets.SheetOfAsync(input.ReallocationId, t).ConfigureAwait(false)) != SheetKey(sheet));
        }, beforeWrite is null ? null : beforeWrite.Invoke, cancellationToken).ConfigureAwait(false);
        return written.Count;
    }

    // The sheet's values in force, person by person, as one string: two reads of the same sheet give the same.
    private static string SheetKey(Dictionary<string, PointsSheetEntry> sheet) =>
        string.Join('\n', sheet.Values.OrderBy(e => e.StaffId, StringComparer.Ordinal).Select(e =>
            Invariant($"{e.StaffId}\t{string.Join(',', e.Values.Assessments)}\t{e.Values.SupportTeachingYears}\t{e.Values.HardshipYears}\t{e.Values.FamilyCases}")));

    /// <summary>Everyone taking part, sorted (batches are the same on replay).</summary>
    [Function(Participants)]
    public async Task<IReadOnlyList<string>> ParticipantsAsync([ActivityTrigger] string reallocationId, CancellationToken cancellationToken) =>
        [.. (await store.PeopleOfAsync(reallocationId, cancellationToken).ConfigureAwait(false)).Select(p => p.Participant.StaffId).Order(StringComparer.Ordinal)];

    /// <summary>Writes each person's breakdown mail to the outbox; returns the outbox ids.</summary>
    [Function(WriteBreakdowns)]
    public async Task<IReadOnlyList<string>> WriteBreakdownsAsync([ActivityTrigger] BreakdownInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? version = (await store.Reallocations.GetAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false))?.Record.FormulaVersion;
        var ids = new List<string>();
        foreach (string staffId in input.StaffIds)
        {
            if (await store.People.GetAsync(PersonRecord.IdOf(input.ReallocationId, staffId), cancellationToken).ConfigureAwait(false) is not { } read)
            {
                continue;
            }

            string? decision = input.Decisions?.GetValueOrDefault(staffId);
            string? written = await notices.WriteAsync(
                $"{input.ReallocationId}.{input.Tag}.{staffId}",
                "staff-reallocation-points",
                staffId,
                to => PointsMails.Breakdown(input.ReallocationId, version, read.Record, to, mail.DefaultCulture, decision is null ? links.For(input.ReallocationId, staffId) : null, decision),
                cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                ids.Add(written);
            }
        }

        return ids;
    }

    /// <summary>What the bureau's task shows for each objection: who, why, the sheet values in force and the breakdown.</summary>
    [Function(ObjectionFacts)]
    public async Task<IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>> ObjectionFactsAsync([ActivityTrigger] FactsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sheet = await sheets.SheetOfAsync(input.ReallocationId, cancellationToken).ConfigureAwait(false);
        var facts = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (var objection in input.Objections)
        {
            var person = (await store.People.GetAsync(PersonRecord.IdOf(input.ReallocationId, objection.StaffId), cancellationToken).ConfigureAwait(false))?.Record;
            var values = sheet.GetValueOrDefault(objection.StaffId)?.Values;
            var lines = new List<KeyValuePair<string, string>>
            {
                new("县管校聘 Reallocation", input.ReallocationId),
                new("教职工 Staff", objection.StaffId),
                new("异议理由 Reason", objection.Reason),
                new("提出人 Lodged by", objection.LodgedBy ?? "-"),
                new("近两年考核 Assessments", values is null || values.Assessments.Count == 0 ? "未录入" : string.Join("、", values.Assessments.Select(AssessmentWords.Zh))),
                new("支教年限 / 艰苦边远年限 / 家庭情况", values is null ? "未录入" : Invariant($"{values.SupportTeachingYears} 年 / {values.HardshipYears} 年 / {values.FamilyCases} 件")),
            };
            if (person is not null)
            {
                lines.AddRange((person.Breakdown?.Items ?? []).Select(i => new KeyValuePair<string, string>("积分 " + PointsMails.Label(i.Item), Invariant($"{i.Points}"))));
                lines.Add(new("总积分（名次） Total (rank)", Invariant($"{person.Participant.Points}（{person.Participant.PointsRank}）")));
            }

            facts.Add(lines);
        }

        return facts;
    }

    /// <summary>
    /// Keeps the bureau's decision on the person's row and the objection's record; upheld with corrected values, they replace the person's sheet
    /// entry (the old values stay in its history, with who decided, when and the objection as the reason).
    /// </summary>
    [Function(ApplyObjection)]
    public async Task<ObjectionDecision> ApplyObjectionAsync([ActivityTrigger] ObjectionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string staffId = input.Objection.StaffId;
        var read = await store.People.GetAsync(PersonRecord.IdOf(input.ReallocationId, staffId), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{staffId} is not in {input.ReallocationId}.");
        var receipt = input.Review.Receipt;
        var values = receipt?.Values ?? new Dictionary<string, string>();
        bool upheld = values.GetValueOrDefault("decision") == "uphold";
        string note = values.GetValueOrDefault("note") is { Length: > 0 } n ? "处理意见：" + n : string.Empty;
        string by = receipt?.SubmittedBy ?? "nobody";
        var at = receipt?.SubmittedAt ?? input.At;
        string text;
        if (upheld)
        {
            var entry = await sheets.Entries.GetAsync(PointsSheetEntry.IdOf(input.ReallocationId, staffId), cancellationToken).ConfigureAwait(false);
            var old = entry?.Record.Values ?? new PointsSheetValues([], 0, 0, 0);
            var results = old.Assessments.ToList();
            foreach (var (field, i) in new[] { ("assessment1", 0), ("assessment2", 1) })
            {
                // The year before is set only with (or after) the most recent one: no gap is invented.
                if (AssessmentWords.CodeOf(values.GetValueOrDefault(field)) is { } code && i <= results.Count)
                {
                    if (i == results.Count)
                    {
                        results.Add(code);
                    }
                    else
                    {
                        results[i] = code;
                    }
                }
            }

            int Number(string field, int current) =>
                values.GetValueOrDefault(field) is { Length: > 0 } t && decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? (int)v : current;
            var corrected = new PointsSheetValues(results, Number("supportTeachingYears", old.SupportTeachingYears), Number("hardshipYears", old.HardshipYears), Number("familyCases", old.FamilyCases));
            await sheets.ReviseAsync(input.ReallocationId, staffId, entry?.Record.Name, corrected, by, at, "积分异议成立：" + input.Objection.Reason, cancellationToken).ConfigureAwait(false);
            text = ("异议成立，已更正积分。" + note).Trim();
        }
        else
        {
            text = receipt is null ? "教育局未在期限内处理，积分维持不变。" : ("异议不成立，积分维持不变。" + note).Trim();
        }

        var trace = new TraceEntry(at, by, "objection", $"points objection ({input.Objection.Reason}): {(upheld ? "upheld" : receipt is null ? "not decided in time: rejected" : "rejected")}");
        await KeepTraceAsync(read, trace, cancellationToken).ConfigureAwait(false);

        int? number = input.Number ?? AppealRecord.NumberOfReviewTask(input.ReallocationId, null, staffId, input.Review.TaskId);
        var objection = new AppealRecord
        {
            ReallocationId = input.ReallocationId,
            Number = number ?? 0,
            StaffId = staffId,
            Reason = input.Objection.Reason,
            LodgedBy = input.Objection.LodgedBy,
            ReviewTaskId = number is { } k ? AppealRecord.ObjectionTaskId(input.ReallocationId, staffId, k) : input.Review.TaskId,
            Intake = input.Kept ? AppealIntake.TakenIn : null,
        };
        await store.DecideAsync(AppealRecord.Decided(objection, input.Review, input.At), numbered: number is not null, cancellationToken).ConfigureAwait(false);

        return new ObjectionDecision(upheld, text);
    }

    // The decision's line on the person's row, once. The row was read before the sheet was revised: written only if it
    // is still that version (an office edit or another activity in between is read again, never overwritten).
    private async Task KeepTraceAsync(Versioned<PersonRecord> read, TraceEntry trace, CancellationToken cancellationToken)
    {
        Versioned<PersonRecord>? current = read;
        while (current is { Record: var person } && !person.Trace.Contains(trace)
            && await store.People.TryReplaceAsync(person with { Trace = [.. person.Trace, trace] }, current.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            current = await store.People.GetAsync(person.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the formula reads about a directory member: their sheet entry if there is one.</summary>
    public static PointsInput InputOf(StaffMember member, PointsSheetEntry? entry) => entry is { Values: var v }
        ? PointsInput.From(member, v.Assessments, v.SupportTeachingYears, v.HardshipYears, v.FamilyCases)
        : PointsInput.From(member, []);

    // Whether the stored points say the same as the computed: the breakdown's items compared one by one (a stored
    // list is never the same instance, so record equality alone would call everyone changed and rewrite the county).
    private static bool Same(PersonRecord person, PointsBreakdown points) =>
        person.Breakdown is { } stored && stored with { Items = points.Items } == points && stored.Items.SequenceEqual(points.Items)
        && person.Participant.Points == points.Total && person.Participant.PointsRank == points.Rank;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
