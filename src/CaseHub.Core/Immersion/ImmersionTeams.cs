using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

public sealed record TeamCoverage(Guid TeamId, string Name, Guid? LeadUserId, int Participants, int? MaxAway);

/// <summary>Team coverage: how many people of one CPAS team may be away on the same day (set by the team's lead or the coordinator).</summary>
public sealed class ImmersionTeams(CaseHubDbContext db, ImmersionCampaigns campaigns)
{
    /// <summary>Teams (CPAS services) with participants in the campaign, with their lead and rule.</summary>
    public async Task<List<TeamCoverage>> ListAsync(Guid campaignId, CancellationToken ct = default)
    {
        var teamIds = await db.ImmersionParticipants.Where(p => p.CampaignId == campaignId && p.TeamId != null).Select(p => p.TeamId!.Value).Distinct().ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(s => teamIds.Contains(s.Id)).ToListAsync(ct);
        var rules = await db.ImmersionTeamRules.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync(ct);
        var counts = await db.ImmersionParticipants.Where(p => p.CampaignId == campaignId && p.TeamId != null).GroupBy(p => p.TeamId).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        return services.OrderBy(s => s.Name).Select(s => new TeamCoverage(s.Id, s.Name, s.LeadUserId,
            counts.FirstOrDefault(x => x.Key == s.Id)?.N ?? 0, rules.FirstOrDefault(r => r.TeamId == s.Id)?.MaxAway)).ToList();
    }

    /// <summary>Sets (or clears, with null) the coverage rule of a team. Only the team's lead or a coordinator. Saves.</summary>
    public async Task SetRuleAsync(Guid campaignId, Guid teamId, int? maxAway, Guid userId, bool isCoordinator, CancellationToken ct = default)
    {
        await campaigns.GetAsync(campaignId, ct);
        var team = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == teamId, ct) ?? throw DomainException.NotFound();
        if (!isCoordinator && team.LeadUserId != userId) throw DomainException.NotFound();
        if (maxAway is < 0 or > 100) throw new DomainException("Immersion.Error.MaxAway") { Field = "MaxAway" };
        var rule = await db.ImmersionTeamRules.FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.TeamId == teamId, ct);
        if (maxAway is null) { if (rule is not null) db.ImmersionTeamRules.Remove(rule); }
        else if (rule is null) db.ImmersionTeamRules.Add(new ImmersionTeamRule { CampaignId = campaignId, TeamId = teamId, MaxAway = maxAway.Value, SetByUserId = userId });
        else { rule.MaxAway = maxAway.Value; rule.SetByUserId = userId; }
        await db.SaveChangesAsync(ct);
    }
}
