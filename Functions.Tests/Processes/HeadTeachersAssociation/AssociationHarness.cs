using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.HeadTeachersAssociation;

/// <summary>
/// The association on the task harness (fake clock 2026-09-01, Azurite tables, fake SendGrid): the office is 赵主任
/// (stf-3); head teachers stf-701..stf-706 are in the directory with addresses, each at a school of their own.
/// </summary>
internal static class AssociationHarness
{
    public static readonly IReadOnlyList<(string Id, string Name, string School)> HeadTeachers =
    [
        ("stf-701", "陈晓梅", "东关小学"),
        ("stf-702", "刘建国", "弥河初级中学"),
        ("stf-703", "马丽娟", "旗城学校"),
        ("stf-704", "杜文斌", "西苑小学"),
        ("stf-705", "冯雪", "云门山中学"),
        ("stf-706", "郭海燕", "益都实验学校"),
    ];

    /// <param name="azurite">The storage emulator.</param>
    /// <param name="tablePolicy">A policy on every request of the association's tables (a <see cref="TableRequestGate"/>), or none.</param>
    public static async Task<(TaskHarness Harness, string Hub)> StartAsync(AzuriteFixture azurite, HttpPipelinePolicy? tablePolicy = null)
    {
        string hub = string.Empty;
        var harness = await TaskHarness.StartAsync(
            azurite,
            kinds: k => k.AddHeadTeachersAssociation(),
            services: (s, storage, h) =>
            {
                hub = h;
                s.AddSingleton(AssociationOptions.Default with { OfficeId = "stf-3" });
                if (tablePolicy is null)
                {
                    s.AddHeadTeachersAssociationServices(storage, h);
                    return;
                }

                var options = new TableClientOptions();
                options.AddPolicy(tablePolicy, HttpPipelinePosition.PerCall);
                s.AddHeadTeachersAssociationServices(new StorageAccount(new TableServiceClient(storage, options), new BlobServiceClient(storage)), h);
            });
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        foreach (var (id, name, _) in HeadTeachers)
        {
            await directory.Staff.UpsertAsync(TaskHarness.Staff(id, name, id + "@qz.example.cn") with { Post = "head-teacher" }, CancellationToken.None);
        }

        return (harness, hub);
    }

    public static AssociationDesk AssociationDesk(this TaskHarness harness) => harness.Services.GetRequiredService<AssociationDesk>();

    public static AssociationStore AssociationStore(this TaskHarness harness) => harness.Services.GetRequiredService<AssociationStore>();

    /// <summary>Makes these head teachers members, as if the office had approved them.</summary>
    public static async Task EnrolAsync(this TaskHarness harness, params string[] ids)
    {
        foreach (string id in ids)
        {
            var (_, name, school) = HeadTeachers.Single(h => h.Id == id);
            await harness.AssociationStore().Members.PutAsync(new AssociationMember(id, name, school, harness.Time.GetUtcNow(), "seed-" + id), CancellationToken.None);
        }
    }

    /// <summary>Waits (real time) until <paramref name="condition"/> holds.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, Func<T, bool> condition)
        where T : class
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await read() is { } value && condition(value))
            {
                return value;
            }

            await Task.Delay(30, cts.Token);
        }
    }
}
