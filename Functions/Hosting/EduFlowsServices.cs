using EduFlows.AuditLog;
using EduFlows.Calendar;
using EduFlows.Notifications;
using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.HeadTeachersAssociation;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.OpenSelection;
using EduFlows.Processes.ReservePool;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Processes.Secondment;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Hosting;

/// <summary>
/// Everything the function app's functions need, registered once: the worker's Program.cs calls it in Azure and the
/// local host calls it on a developer's machine. Hosting concerns (durable storage, timers, keys, dev tools) are the
/// host's, not registered here.
/// </summary>
public static class EduFlowsServices
{
    /// <summary>Adds the app's services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">App settings (local.settings.json's Values locally, app settings in Azure).</param>
    /// <param name="environment">The environment; Development allows a per-run link key and the dev SendGrid endpoint.</param>
    public static IServiceCollection AddEduFlows(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // A host that moves time (the local host's dev clock, a test's fake clock) registers its own first.
        services.TryAddSingleton(TimeProvider.System);
        var host = AppHostSettings.FromConfiguration(configuration);
        services.AddSingleton(host);
        services.AddSingleton(BureauClock.FromConfiguration(configuration));

        // AzureWebJobsStorage as the Functions host reads it: a connection string ("UseDevelopmentStorage=true" is
        // Azurite on its default ports) or, in Azure, the identity-based AzureWebJobsStorage__accountName/credential/clientId.
        var storage = StorageAccount.FromConfiguration(configuration);
        if (storage is not null)
        {
            services.AddSingleton(storage);
            bool development = environment.IsDevelopment();
            services.AddSingleton(new DirectoryStore(storage, host.HubName + "Dir"));
            services.AddSingleton<DemoCountyLoader>();

            // The processes' shares of the demo county, in the order they load (the pool before the training that credits its files).
            services.AddSingleton<IDemoCountyPart, ReservePoolDemo>().AddSingleton<IDemoCountyPart, TrainingYearDemo>().AddSingleton<IDemoCountyPart, AssociationDemo>();
            services.AddHostedService(sp => sp.GetRequiredService<DemoCountyLoader>());
            services.AddStaffTaskServices(
                storage,
                host.HubName,
                host.RoutePrefix,
                MailSettings.FromConfiguration(configuration, development),
                BureauClock.FromConfiguration(configuration),
                time => TaskSigner(configuration, development, time));
            services.AddHostedService(sp => sp.GetRequiredService<OutboxSweeper>());
            services.AddSingleton(sp => new SignInLinks(storage, host.HubName + "SignIns", sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<SignInThrottle>();
            services.AddSingleton<SignInMailer>();
            services.AddHostedService(sp => sp.GetRequiredService<SignInMailer>());
            services.AddSingleton(sp => new StaffSessionStore(storage, host.HubName + "Sessions", sp.GetRequiredService<TimeProvider>()));
            services.AddStaffSessions();
            services.AddSingleton(new ResearcherReviewStore(storage, host.HubName));
            services.AddSingleton(ResearcherReviewOptions.FromConfiguration(configuration));
            services.AddSingleton<IOwnResults, ResearcherOwnResults>();
            services.AddSingleton<ResearcherReviewDemo>();
            services.AddHostedService(sp => sp.GetRequiredService<ResearcherReviewDemo>());
            services.AddCalendar(storage, host.HubName).AddCalendarSeed();
            services.AddAuditLog(storage, host.HubName);
            services.AddSingleton<Workbench.Operations.OfficeActLog>();
            services.AddDepartmentAssessmentServices(storage, host.HubName);
            services.AddShadowTrainingServices(storage, host.HubName);
            services.AddStaffReallocationServices(storage, host.HubName);
            services.AddSingleton<IOwnResults, ReallocationOwnResults>();
            services.AddOpenSelectionServices(storage, host.HubName);
            services.AddSingleton<IOwnResults, CandidateOwnResults>();
            services.AddHeadTeachersAssociationServices(storage, host.HubName, configuration);
            services.AddReservePoolServices(storage, host.HubName).AddTrainingServices(storage, host.HubName);
            services.AddSecondmentServices(storage, host.HubName);
            services.AddDeputyRenewalServices(storage, host.HubName);
            services.AddSingleton(StaffReallocationSettings.FromConfiguration(configuration));

            // Every piece of one-time work on the stores, explicitly: each is done once per hub when a host starts.
            services.AddOneTimeWork<EscalationColumnsBackfill>().AddOneTimeWork<TrainingRegistrationBackfill>();
        }

        // Every process registers its task kinds here, explicitly.
        services.AddSingleton(new TaskKindCatalog().Add(NoticeAcknowledgement.Kind).AddAll(ReviewTaskKinds.All).AddDepartmentAssessmentKinds().AddShadowTraining().AddStaffReallocation().AddStaffReallocationPoints()
            .AddOpenSelection().AddHeadTeachersAssociation().AddReservePool().AddSecondment().AddDeputyRenewal());

        // What each orchestrator reads its events as: an event raised by hand with a payload it cannot read is refused.
        services.AddSingleton(DeclaredEventPayloads());

        // Every purge (nightly, the office's, the management API's) asks the processes' hooks through this.
        services.AddSingleton<Durable.InstancePurges>();

        // Every restart by hand (the office's, the management API's) asks the processes' hooks through this.
        services.AddSingleton<Durable.InstanceRestarts>();

        // The keys are app settings in Azure too (Key Vault references): the app reads them to tell an administrator's
        // request (master key) from a staff member's; enforcing them per function is the host's job.
        services.AddSingleton(FunctionKeys.FromConfiguration(configuration));

        // The office's pages admit the master key, an office session or the office app role (OfficeGuard).
        services.AddEduFlowsMiddleware(configuration);
        services.AddSingleton<OfficeVisitorCache>();

        // Enums as their names ("open", not 1) in every JSON answer.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Every event an orchestrator waits for, with the type it reads the payload as, declared explicitly.</summary>
    internal static Durable.EventPayloads DeclaredEventPayloads() => new Durable.EventPayloads()
        .Declare<string>(Approval.Name, Approval.EventName, "非空的 JSON 字符串（审批决定）", decision => string.IsNullOrWhiteSpace(decision) ? "所给字符串为空白。" : null)
        .Declare<string>(OpenSelectionOrchestration.Name, OpenSelectionOrchestration.CorrectionEvent, "JSON 字符串（更正说明）")
        .Declare<int>(OpenSelectionOrchestration.Name, OpenSelectionOrchestration.WrittenScoresEvent, "整数（已录入笔试成绩的人数）")
        .Declare<string>(OpenSelectionOrchestration.Name, OpenSelectionOrchestration.ObjectionEvent, "JSON 字符串（异议说明）")
        .Declare<string>(OpenSelectionOrchestration.Name, OpenSelectionOrchestration.OfficeDecisionEvent, "JSON 字符串（局办公室的决定）")
        .Declare<RenewalObjection>(DeputyRenewal.Name, DeputyRenewal.ObjectionEvent, "异议对象 {\"againstStaffId\", \"objector\", \"reason\"}")
        .Declare<DeferralDecision>(ShadowTraining.TraineeName, ShadowTraining.DeferralEvent, "延期决定对象 {\"approve\": true 或 false, \"note\"}")
        .Declare<ReallocationAppeal>(StaffReallocation.Name, StaffReallocation.AppealEvent, "申诉对象 {\"staffId\", \"reason\", \"round\"（申诉期所属轮次，如 DirectAppointment）}")
        .Declare<PointsObjection>(StaffReallocation.Name, PointsObjectionWindow.ObjectionEvent, "积分异议对象 {\"staffId\", \"reason\"}")
        .DeclarePrefix<TaskReceipt>(TaskDesk.EventName(string.Empty), "任务回执对象 {\"receiptId\", \"taskId\", \"submittedBy\", \"submittedAt\", \"values\"}");

    /// <summary>The task signer: <c>TASK_TOKEN_KEY</c>, or in Development without one a key for this run only.</summary>
    internal static TaskTokenSigner TaskSigner(IConfiguration configuration, bool development, TimeProvider time) =>
        development && string.IsNullOrEmpty(configuration["TASK_TOKEN_KEY"])
            ? new TaskTokenSigner(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), time)
            : TaskTokenSigner.FromConfiguration(configuration, time);

    // A signed-in staff member's session: a secure, http-only cookie, never sent on cross-site posts. Functions read
    // it themselves (HttpContext.AuthenticateAsync), as does the office guard (worker middleware, not ASP.NET's). Each read
    // checks the cookie's session on the server (StaffSession.ValidateAsync), so a signed-out cookie is dead everywhere.
    private static void AddStaffSessions(this IServiceCollection services) =>
        services.AddAuthentication(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "eduflows-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = StaffSession.ValidateAsync;
            o.Events.OnRedirectToLogin = c =>
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
}
