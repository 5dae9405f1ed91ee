using System.Net;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Probes.Privacy;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// What the fuzzer needs so its bad bodies reach the code behind the checks: people and a school to PUT over, an
/// open task with its link, a signed-in session, an <c>Approval</c> instance waiting for its event, and valid bodies
/// (read back from the app) to spoil one field at a time.
/// </summary>
internal sealed record FuzzFixtures(
    string Prefix,
    string SchoolId,
    string DepartmentId,
    string StaffId,
    string TrainingBaseId,
    string TaskId,
    string TaskToken,
    string SessionCookie,
    string ApprovalInstanceId,
    IReadOnlyDictionary<string, JsonObject> Templates)
{
    public static async Task<FuzzFixtures> CreateAsync(AppUnderTest app, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        string prefix = "fz" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var people = await StaffPortalAccess.SeedPeopleAsync(app, prefix, 3, cancellationToken);
        string staffId = (string)people[0]["id"]!;
        string email = (string)people[0]["email"]!;
        string baseId = prefix + "-tb";
        await StaffPortalAccess.PutAsync(app, $"/api/directory/training-bases/{baseId}", new JsonObject { ["id"] = baseId, ["schoolId"] = prefix + "-sch", ["name"] = "可靠性测试基地", ["capacity"] = 7 }, cancellationToken);

        var (taskId, token) = await StaffPortalAccess.AssignTaskAsync(app, staffId, email, cancellationToken);
        string cookie = await StaffPortalAccess.SignInAsync(app, email, cancellationToken);

        string approval = prefix + "-approval";
        var (status, body) = await StaffPortalAccess.PostAsync(app, $"/runtime/webhooks/durabletask/orchestrators/Approval/{approval}", JsonValue.Create("可靠性测试审批"), cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Starting Approval answered {(int)status}: {body}");
        }

        var templates = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["DirectoryPutSchool"] = (await app.GetJsonAsync($"/api/directory/schools/{prefix}-sch", cancellationToken: cancellationToken)).AsObject(),
            ["DirectoryPutDepartment"] = (await app.GetJsonAsync($"/api/directory/departments/{prefix}-dep", cancellationToken: cancellationToken)).AsObject(),
            ["DirectoryPutTrainingBase"] = (await app.GetJsonAsync($"/api/directory/training-bases/{baseId}", cancellationToken: cancellationToken)).AsObject(),
            ["DirectoryPutStaff"] = (await app.GetJsonAsync($"/api/directory/staff/{staffId}", cancellationToken: cancellationToken)).AsObject(),
            ["ResearcherReviewPutScheme"] = (await app.GetJsonAsync("/api/researcher-reviews/schemes/primary", cancellationToken: cancellationToken)).AsObject(),
            ["DepartmentAssessmentPutScheme"] = (await app.GetJsonAsync($"/api/department-assessment/schemes/{DateTime.UtcNow.Year}", cancellationToken: cancellationToken)).AsObject(),
            // Plausible bodies naming things that do not exist, so that a field the app ignored could not start anything.
            ["ResearcherReviewStartReview"] = Parse("""{"section":"primary","year":2026,"half":1,"schemeVersion":1,"reviewerIds":["fz-none-1"],"officeId":"fz-none-2"}"""),
            ["ResearcherReviewStartRotation"] = Parse("""{"year":2026,"deciderId":"fz-none"}"""),
            ["ResearcherReviewAddRecord"] = Parse("""{"researcherId":"fz-none","kind":"lecture","date":"2026-03-02","schoolId":"fz-none","description":"x"}"""),
            ["ResearcherReviewCorrectRecord"] = Parse("""{"reason":"x","kind":"lecture","date":"2026-03-02","schoolId":"fz-none","description":"x","withdrawn":false}"""),
            ["ShadowTrainingDefineBatch"] = Parse("""{"weekStart":"2026-03-02","candidates":["fz-none"],"bases":[{"baseId":"fz-none","places":1}],"ownerId":"fz-none"}"""),
            ["ShadowTrainingAdjustPlacement"] = Parse("""{"baseId":"fz-none","adjustedBy":"fz-none"}"""),
            ["ShadowTrainingDecideDeferral"] = Parse("""{"approve":true,"note":"x"}"""),
            ["MeSignInRequest"] = Parse("""{"email":"x"}"""),
            ["DepartmentAssessmentRequestSessionLink"] = Parse("""{"email":"x"}"""),
            ["POST /api/dev/clock"] = Parse("""{"advanceBy":"x"}"""),
        };

        return new FuzzFixtures(prefix, prefix + "-sch", prefix + "-dep", staffId, baseId, taskId, token, cookie, approval, templates);
    }

    /// <summary>A route value that passes routing and reaches the handler's body checks (an existing fixture where that matters).</summary>
    public string RouteValue(FuzzOperation operation, string parameter) => (operation.Id, parameter) switch
    {
        ("DirectoryPutSchool" or "DirectoryGetSchool", "id") => SchoolId,
        ("DirectoryPutDepartment" or "DirectoryGetDepartment", "id") => DepartmentId,
        ("DirectoryPutTrainingBase" or "DirectoryGetTrainingBase", "id") => TrainingBaseId,
        ("DirectoryPutStaff" or "DirectoryGetStaff", "id") => StaffId,
        ("TaskShow" or "TaskSubmit" or "MeSubmitTask", "taskId") => Uri.EscapeDataString(TaskId),
        (_, "instanceId") when operation.Template.Contains("raiseEvent", StringComparison.Ordinal) || operation.Method == "GET" => ApprovalInstanceId,
        (_, "eventName") => "Approval",
        (_, "functionName") => "HelloCities",
        (_, "section") => "primary",
        (_, "year") => "2026",
        (_, "month") => "3",
        (_, "half") => "1",
        (_, "staffId") => StaffId,
        _ => $"{Prefix}-none",
    };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
