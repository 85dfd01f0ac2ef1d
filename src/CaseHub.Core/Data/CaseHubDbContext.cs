using CaseHub.Core.Accounts;
using CaseHub.Core.Mail;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseHub.Core.Data;

/// <summary>
/// The one DbContext. It is partial: each feature folder declares its own DbSets in a
/// <c>partial class CaseHubDbContext</c> next to its entities, and its mapping in an
/// <see cref="IEntityTypeConfiguration{TEntity}"/>, so adding a feature does not edit this file.
/// </summary>
public partial class CaseHubDbContext(DbContextOptions<CaseHubDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CaseHubDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // SQLite has no native DateTimeOffset: store UTC ticks as an integer so ordering and
            // comparisons happen in SQL (the text default cannot be compared correctly).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
