using CaseHub.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Unit.Tests.Common;

/// <summary>Which failures become "busy, nothing saved, try again" (503) rather than a generic error.</summary>
public class DatabaseBusyTests
{
    [Fact]
    public void SQLite_busy_or_locked_even_wrapped_by_EF_is_busy()
    {
        Assert.True(DatabaseBusy.Is(new SqliteException("database is locked", 5)));
        Assert.True(DatabaseBusy.Is(new DbUpdateException("save failed", new SqliteException("database table is locked", 6))));
        Assert.True(DatabaseBusy.Is(new InvalidOperationException("outer", new DbUpdateException("save failed", new SqliteException("busy", 5)))));
    }

    [Fact]
    public void Other_failures_are_not_busy()
    {
        Assert.False(DatabaseBusy.Is(null));
        Assert.False(DatabaseBusy.Is(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseBusy.Is(new DbUpdateConcurrencyException("changed")));
        Assert.False(DatabaseBusy.Is(new InvalidOperationException("bug")));
    }
}
