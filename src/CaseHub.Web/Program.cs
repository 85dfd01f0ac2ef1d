using System.Text.Json.Serialization;
using CaseHub.Core;
using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Hubs;
using CaseHub.Web.Infrastructure;
using CaseHub.Web.Infrastructure.ScaleOut;
using CaseHub.Web.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

// Operator commands (--version, --check, --backup FILE, --restore FILE, --verify-audit, --invite-admin EMAIL) are taken out of the
// arguments first; configuration overrides may stand anywhere around them.
var command = CommandLine.Parse(args);
if (command.Error is not null)
{
    Console.Error.WriteLine(command.Error);
    return 64; // EX_USAGE
}
if (command.Mode == OperatorMode.Version)
{
    Console.WriteLine(OperatorCommands.VersionText);
    return 0;
}
try
{
    var builder = WebApplication.CreateBuilder(command.HostArgs);
    var services = builder.Services;

    // --- Core: database, mail outbox, texts, feature services -------------------------------------------------
    services.AddCaseHubCore(builder.Configuration, builder.Environment.ContentRootPath, typeof(Program).Assembly);
    services.AddCaseHubDataProtection(); // keys in the database, encrypted by a certificate

    // --- Accounts: ASP.NET Core Identity with CaseHub's users and roles ---------------------------------------
    services.AddIdentity<AppUser, IdentityRole<Guid>>(o =>
        {
            o.User.RequireUniqueEmail = true;
            o.Password.RequiredLength = 10;
            o.Password.RequiredUniqueChars = 4;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            o.Lockout.AllowedForNewUsers = true;
        })
        .AddEntityFrameworkStores<CaseHubDbContext>()
        .AddDefaultTokenProviders()
        .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
        .AddClaimsPrincipalFactory<CaseHubClaimsFactory>();
    services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));
    // A password or role change renews the security stamp: other sessions' cookies stop working within a minute.
    services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
    services.ConfigureApplicationCookie(o =>
    {
        o.LoginPath = "/account/sign-in";
        o.LogoutPath = "/account/sign-out";
        o.AccessDeniedPath = "/account/denied";
        o.Cookie.Name = "casehub_auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(10);
        o.SlidingExpiration = true;
    });
    services.AddCaseHubOidc(); // staff sign-in with the organisation's OpenID Connect provider (Oidc:Enabled)
    services.AddAntiforgery(o =>
    {
        o.Cookie.Name = "casehub_af";
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });

    // --- Languages: fr (default), nl, en; one text catalogue for pages, mails and validation --------------------
    services.AddSingleton<IStringLocalizerFactory>(sp => new CatalogLocalizerFactory(sp.GetRequiredService<TextCatalog>(), sp.GetRequiredService<IHttpContextAccessor>()));
    services.AddLocalization();
    services.Configure<RequestLocalizationOptions>(o =>
    {
        var cultures = Languages.All.Select(Languages.Culture).ToList();
        o.DefaultRequestCulture = new RequestCulture(Languages.Culture(Languages.Default));
        o.SupportedCultures = cultures;
        o.SupportedUICultures = cultures;
        o.RequestCultureProviders = [new LanguageCultureProvider()];
    });

    // --- Web: pages, hubs, limits, health ---------------------------------------------------------------------
    services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToFolder("/Public");
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Error");
            string[] anonymousAccountPages = ["SignIn", "SignOut", "ForgotPassword", "ResetPassword", "AcceptInvitation", "MagicLink", "Magic", "Denied", "ExternalSignIn", "ExternalCallback"];
            foreach (var page in anonymousAccountPages)
                o.Conventions.AllowAnonymousToPage("/Account/" + page);
            o.Conventions.AuthorizeFolder("/Admin", "Administrator");
            o.Conventions.Add(new AnonymousPagesRateLimitConvention()); // after the anonymous pages are known
        })
        .AddMvcOptions(o => { o.Filters.Add<DomainExceptionPageFilter>(); o.Filters.Add<PiiChoicesPageFilter>(); })
        .AddDataAnnotationsLocalization();
    services.AddHttpContextAccessor();
    services.AddOptions<MvcOptions>().Configure<TextCatalog, IHttpContextAccessor>(ModelBindingMessages.Localize);
    services.AddAuthorizationBuilder().AddPolicy("Administrator", p => p.RequireRole(Roles.Administrator));
    services.AddRouting(o => o.LowercaseUrls = true);
    services.AddProblemDetails();
    services.AddCaseHubRateLimits(builder.Configuration);
    // Browsers keep to HTTPS for a year once they have seen the site (production only: UseHsts below).
    services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
    services.AddHealthChecks().AddDbContextCheck<CaseHubDbContext>("database");

    // --- Live rooms over SignalR ------------------------------------------------------------------------------
    var signalR = services.AddSignalR(o =>
        {
            o.AddFilter<HubTelemetryFilter>(); // outermost: connections, method latency, trace spans
            o.AddFilter<RoomHubFilter>();
            o.MaximumReceiveMessageSize = 512 * 1024; // a notes update may carry a pasted page
            o.EnableDetailedErrors = false;
            o.StatefulReconnectBufferSize = 1024 * 1024;
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    // The same JSON protocol, with calls whose arguments do not bind refused in the caller's language (see the class).
    services.RemoveAll<IHubProtocol>();
    services.AddSingleton<IHubProtocol>(sp => new ArgumentCheckingHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
    services.AddCaseHubBackplane(signalR, builder.Configuration); // several nodes: Redis:ConnectionString
    services.AddCaseHubReverseProxy(builder.Configuration);
    services.AddSingleton<RoomHubFilter>();
    services.AddSingleton<HubTelemetryFilter>();
    services.AddCaseHubTelemetry(builder.Configuration); // OpenTelemetry metrics + traces, Prometheus /metrics (Metrics:Enabled)
    services.AddSingleton<HubSessionGuard>();
    services.AddHostedService(sp => sp.GetRequiredService<HubSessionGuard>());
    services.AddSingleton<IRoomBroadcaster, SignalRRoomBroadcaster>();

    var app = builder.Build();
    if (command.Mode != OperatorMode.Serve) return await OperatorCommands.RunAsync(command, app);
    app.EnsureBackplaneReachable();
    app.UseCaseHubOidc();
    app.UseForwardedHeaders();
    app.UseNodeRouteCookie();

    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error");
        app.UseHsts();
    }
    else
    {
        app.UseExceptionHandler("/error");
    }
    app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
    app.UseSecurityHeaders();
    app.UseRequestLocalization();
    app.UseStaticFiles();
    app.UseRouting();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapHealthChecks("/healthz", HealthReportWriter.Options).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);
    app.MapCaseHubMetrics();
    app.MapRazorPages();
    app.MapHub<RoomHub>("/hubs/room", o => o.AllowStatefulReconnects = true);
    app.MapCaseHubEndpoints();

    await app.PrepareDatabaseAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (OperatorCommands.Describe(ex) is { } reason)
{
    // A setting or a database the operator can fix: one line saying which, never a stack trace.
    Console.Error.WriteLine(reason);
    return 1;
}

/// <summary>Entry point; public so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
