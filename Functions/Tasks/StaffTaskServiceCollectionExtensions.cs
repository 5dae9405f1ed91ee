using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Tasks;

/// <summary>Registers what e-mailed tasks need: the task table, the outbox and its sender, templates, links and the desk.</summary>
public static class StaffTaskServiceCollectionExtensions
{
    /// <summary>Adds the task and mail services over the given storage account and task hub.</summary>
    /// <param name="services">The services.</param>
    /// <param name="storage">The storage connection string.</param>
    /// <param name="hubName">The task hub; tables are named after it.</param>
    /// <param name="routePrefix">The HTTP route prefix (for links).</param>
    /// <param name="mail">The mail settings.</param>
    /// <param name="clock">The bureau's time zone.</param>
    /// <param name="signer">Makes the task-link signer on the app's clock.</param>
    public static IServiceCollection AddStaffTaskServices(
        this IServiceCollection services, string storage, string hubName, string routePrefix, MailSettings mail, BureauClock clock, Func<TimeProvider, TaskTokenSigner> signer) =>
        services.AddStaffTaskServices(StorageAccount.FromConnectionString(storage), hubName, routePrefix, mail, clock, signer);

    /// <summary>Adds the task and mail services over the given storage account and task hub.</summary>
    /// <param name="services">The services.</param>
    /// <param name="storage">The storage account.</param>
    /// <param name="hubName">The task hub; tables are named after it.</param>
    /// <param name="routePrefix">The HTTP route prefix (for links).</param>
    /// <param name="mail">The mail settings.</param>
    /// <param name="clock">The bureau's time zone.</param>
    /// <param name="signer">Makes the task-link signer on the app's clock.</param>
    public static IServiceCollection AddStaffTaskServices(
        this IServiceCollection services, StorageAccount storage, string hubName, string routePrefix, MailSettings mail, BureauClock clock, Func<TimeProvider, TaskTokenSigner> signer)
    {
        services.AddSingleton(mail);
        services.TryAddSingleton<SendGrid.ISendGridClient>(_ => mail.CreateClient());
        services.TryAddSingleton<HtmlRendering>();

        // Razor escapes markup but, with the default encoder, also every Chinese character; keep text readable.
        services.TryAddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.TryAddSingleton(new DirectoryStore(storage, hubName + "Dir"));
        services.AddSingleton(new MailOutbox(storage, hubName + "Mail"));
        services.AddSingleton<MailSender>();
        services.AddSingleton<OutboxSweeper>();
        services.AddSingleton(new StaffTaskStore(storage, hubName + "Tasks"));

        services.AddSingleton(sp => signer(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TaskLinks(sp.GetRequiredService<TaskTokenSigner>(), mail, routePrefix));
        services.AddSingleton(clock);
        services.AddSingleton<TaskDesk>();
        services.AddSingleton<StaffNotices>();
        return services;
    }
}
