using CaseHub.Core.Data;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests;

/// <summary>A real SQLite file with CaseHub's schema; each <see cref="NewDb"/> is a separate context, as separate requests
/// (or nodes) would have. Disposes every context it handed out.</summary>
public sealed class TestSqliteDatabase : IDisposable
{
    private readonly List<CaseHubDbContext> _contexts = [];

    public TestSqliteDatabase(string name)
    {
        ConnectionString = $"Data Source={Path.Combine(RepoPaths.NewTempDir(name), "casehub.db")}";
        NewDb().Database.EnsureCreated();
    }

    public string ConnectionString { get; }

    public void Apply(DbContextOptionsBuilder builder)
    {
        new DatabaseOptions { Provider = "Sqlite", ConnectionString = ConnectionString }.Apply(builder);
        builder.AddInterceptors(new SqlitePragmas());
    }

    public CaseHubDbContext NewDb()
    {
        var b = new DbContextOptionsBuilder<CaseHubDbContext>();
        Apply(b);
        var db = new CaseHubDbContext(b.Options);
        lock (_contexts) _contexts.Add(db);
        return db;
    }

    public void Dispose()
    {
        foreach (var db in _contexts) db.Dispose();
    }
}
