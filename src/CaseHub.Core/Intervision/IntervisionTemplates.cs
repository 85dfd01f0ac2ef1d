using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;

namespace CaseHub.Core.Intervision;

/// <summary>Method templates: a facilitator's own method made from a base intervision protocol.</summary>
public sealed class IntervisionTemplates(CaseHubDbContext db, IntervisionTeams teams, ProtocolCatalog protocols, TimeProvider clock)
{
    /// <summary>A facilitator's own method made from a base protocol: its phases chosen, ordered and timed.</summary>
    public async Task<IntervisionTemplate> CreateTemplateAsync(Guid teamId, Guid userId, string? name, string protocolKey, IReadOnlyList<PhaseSpec> phases, CancellationToken ct = default)
    {
        await teams.RequireTeamMemberAsync(teamId, userId, ct);
        var protocol = RequireProtocol(protocols, protocolKey);
        if (phases.Count == 0) throw new DomainException("Rooms.Error.NoPhases") { Field = "Plan" };
        if (phases.Count > 20) throw new DomainException("Rooms.Error.TooManyPhases", 20) { Field = "Plan" };
        foreach (var p in phases)
        {
            if (protocol.Phases.All(t => t.Key != p.TemplateKey)) throw new DomainException("Rooms.Error.UnknownPhase") { Field = "Plan" };
            if (p.Minutes is < 1 or > 240) throw new DomainException("Error.OutOfRange", 1, 240) { Field = "Plan" };
        }
        var template = new IntervisionTemplate
        {
            TeamId = teamId, Name = Validation.RequireText(name, IntervisionTemplate.NameMaxLength, "Name"), ProtocolKey = protocol.Key,
            Plan = string.Join(';', phases.Select(p => $"{p.TemplateKey}:{p.Minutes}")), CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
        };
        db.IntervisionTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public static IReadOnlyList<PhaseSpec> ParsePlan(string plan) => plan.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split(':')).Select(p => new PhaseSpec(p[0], null, int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();


    /// <summary>The intervision protocol <paramref name="key"/>, or a validation error on the method field.</summary>
    public static Protocol RequireProtocol(ProtocolCatalog protocols, string key)
        => IntervisionProtocols.IsIntervision(key) && protocols.TryGet(key, out var p) ? p : throw new DomainException("Rooms.Error.UnknownProtocol") { Field = "Method" };
}
