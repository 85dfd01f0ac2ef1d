using System.Reflection;
using CaseHub.Core.Accounts;
using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Core.DatePolls;
using CaseHub.Core.Demo;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.Core.Immersion;
using CaseHub.Core.Intervision;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Notes;
using CaseHub.Core.Privacy;
using CaseHub.Core.Retention;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CaseHub.Core;

public static class CoreServices
{
    /// <summary>
    /// Every part of Core, each registering itself from its folder. The order matters only where several modules add
    /// to one list: protocols (the order meeting types are offered in), minutes sections, notes access policies and
    /// retention rules (the order of the administrator's retention page and of the purge).
    /// </summary>
    public static IReadOnlyList<ICaseHubModule> Modules { get; } =
    [
        new AccountsModule(),
        new PrivacyModule(),
        new NotesModule(),
        new RoomsModule(),
        new MailModule(),
        new CalendarModule(),
        new FeedbackModule(),
        new DiscoveryDaysModule(),
        new ImmersionModule(),
        new ConferencesModule(),
        new CommitteesModule(),
        new IntervisionModule(),
        new DatePollsModule(),
        new AuditModule(),
        new RetentionModule(),
    ];

    /// <summary>Registers everything Core needs. <paramref name="textAssemblies"/> add their own *.texts.json catalogues.</summary>
    /// <param name="baseDirectory">Relative data paths (SQLite file, mail pickup folder) are resolved against it.</param>
    public static IServiceCollection AddCaseHubCore(this IServiceCollection services, IConfiguration configuration, string baseDirectory, params Assembly[] textAssemblies)
    {
        // Shared plumbing: options with paths, clocks, node name, texts, the DbContext and what shapes it.
        services.AddValidatedOptions<AppOptions>(configuration, AppOptions.Section);
        services.AddValidatedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.AddValidatedOptions<MailOptions>(configuration, MailOptions.Section);
        services.PostConfigure<DatabaseOptions>(o => o.ResolveRelativePaths(baseDirectory));
        services.PostConfigure<MailOptions>(o => o.PickupDirectory = Path.GetFullPath(Path.Combine(baseDirectory, o.PickupDirectory)));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(WorkerClock.System);
        services.TryAddSingleton(NodeIdentity.ForThisProcess(configuration["App:NodeName"]));
        services.AddSingleton(TextCatalog.LoadFrom([typeof(CoreServices).Assembly, .. textAssemblies]));
        services.AddSingleton<ComposedTitles>();

        // New mail wakes the outbox dispatcher when the transaction that queued it commits.
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
        // CSV and Excel writers shared by every feature's lists (headers in the reader's language).
        services.AddSingleton<Exports.Exporter>();
        // Roles always; in demo mode, the organisations, users and what each module's IDemoContributor adds.
        services.AddScoped<DemoSeeder>();

        foreach (var module in Modules) module.AddServices(services, configuration);
        return services;
    }

    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
        => services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
