using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseHub.Migrations.Sqlite;

/// <summary>
/// Lets `dotnet ef` build the model for this provider without starting the web host:
/// dotnet ef migrations add &lt;Name&gt; -p src/CaseHub.Migrations.Sqlite -s src/CaseHub.Migrations.Sqlite
/// (or run ./ops/add-migration.sh &lt;Name&gt;, which does both providers).
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CaseHubDbContext>
{
    public CaseHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CaseHubDbContext>();
        new DatabaseOptions { Provider = "Sqlite", ConnectionString = "Data Source=design-time.db" }.Apply(builder);
        return new CaseHubDbContext(builder.Options);
    }
}
