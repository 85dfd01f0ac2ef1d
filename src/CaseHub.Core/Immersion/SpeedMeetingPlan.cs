using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Immersion.Matching;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Immersion;

/// <summary>
/// The speed-meeting rotation kept with its campaign (one per campaign): partners, named worker groups, slot length,
/// breaks and start. The rounds are not stored: the generator is deterministic, so they are recomputed from these
/// inputs. Attached to the campaign's speed-meeting event when there is one: the start is then the event's, so
/// moving the event moves the plan.
/// </summary>
public class SpeedMeetingPlan
{
    public const int MaxGroups = 60;
    public const int MaxPartners = 60;
    public const int GroupNameMaxLength = 80;
    public const int MinSlot = 5, MaxSlot = 120;
    public const int MaxBreakEvery = 30;
    public const int MinBreak = 5, MaxBreak = 60;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CampaignId { get; set; }
    /// <summary>The speed-meeting event the plan follows; null = its own <see cref="Start"/>.</summary>
    public Guid? EventId { get; set; }
    /// <summary>Partner (table) names, one per line.</summary>
    public string Partners { get; set; } = "";
    /// <summary>Group names, one per line.</summary>
    public string GroupNames { get; set; } = "";
    public int SlotMinutes { get; set; } = 15;
    public int? BreakEveryRounds { get; set; }
    public int BreakMinutes { get; set; } = 15;
    /// <summary>Start when no event is attached (UTC).</summary>
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public Guid? SavedByUserId { get; set; }

    public IReadOnlyList<string> PartnerList => Lines(Partners);
    public IReadOnlyList<string> GroupList => Lines(GroupNames);

    internal static IReadOnlyList<string> Lines(string? text) => (text ?? "").Replace("\r", "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class SpeedMeetingPlanConfiguration : IEntityTypeConfiguration<SpeedMeetingPlan>
{
    public void Configure(EntityTypeBuilder<SpeedMeetingPlan> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Partners).HasMaxLength(SpeedMeetingPlan.MaxPartners * (ImmersionPartner.OrganisationMaxLength + 1));
        b.Property(x => x.GroupNames).HasMaxLength(SpeedMeetingPlan.MaxGroups * (SpeedMeetingPlan.GroupNameMaxLength + 1));
        b.HasIndex(x => x.CampaignId).IsUnique();
        b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(x => x.PartnerList);
        b.Ignore(x => x.GroupList);
    }
}

/// <summary>What the coordinator typed: partners and group names one per line.</summary>
public sealed record SpeedMeetingPlanInput(string? Partners, string? GroupNames, int SlotMinutes, int? BreakEveryRounds, int BreakMinutes, DateTimeOffset Start);

/// <summary>A plan with its computed rotation and the event it follows (if any).</summary>
public sealed record SpeedMeetingPlanView(SpeedMeetingPlan Plan, ImmersionEvent? Event, DateTimeOffset Start, SpeedMeetingSchedule Schedule);

/// <summary>Saves, validates and reloads the campaign's speed-meeting rotation.</summary>
public sealed class SpeedMeetingPlans(CaseHubDbContext db, ImmersionCampaigns campaigns, ImmersionTeams teamCoverage, TextCatalog texts, TimeProvider clock)
{
    /// <summary>The campaign's first speed-meeting event, which a plan follows.</summary>
    public Task<ImmersionEvent?> EventAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionEvents.AsNoTracking().Where(e => e.CampaignId == campaignId && e.Kind == ImmersionEventKind.SpeedMeeting).OrderBy(e => e.Start).FirstOrDefaultAsync(ct);

    /// <summary>The saved plan with its rotation (start from the event when attached), or null.</summary>
    public async Task<SpeedMeetingPlanView?> GetAsync(Guid campaignId, CancellationToken ct = default)
    {
        var plan = await db.SpeedMeetingPlans.AsNoTracking().FirstOrDefaultAsync(p => p.CampaignId == campaignId, ct);
        if (plan is null) return null;
        var ev = plan.EventId is { } id ? await db.ImmersionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        ev ??= await EventAsync(campaignId, ct); // the event was cancelled and another planned: follow the new one
        var start = ev?.Start ?? plan.Start;
        return new SpeedMeetingPlanView(plan, ev, start, Compute(plan.PartnerList.Count, plan.GroupList.Count, plan.SlotMinutes, plan.BreakEveryRounds, plan.BreakMinutes, start));
    }

    /// <summary>Default group names: the campaign's teams when participants have teams, else "Groupe 1…" (in <paramref name="language"/>).</summary>
    public async Task<List<string>> DefaultGroupNamesAsync(Guid campaignId, int fallbackCount, string language, CancellationToken ct = default)
    {
        var teams = (await teamCoverage.ListAsync(campaignId, ct)).Select(t => t.Name).Take(SpeedMeetingPlan.MaxGroups).ToList();
        if (teams.Count > 0) return teams;
        var n = Math.Clamp(fallbackCount, 1, SpeedMeetingPlan.MaxGroups);
        return Enumerable.Range(1, n).Select(i => texts.Format("Immersion.Speed.Group", language, i)).ToList();
    }

