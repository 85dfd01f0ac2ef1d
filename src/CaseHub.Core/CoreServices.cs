using System.Reflection;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Notes;
using CaseHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CaseHub.Core;

public static class CoreServices
{
    /// <summary>Registers everything Core needs. <paramref name="textAssemblies"/> add their own *.texts.json catalogues.</summary>
    /// <param name="baseDirectory">Relative data paths (SQLite file, mail pickup folder) are resolved against it.</param>
    public static IServiceCollection AddCaseHubCore(this IServiceCollection services, IConfiguration configuration, string baseDirectory, params Assembly[] textAssemblies)
    {
        services.AddValidatedOptions<AppOptions>(configuration, AppOptions.Section);
        services.AddValidatedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.AddValidatedOptions<MailOptions>(configuration, MailOptions.Section);
        services.PostConfigure<DatabaseOptions>(o => o.ResolveRelativePaths(baseDirectory));
        services.PostConfigure<MailOptions>(o => o.PickupDirectory = Path.GetFullPath(Path.Combine(baseDirectory, o.PickupDirectory)));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(NodeIdentity.ForThisProcess(configuration["App:NodeName"]));
        services.AddSingleton(TextCatalog.LoadFrom([typeof(CoreServices).Assembly, .. textAssemblies]));

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddSingleton<SqlitePragmas>();
        services.AddDbContext<CaseHubDbContext>((sp, o) =>
        {
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Apply(o);
            o.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>(), sp.GetRequiredService<SqlitePragmas>());
        });

