using System.Globalization;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// A teacher's own part in each staff reallocation, for /api/me: their points and county rank (as their breakdown mail
/// gives them), linked to the objection page while points are open to objection (until the window's close time); and where they stand: the round under
/// way, or the post they were placed on with its round and rule, or their unplaced case, linked to their open task of the
/// reallocation when one waits, else to the appeal page while a round's appeal window is open (not once it has closed
/// and the bureau decides the appeals). Only the person's own row is
/// read: nobody else's points, rank or placement, nor the rule's detail naming others, is shown.
/// </summary>
public sealed class ReallocationOwnResults(StaffReallocationStore store, DirectoryStore directory, TaskDesk desk, TimeProvider time) : IOwnResults
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<OwnResult>> OfAsync(string staffId, CancellationToken cancellationToken)
    {
        // A reallocation a year: the rows are few, and the person's own row is one point read in each.
        var reallocations = await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false);
        var mine = new List<(ReallocationRecord Reallocation, PersonRecord Person)>();
        foreach (var reallocation in reallocations.OrderByDescending(r => r.AsOf).ThenByDescending(r => r.Id, StringComparer.Ordinal))
        {
            if (await store.People.GetAsync(PersonRecord.IdOf(reallocation.Id, staffId), cancellationToken).ConfigureAwait(false) is { } read)
            {
                mine.Add((reallocation, read.Record));
            }
        }

        if (mine.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var open = (await desk.ForAssigneeAsync(staffId, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Status == StaffTaskStatus.Open && t.DueAt > now)
            .ToList();
        var found = new List<OwnResult>();
        foreach (var (reallocation, person) in mine)
        {
            var title = ReallocationNames.Title(reallocation, reallocations);
            if (Points(reallocation, person, title, now.UtcDateTime) is { } points)
            {
                found.Add(points);
            }

            var task = open.Where(t => OfReallocation(t, reallocation.Id)).OrderBy(t => t.DueAt).FirstOrDefault();
            found.Add(await StandingAsync(reallocation, person, title, task, cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    /// <summary>The path of a reallocation's page under the route prefix, e.g. <c>staff-reallocation/{id}/appeals</c>.</summary>
    internal static string PathOf(string reallocationId, string page) => $"staff-reallocation/{Uri.EscapeDataString(reallocationId)}/{page}";

    private static OwnResult? Points(ReallocationRecord reallocation, PersonRecord person, LocalizedText title, DateTime now)
    {
        if (person.Breakdown is null)
        {
            return null;
        }

        // Until the close time, not until the window's timer has fired: after it the form is closed and the API refuses.
        bool objections = PointsObjectionWindow.Takes(reallocation, now);
        string points = person.Participant.Points.ToString("0.##", CultureInfo.InvariantCulture);
        int rank = person.Participant.PointsRank;
        return new OwnResult(
            "县管校聘积分",
            title.Zh,
            $"总积分 {points} 分，全县第 {rank} 名" + (objections ? "；积分公示中，对积分有异议的可在异议期内提出" : string.Empty),
            objections ? PathOf(reallocation.Id, "objections") : null)
        {
            English = new OwnResultText(
                "Staff reallocation points",
                title.En,
                $"total {points} points, county rank {rank}" + (objections ? "; points are published: you may object within the objection window" : string.Empty)),
        };
    }

    private async Task<OwnResult> StandingAsync(ReallocationRecord reallocation, PersonRecord person, LocalizedText title, StaffTask? task, CancellationToken cancellationToken)
    {
        var (zh, en) = await SummaryAsync(reallocation, person, cancellationToken).ConfigureAwait(false);
        // Only while the window is open: once it closes (appeal-review:{round}) the page would refuse the appeal.
        bool appeals = AppealPage.OpenRound(reallocation.Stage) is not null;
        string? path = null;
        if (task is not null)
        {
            var taskTitle = desk.Kinds.Shown(task).Title;
            zh += $"；待办：{taskTitle.Zh}";
            en += $"; waiting for you: {taskTitle.En}";
            path = $"tasks/{Uri.EscapeDataString(task.Id)}{desk.Links.For(task).Query}";
        }
        else if (appeals)
        {
            zh += "；本轮结果已公布，有异议的可在申诉期内提出申诉";
            en += "; the round's results are out: you may appeal within the appeal window";
            path = PathOf(reallocation.Id, "appeals");
        }

        bool decided = person.Placement is not null || person.Unplaced is not null;
        return new OwnResult(decided ? "县管校聘聘任结果" : "县管校聘进度", title.Zh, zh, path)
        {
            English = new OwnResultText(decided ? "Staff reallocation result" : "Staff reallocation progress", title.En, en),
        };
    }

    // Where the person stands, in both languages: placed (post, round and rule), unplaced (and the bureau's decision), or the stage under way.
    private async Task<(string Zh, string En)> SummaryAsync(ReallocationRecord reallocation, PersonRecord person, CancellationToken cancellationToken)
    {
        if (person.Placement is { } placed)
        {
            string school = (await directory.Schools.GetAsync(placed.SchoolId, cancellationToken).ConfigureAwait(false))?.Name ?? placed.SchoolId;
            string post = PlacementWords.PostName(placed.PostId, _ => school);
            return (
                $"已聘任至{post}岗位（{ReallocationNames.RoundName(placed.Round).Zh}；{StaffReallocationMails.RuleName(placed.Rule, false)}）",
                $"placed on post {placed.PostId} ({school}), {ReallocationNames.RoundName(placed.Round).En}; {StaffReallocationMails.RuleName(placed.Rule, true)}");
        }

        if (person.Unplaced is not null)
        {
            return person.BureauDecision is null
                ? ("落聘：各轮竞聘均未聘上岗位，待教育局处理", "unplaced: no post in any round; the bureau decides your case")
                : ("落聘：各轮竞聘均未聘上岗位，教育局已作出处理决定", "unplaced: no post in any round; the bureau has decided your case");
        }

        var stage = ReallocationNames.Stage(reallocation.Stage);
        return stage is null ? ("进行中", "under way") : ("当前阶段：" + stage.Zh, "stage: " + stage.En);
    }

    // A task of the reallocation's own instance or of one of its batches ("{id}:{step}-{attempt}:{n}").
    private static bool OfReallocation(StaffTask task, string reallocationId) =>
        string.Equals(task.InstanceId, reallocationId, StringComparison.Ordinal) || task.InstanceId.StartsWith(reallocationId + ":", StringComparison.Ordinal);
}
