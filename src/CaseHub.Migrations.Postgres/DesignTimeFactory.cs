using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseHub.Migrations.Postgres;

/// <summary>
/// Lets `dotnet ef` build the model for this provider without starting the web host:
/// dotnet ef migrations add &lt;Name&gt; -p src/CaseHub.Migrations.Postgres -s src/CaseHub.Migrations.Postgres
/// (or run ./ops/add-migration.sh &lt;Name&gt;, which does both providers).
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CaseHubDbContext>
{
    public CaseHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CaseHubDbContext>();
        new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=casehub_design;Username=casehub;Password=casehub" }.Apply(builder);
        return new CaseHubDbContext(builder.Options);
    }
}
