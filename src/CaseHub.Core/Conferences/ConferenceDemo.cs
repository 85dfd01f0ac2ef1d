using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// Demo mode: two pseudonymised cases followed by the demo facilitator. One has a conference next week where the AS
/// and the AI have written opposing (still sealed) positions; the other carries a handover note with a question.
/// Synthetic situations only.
/// </summary>
public sealed class ConferenceDemo(CaseService cases, ConferenceService conferences, HandoverService handovers, SocialAssessmentService grid,
    CaseDocumentService documents, CollaborationService collaboration, TimeProvider clock) : IDemoContributor
{
    public int Order => 60;

    public async Task SeedAsync(CaseHubDbContext db, CancellationToken ct)
    {
        async Task<Guid?> Id(string email) => await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (await Id("facilitator@demo.casehub.test") is not { } facilitator || await Id("as@demo.casehub.test") is not { } socialWorker
            || await Id("ai@demo.casehub.test") is not { } agent || await Id("partner@demo.casehub.test") is not { } partner) return;

        async Task<Guid?> Service(string name) => await db.Services.AsNoTracking().Where(s => s.Name == name).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        var first = await cases.CreateAsync(new CaseInput("DEMO-2026-014", await Service("Service social général"),
            "Personne seule, 34 ans, revenu d'intégration depuis 8 mois. Souhaite travailler ; suivi médical en cours. L'AS et l'AI ne s'accordent pas sur la disposition au travail.")
        { Themes = [SocialTheme.Health, SocialTheme.Income, SocialTheme.Employment, SocialTheme.Languages] }, facilitator, ct);
        await cases.AddMemberAsync(first.Id, facilitator, socialWorker, CaseParty.SocialWorker, ct);
        await cases.AddMemberAsync(first.Id, facilitator, agent, CaseParty.InsertionAgent, ct);
        await cases.AddMemberAsync(first.Id, facilitator, partner, CaseParty.Partner, ct);

        var day = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(7);
        var conference = await conferences.PrepareAsync(first.Id, facilitator, new ConferencePlan(null,
            CalendarTime.FromLocal(day, new TimeOnly(10, 0)), CalendarTime.FromLocal(day, new TimeOnly(11, 30)), "CPAS, salle 2 (démo)", null,
            "1. Tour des positions des trois services\n2. Carte des désaccords\n3. Orientation et actions",
            [socialWorker, agent, partner], WithPersonPart: true), invite: false, ct);
        await conferences.SavePositionAsync(conference.Id, socialWorker, new PositionInput(
            "Suivi médical en cours (rendez-vous spécialisés jusqu'en juin). La personne est motivée mais fatiguée.",
            "Rester en suivi première ligne 3 mois, puis bilan avec l'ISP.", "Que l'ISP attende le feu vert médical.",
            "Une mise à l'emploi trop rapide risque un échec et une sanction.", Visibility.CpasOnly), ct);
        await conferences.SavePositionAsync(conference.Id, agent, new PositionInput(
            "La personne a demandé à l'ISP une formation ; elle parle bien néerlandais, atout pour un article 60.",
            "Orientation ISP avec formation courte, compatible avec les soins.", "Accès aux éléments du rapport social utiles à l'orientation.",
            "Perdre l'élan de la personne en attendant trois mois.", Visibility.AllParticipants), ct);

        // The social worker has started the grid (one cell for CPAS staff, one for everyone on the case).
        await grid.SaveThemeAsync(first.Id, socialWorker, SocialTheme.Health, 1, new GridThemeInput("Destabilising", "Suivi médical en cours, rendez-vous jusqu'en juin.", "CpasOnly"), ct: ct);
        await grid.SaveThemeAsync(first.Id, socialWorker, SocialTheme.Languages, 1, new GridThemeInput("Opportunity", "Parle bien néerlandais.", "AllParticipants"), ct: ct);

        var second = await cases.CreateAsync(new CaseInput("DEMO-2026-021", await Service("Antenne Nord"),
            "Famille monoparentale, deux enfants, arriérés de loyer. Médiation de dettes demandée.")
        { Themes = [SocialTheme.Housing, SocialTheme.Income] }, facilitator, ct);
        await cases.AddMemberAsync(second.Id, facilitator, socialWorker, CaseParty.SocialWorker, ct);
        await cases.AddMemberAsync(second.Id, facilitator, agent, CaseParty.InsertionAgent, ct);
        // Tell it once: the lease and a rent receipt are already at the CPAS; the model is "pass it on".
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        await documents.AddAsync(second.Id, socialWorker, new DocumentInput("lease", today.AddMonths(-2), await Service("Antenne Nord"), today.AddYears(2)), ct);
        await documents.AddAsync(second.Id, socialWorker, new DocumentInput("rent-receipt", today.AddDays(-20), await Service("Antenne Nord"), today.AddDays(10)), ct);
        await collaboration.SetModelAsync(second.Id, facilitator, nameof(CollaborationModel.PassItOn), null, ct);
        var handover = await handovers.CreateAsync(second.Id, socialWorker, agent,
            "Dossier complet : bail, preuve de revenus et plan de paiement déjà fournis (ne pas les redemander).", Visibility.CpasOnly, ct);
        await handovers.AddMessageAsync(handover.Id, agent, "Le plan de paiement est-il signé par le propriétaire ?", ct);
    }
}
