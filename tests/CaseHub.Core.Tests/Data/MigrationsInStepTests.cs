using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Data;

/// <summary>
/// Both providers ship their own migrations. A model change without a new migration for either provider fails here,
/// naming the command that fixes it. No server is needed: the comparison is between the model and the snapshot.
/// </summary>
public class MigrationsInStepTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=unused.db")]
    [InlineData("Postgres", "Host=127.0.0.1;Database=unused")]
    public void The_migrations_of_each_provider_match_the_model(string provider, string connectionString)
    {
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var builder = new DbContextOptionsBuilder<CaseHubDbContext>();
        options.Apply(builder);
        using var db = new CaseHubDbContext(builder.Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations are behind the model: run ops/add-migration.sh <Name> to add a migration for both providers.");
    }
}
