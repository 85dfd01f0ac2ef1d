using CaseHub.Core.Releases;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

public partial class CaseHubDbContext
{
    public DbSet<InstalledVersion> InstalledVersions => Set<InstalledVersion>();
}
