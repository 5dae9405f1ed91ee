using System.Diagnostics;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// A half-year review of three researchers of their own office (section junior, 2000 H1: no other probe uses it) run
/// to its published results by answering every task from the caught mail, so the finished views can be read.
/// </summary>
/// <param name="ReviewId">The review, e.g. <c>researcher-review-2000H1-junior</c>.</param>
/// <param name="Year">Its year.</param>
/// <param name="Researchers">The office's researchers; the first two are the panel.</param>
public sealed record FinishedReview(string ReviewId, int Year, IReadOnlyList<JsonObject> Researchers)
{
    private const int Year2000 = 2000;

    /// <summary>Seeds the office, starts the review, answers its tasks until it is published.</summary>
    public static async Task<FinishedReview> RunAsync(AppUnderTest app, string prefix, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string office = $"{prefix}-fin-tro", head = $"{prefix}-fin-head";
        await StaffPortalAccess.PutAsync(app, $"/api/directory/departments/{office}", new JsonObject { ["id"] = office, ["name"] = "可靠性测试教研室（结果）", ["teachingResearchOffice"] = true }, cancellationToken);
        await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{head}", Person(head, "结果主任", "bureau-cadre", office, 9), cancellationToken);
        await StaffPortalAccess.PutAsync(app, $"/api/directory/departments/{office}", new JsonObject { ["id"] = office, ["name"] = "可靠性测试教研室（结果）", ["headId"] = head, ["teachingResearchOffice"] = true }, cancellationToken);
        var researchers = new List<JsonObject>();
        for (int i = 0; i < 3; i++)
        {
            var researcher = Person($"{prefix}-fin-r{i}", "结果" + "甲乙丙"[i], "researcher", office, i);
            await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{researcher["id"]}", researcher, cancellationToken);
            researchers.Add(researcher);
        }

        var start = new JsonObject
        {
            ["section"] = "junior",
            ["year"] = Year2000,
            ["half"] = 1,
            ["reviewerIds"] = new JsonArray((string)researchers[0]["id"]!, (string)researchers[1]["id"]!),
            ["officeId"] = head,
        };
        var (status, body) = await StaffPortalAccess.PostAsync(app, "/api/researcher-reviews", start, cancellationToken);
        if ((int)status is not (202 or 409))
        {
            throw new InvalidOperationException($"POST /api/researcher-reviews {start.ToJsonString()} answered {(int)status}: {body}");
        }

        // Every task of the review (self-assessments, surveys, scoring, of whoever the section holds) is answered as it
        // arrives; the review publishes once the last is in, with no clock moved.
        string reviewId = $"researcher-review-{Year2000}H1-junior";
        var answerer = new TaskAnswerer(app, random);
        var wait = Stopwatch.StartNew();
        while (true)
        {
            await answerer.AnswerMailedAsync($"rr-{Year2000}H1-junior-", cancellationToken);
            var review = await app.GetJsonAsync($"/api/researcher-reviews/{reviewId}", cancellationToken: cancellationToken);
            string? runtime = (string?)review["runtimeStatus"];
            if ("completed".Equals(runtime, StringComparison.OrdinalIgnoreCase))
            {
                return new FinishedReview(reviewId, Year2000, researchers);
            }

            if ("failed".Equals(runtime, StringComparison.OrdinalIgnoreCase) || "terminated".Equals(runtime, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{reviewId} ended {runtime}: {review.ToJsonString()}");
            }

            if (wait.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"{reviewId} was not published within 3 minutes ({answerer.Answered} tasks answered): {review.ToJsonString()[..Math.Min(600, review.ToJsonString().Length)]}");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static JsonObject Person(string id, string name, string post, string department, int i) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["gender"] = i % 2 == 0 ? "female" : "male",
        ["birthDate"] = $"197{i % 10}-0{1 + (i % 9)}-1{i % 10}",
        ["email"] = $"{id}@reliability.example.cn",
        ["mobile"] = $"1870000{(5_000 + (i * 17) + id.Length).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}",
        ["departmentId"] = department,
        ["post"] = post,
        ["subject"] = "chinese",
        ["section"] = "junior",
    };
}
