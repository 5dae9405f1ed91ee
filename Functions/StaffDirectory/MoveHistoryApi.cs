using EduFlows.Hosting;
using EduFlows.Storage;

namespace EduFlows.StaffDirectory;

/// <summary><c>GET /api/directory/staff/{id}/moves</c> (function key): a person's moves between units and posts, oldest first.</summary>
public sealed class MoveHistoryApi(DirectoryStore store)
{
    /// <summary>The person's move history; 404 when the person is not in the directory.</summary>
    [Function("DirectoryStaffMoves")]
    public async Task<IResult> MovesAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "directory/staff/{id}/moves")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (TableKey.Refusal("id", id) is { } unkeyable)
        {
            return unkeyable;
        }

        if (await store.Staff.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "id", $"名录中没有工号为“{id}”的人员。", $"No staff member with id '{id}' is in the directory.");
        }

        return TypedResults.Ok(await store.MovesOfAsync(id, cancellationToken).ConfigureAwait(false));
    }
}
