using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, one file) or Postgres (scale-out).</summary>
    [Required, RegularExpression("^(Sqlite|Postgres)$")]
    public string Provider { get; set; } = "Sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/casehub.db";

    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public bool IsPostgres => Provider == "Postgres";

    /// <summary>A relative SQLite file path is taken relative to <paramref name="baseDirectory"/> (the app's content root).</summary>
    public void ResolveRelativePaths(string baseDirectory)
    {
        if (IsPostgres) return;
        var b = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        if (string.IsNullOrEmpty(b.DataSource) || b.DataSource == ":memory:" || Path.IsPathRooted(b.DataSource)) return;
        b.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, b.DataSource));
        ConnectionString = b.ToString();
    }

    /// <summary>The single place that wires a provider and its migrations assembly.</summary>
    public void Apply(DbContextOptionsBuilder builder)
    {
        if (IsPostgres)
        {
            builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("CaseHub.Migrations.Postgres"));
        }
        else
        {
            builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly("CaseHub.Migrations.Sqlite"));
        }
    }
}