        services.AddScoped<Releases.SchemaGuard>();

        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<IMailTransport>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Transport == "Smtp"
                ? ActivatorUtilities.CreateInstance<SmtpTransport>(sp)
                : ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp));
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        // Privacy: the PII guard every feature calls before saving case text.
        services.AddSingleton<PiiGuard>();

        // Notes: live shared Markdown on Yjs (engine in Jint, update log + compacted snapshot, background compaction).
        services.AddValidatedOptions<NotesOptions>(configuration, NotesOptions.Section);
        services.AddSingleton<YjsEngine>();
        services.AddScoped<NotesService>();
        services.AddScoped<Rooms.IRoomNotes>(sp => sp.GetRequiredService<NotesService>());
        services.AddScoped<NotesAuthorizer>();
        services.TryAddSingleton(WorkerClock.System);
        services.AddScoped<INotesAccessPolicy, Rooms.RoomNotesAccess>();
        services.AddSingleton<NotesCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<NotesCompactor>());

        services.AddScoped<AccountService>();
        // OIDC: organisation sign-in for staff (the web layer adds the OpenID Connect handler when Oidc:Enabled).
        services.AddOptions<Accounts.Oidc.OidcOptions>().Bind(configuration.GetSection(Accounts.Oidc.OidcOptions.Section));
        services.AddScoped<Accounts.Oidc.ExternalSignInService>();

        // Rooms: the live meeting engine and its protocols.
        services.AddValidatedOptions<Rooms.RoomOptions>(configuration, Rooms.RoomOptions.Section);
        services.AddSingleton<Rooms.IProtocolSource, Rooms.NetworkMeetingProtocol>();
        services.AddSingleton<Rooms.ProtocolCatalog>();
        services.AddScoped<Rooms.RoomEngine>();
        services.AddScoped<Rooms.RoomService>();
        services.AddScoped<Rooms.MinutesService>();
        services.TryAddScoped<Rooms.IRoomNotes, Rooms.NoRoomNotes>();
        services.AddScoped<Rooms.MeetingScheduler>();
        services.AddScoped<Rooms.RoomQueries>();
        services.AddScoped<Rooms.RoomGates>();
        services.AddScoped<Calendar.ICalendarReplyListener, Rooms.RoomCalendarReplies>();
        // Audit trail: entries written with each change, chained by the sealer on every node.
        services.AddSingleton<Audit.AuditLog>();
        services.AddHostedService<Audit.AuditSealer>();

        // Retention: one rule per kind of personal data, purged daily on every node (idempotent).
        services.AddValidatedOptions<Retention.RetentionOptions>(configuration, Retention.RetentionOptions.Section);
        services.AddScoped<Retention.IRetentionRule, Retention.RoomNotesRule>();
        services.AddScoped<Retention.IRetentionRule, Retention.SentMailRule>();
        services.AddScoped<Retention.IRetentionRule, Retention.FeedbackAnswersRule>();
        services.AddScoped<Retention.IRetentionRule, Retention.DiscoveryBookingsRule>();
        services.AddScoped<Retention.IRetentionRule, Retention.ClosedCasesRule>();
        services.AddScoped<Retention.IRetentionRule, Retention.AuditRule>();
        services.AddScoped<Retention.RetentionService>();
        // Data subject rights: self-service export (JSON + HTML) and erasure by an administrator.
        services.AddScoped<Privacy.SubjectRights.PersonalDataExporter>();
        services.AddScoped<Privacy.SubjectRights.UserErasure>();
        services.AddHostedService<Retention.RetentionWorker>();

        services.AddSingleton<Rooms.ChairWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<Rooms.ChairWatch>());
        services.AddScoped<DemoSeeder>();

        // Exports: CSV and Excel writers shared by every feature's lists (headers in the reader's language).
        services.AddSingleton<Exports.Exporter>();
        services.AddScoped<Immersion.ImmersionExports>();
        services.AddScoped<Conferences.ConferenceExports>();

        // Calendar: invitations, updates, cancellations, reply links and feeds (ICS) for every scheduled thing.
        services.AddSingleton<IcsWriter>();
        services.AddScoped<CalendarService>();

        // Discovery days: public booking with a waiting list, reminders, check-in; and the shared feedback questionnaires.
        services.AddScoped<Feedback.FeedbackService>();
        services.AddValidatedOptions<DiscoveryDays.DiscoveryDayOptions>(configuration, DiscoveryDays.DiscoveryDayOptions.Section);
        services.AddSingleton<DiscoveryDays.DiscoveryMails>();
        services.AddScoped<DiscoveryDays.DiscoveryCalendar>();
        services.AddScoped<DiscoveryDays.DiscoverySeats>();
        services.AddScoped<DiscoveryDays.DiscoveryBookingService>();
        services.AddScoped<DiscoveryDays.DiscoveryDayService>();
        services.AddScoped<DiscoveryDays.DiscoveryDayJobs>();
        services.AddScoped<IDemoContributor, DiscoveryDays.DiscoveryDemo>();
        // Immersion programme: campaigns, partner offers by magic link, preferences, matching, publication, debriefs, directory.
        services.AddScoped<Immersion.ImmersionService>();
        services.AddScoped<Immersion.ImmersionReciprocity>();
        services.AddScoped<Immersion.ImmersionMatchingService>();
        services.AddScoped<Immersion.ImmersionDebrief>();
        services.AddSingleton<Rooms.IProtocolSource, Immersion.ImmersionTeamDebriefProtocol>();
        services.AddScoped<Immersion.ImmersionTeamDebriefs>();
        services.AddScoped<Rooms.IMinutesSection, Immersion.ImmersionTeamDebriefMinutesSection>();
        services.AddScoped<Rooms.IRoomDetailsFollower, Immersion.ImmersionTeamDebriefFollower>();
        services.AddScoped<Immersion.SpeedMeetingPlans>();
        services.AddScoped<Immersion.PartnerDirectory>();
        services.AddScoped<INotesAccessPolicy, Immersion.ImmersionNotesAccess>();
        services.AddScoped<IDemoContributor, Immersion.ImmersionDemo>();
        services.AddValidatedOptions<Immersion.ImmersionOptions>(configuration, Immersion.ImmersionOptions.Section);
        services.AddScoped<Immersion.ImmersionJobs>();
        services.AddSingleton<Immersion.ImmersionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Immersion.ImmersionWorker>());
        services.AddSingleton<DiscoveryDays.DiscoveryDayWorker>();

        // Case conferences: pseudonymised cases, sealed positions, the case-conference protocol, per-reader minutes.
        services.AddValidatedOptions<Conferences.ConferenceOptions>(configuration, Conferences.ConferenceOptions.Section);
        services.AddSingleton<Rooms.IProtocolSource, Conferences.CaseConferenceProtocol>();
        services.AddScoped<Conferences.CaseService>();
        services.AddScoped<Conferences.ConferenceService>();
        services.AddScoped<Conferences.HandoverService>();
        services.AddScoped<Rooms.IRoomAccessGuard, Conferences.ConferenceRoomAccess>();
        services.AddScoped<Conferences.CaseActionService>();
        services.AddSingleton<Conferences.OrientationCatalog>();
        services.AddScoped<Conferences.CaseTimeline>();
        services.AddScoped<Rooms.IMinutesSection, Conferences.ConferenceMinutesSection>();
        services.AddScoped<IDemoContributor, Conferences.ConferenceDemo>();
        services.AddScoped<Conferences.DeadlineService>();
        services.AddSingleton<Conferences.ConferenceDeadlineWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Conferences.ConferenceDeadlineWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryDays.DiscoveryDayWorker>());

        // Comités à blanc: exercise cases (PII-guarded), sessions as a room protocol, internal case law.
        services.AddSingleton<Rooms.IProtocolSource, Committees.BlankCommitteeProtocol>();
        services.AddScoped<Rooms.IBallotValidator, Committees.CommitteeBallotValidator>();
        services.AddScoped<Committees.ExerciseCaseService>();
        services.AddScoped<Committees.CommitteeService>();
        services.AddScoped<Committees.CaseLawQueries>();
        services.AddScoped<IDemoContributor, Committees.CommitteeDemo>();
        // Intervision: group-analysis protocols, teams and series, anonymous cards, summary as minutes, retention purge.
        services.AddSingleton<Rooms.IProtocolSource, Intervision.IntervisionProtocols>();
        services.AddScoped<Intervision.IntervisionService>();
        services.AddScoped<Intervision.IntervisionCards>();
        services.AddScoped<Intervision.IntervisionRetention>();
        services.AddScoped<Rooms.IMinutesSection, Intervision.IntervisionMinutesSection>();
        services.AddScoped<IDemoContributor, Intervision.IntervisionDemo>();
        services.TryAddSingleton<Intervision.IIntervisionBroadcaster, Intervision.NoIntervisionBroadcaster>();
        services.AddHostedService<Intervision.IntervisionRetentionWorker>();
        services.AddScoped<Rooms.IRoomGate, Intervision.IntervisionRoomGate>();
        return services;
    }

    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
        => services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