    /// <summary>Validates everything, then replaces the saved plan (one per campaign). Nothing is saved on bad input.</summary>
    public async Task<SpeedMeetingPlan> SaveAsync(Guid campaignId, SpeedMeetingPlanInput input, Guid userId, CancellationToken ct = default)
    {
        await campaigns.GetAsync(campaignId, ct);
        var (partners, groups) = Validate(input);
        var ev = await EventAsync(campaignId, ct);
        if (ev is null && input.Start < clock.GetUtcNow().AddDays(-1)) throw new DomainException("Immersion.Error.EventInPast") { Field = "Date" };
        // The generator's own checks run before anything is stored.
        Compute(partners.Count, groups.Count, input.SlotMinutes, input.BreakEveryRounds, input.BreakMinutes, ev?.Start ?? input.Start);
        var plan = await db.SpeedMeetingPlans.FirstOrDefaultAsync(p => p.CampaignId == campaignId, ct);
        if (plan is null) db.SpeedMeetingPlans.Add(plan = new SpeedMeetingPlan { CampaignId = campaignId });
        plan.Partners = string.Join('\n', partners);
        plan.GroupNames = string.Join('\n', groups);
        plan.SlotMinutes = input.SlotMinutes;
        plan.BreakEveryRounds = input.BreakEveryRounds;
        plan.BreakMinutes = input.BreakMinutes;
        plan.EventId = ev?.Id;
        plan.Start = ev?.Start ?? input.Start;
        plan.SavedAt = clock.GetUtcNow();
        plan.SavedByUserId = userId;
        await db.SaveChangesAsync(ct);
        return plan;
    }

    /// <summary>Partners and groups cleaned up, or a <see cref="DomainException"/> naming the field.</summary>
    public static (List<string> Partners, List<string> Groups) Validate(SpeedMeetingPlanInput input)
    {
        var partners = SpeedMeetingPlan.Lines(input.Partners).ToList();
        if (partners.Count == 0) throw new DomainException("Immersion.Speed.Error.NoPartners") { Field = "Partners" };
        if (partners.Count > SpeedMeetingPlan.MaxPartners) throw new DomainException("Immersion.Speed.Error.TooManyPartners", SpeedMeetingPlan.MaxPartners) { Field = "Partners" };
        if (partners.FirstOrDefault(p => p.Length > ImmersionPartner.OrganisationMaxLength) is { } longP)
            throw new DomainException("Immersion.Speed.Error.PartnerTooLong", Short(longP), ImmersionPartner.OrganisationMaxLength) { Field = "Partners" };
        if (partners.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } dupP)
            throw new DomainException("Immersion.Speed.Error.PartnerDuplicate", dupP.Key) { Field = "Partners" };

        // Group names: an empty line between two names is an empty name (a mistake), not a separator to skip.
        var raw = (input.GroupNames ?? "").Replace("\r", "").TrimEnd('\n', ' ').Split('\n').Select(g => g.Trim()).ToList();
        if (raw.Count == 0 || (raw.Count == 1 && raw[0].Length == 0)) throw new DomainException("Immersion.Speed.Error.NoGroups") { Field = "GroupNames" };
        if (raw.Count > SpeedMeetingPlan.MaxGroups) throw new DomainException("Immersion.Speed.Error.TooManyGroups", SpeedMeetingPlan.MaxGroups) { Field = "GroupNames" };
        var empty = raw.FindIndex(g => g.Length == 0);
        if (empty >= 0) throw new DomainException("Immersion.Speed.Error.GroupNameEmpty", empty + 1) { Field = "GroupNames" };
        if (raw.FirstOrDefault(g => g.Length > SpeedMeetingPlan.GroupNameMaxLength) is { } longG)
            throw new DomainException("Immersion.Speed.Error.GroupNameTooLong", Short(longG), SpeedMeetingPlan.GroupNameMaxLength) { Field = "GroupNames" };
        if (raw.GroupBy(g => g, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } dupG)
            throw new DomainException("Immersion.Speed.Error.GroupNameDuplicate", dupG.Key) { Field = "GroupNames" };

        if (input.SlotMinutes is < SpeedMeetingPlan.MinSlot or > SpeedMeetingPlan.MaxSlot)
            throw new DomainException("Immersion.Speed.Error.Slot", SpeedMeetingPlan.MinSlot, SpeedMeetingPlan.MaxSlot) { Field = "Slot" };
        if (input.BreakEveryRounds is < 1 or > SpeedMeetingPlan.MaxBreakEvery)
            throw new DomainException("Immersion.Speed.Error.BreakEvery", 1, SpeedMeetingPlan.MaxBreakEvery) { Field = "BreakEvery" };
        if (input.BreakMinutes is < SpeedMeetingPlan.MinBreak or > SpeedMeetingPlan.MaxBreak)
            throw new DomainException("Immersion.Speed.Error.Break", SpeedMeetingPlan.MinBreak, SpeedMeetingPlan.MaxBreak) { Field = "BreakMinutes" };
        return (partners, raw);
    }

    public static SpeedMeetingSchedule Compute(int partners, int groups, int slotMinutes, int? breakEvery, int breakMinutes, DateTimeOffset start)
        => SpeedMeetingRotation.Plan(new SpeedMeetingRequest(groups, partners, start)
        {
            SlotLength = TimeSpan.FromMinutes(slotMinutes),
            BreakEveryRounds = breakEvery is > 0 ? breakEvery : null,
            BreakLength = breakEvery is > 0 ? TimeSpan.FromMinutes(breakMinutes) : null,
        });

    private static string Short(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
