using EduFlows.FunctionIndex;
using EduFlows.Processes.StaffReallocation;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// The staff reallocation as its tests run it: the app's orchestrations on a <see cref="TaskHarness"/> under the fake
/// clock (from 2026-09-01) with the reallocation's task kinds and services on the harness's hub, a county seeded, and
/// the reallocation started as 赵主任 (stf-3) starts it for the bureau; or, for an activity on its own, a store of its
/// own hub.
/// </summary>
internal static class ReallocationHarness
{
    /// <summary>赵主任, who runs the reallocation for the bureau.</summary>
    public const string Owner = "stf-3";

    /// <summary>The day the reallocation counts ages and years from.</summary>
    public static readonly DateOnly AsOf = new(2026, 9, 1);

    /// <summary>
    /// Starts the harness with the reallocation's task kinds (and the points objections' with <paramref name="points"/>)
    /// and seeds <paramref name="county"/>; the orchestrations and activities are the app's own unless
    /// <paramref name="register"/> gives a stand-in for old code, and the reallocation's services are registered on the
    /// harness's storage and hub unless <paramref name="services"/> does it otherwise (<paramref name="azurite"/>'s
    /// connection string and the hub's name are passed to it).
    /// </summary>
    public static async Task<TaskHarness> StartAsync(
        AzuriteFixture azurite, ReallocationCounty? county = null, bool points = false, Action<DurableTaskRegistry>? register = null, Action<IServiceCollection, string, string>? services = null)
    {
        var harness = await TaskHarness.StartAsync(
            azurite,
            register ?? (registry => registry.AddDurableFunctions(AppFunctions.Catalog)),
            kinds =>
            {
                kinds.AddStaffReallocation();
                if (points)
                {
                    kinds.AddStaffReallocationPoints();
                }
            },
            services ?? ((collection, storage, hub) => collection.AddStaffReallocationServices(storage, hub)));
        try
        {
            if (county is not null)
            {
                await county.SeedAsync(harness.Services);
            }

            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>The reallocation as the bureau's owner starts it on <see cref="AsOf"/>, with no support rota.</summary>
    public static ReallocationStart Start(string reallocationId, StaffReallocationOptions? options = null, bool appealsOnRecord = false, bool objectionsKept = false) =>
        new(reallocationId, Owner, AsOf, [], options ?? StaffReallocationOptions.Default, AppealsOnRecord: appealsOnRecord, ObjectionsKept: objectionsKept);

    /// <summary>Schedules the reallocation under its own id, on the orchestration version given (the host's default otherwise).</summary>
    public static Task<string> ScheduleAsync(DurableTaskClient client, ReallocationStart start, string? version = null) =>
        client.ScheduleNewOrchestrationInstanceAsync(
            ReallocationProcess.Name,
            start,
            version is null ? new StartOrchestrationOptions(start.ReallocationId) : new StartOrchestrationOptions(start.ReallocationId) { Version = version });

    /// <summary>
    /// The reallocation's tables on a hub no other test uses (or on <paramref name="hub"/>, for a test that puts the
    /// directory's tables beside them), for an activity run without the harness.
    /// </summary>
    public static StaffReallocationStore NewStore(AzuriteFixture azurite, string? hub = null) =>
        new(StorageAccount.FromConnectionString(azurite.ConnectionString), hub ?? AzuriteFixture.NewHubName());

    /// <summary>
    /// The activities over the store (and the directory, for one that names people; what else they need unused), with
    /// an office write between read and write.
    /// </summary>
    public static StaffReallocationActivities Activities(StaffReallocationStore store, StaffReallocationActivities.BeforePeopleWrite? beforeWrite = null, DirectoryStore? directory = null) =>
        new(store, directory!, null!, null!, null!, null!, beforeWrite);
}
