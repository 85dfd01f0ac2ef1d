using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Committees;

/// <summary>
/// Demo mode: four synthetic exercise cases, two past comités à blanc with reference decisions (so the case-law
/// library and the convergence chart have content) and one upcoming session (no invitation mail is sent).
/// Every case goes through the PII guard.
/// </summary>
public sealed class CommitteeDemo(ExerciseCaseService cases, RoomService rooms, TimeProvider clock) : IDemoContributor
{
    public int Order => 60;

    public async Task SeedAsync(CaseHubDbContext db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Email!, u => u.Id, ct);
        if (!users.TryGetValue("facilitator@demo.casehub.test", out var chair)) return;
        Guid[] members = [users["conseiller@demo.casehub.test"], users["as@demo.casehub.test"], users["ai@demo.casehub.test"]];

        var rent = await CaseAsync(chair, "Garantie locative après une séparation", "Adulte, 41 ans ; deux enfants (7 et 11 ans) en hébergement principal.",
            LegalCategory.FamilyDependants, "Allocations familiales et revenu d'intégration au taux famille à charge.", "1580", AidType.RentGuarantee, "1650",
            "Demande la constitution d'une garantie locative de deux mois de loyer pour un logement de trois chambres.",
            "Madame X a quitté le domicile conjugal il y a trois mois et vit chez sa sœur avec ses enfants. Elle a trouvé un logement salubre dont le loyer (825 € charges comprises) représente 52 % de ses ressources. Le propriétaire accepte une garantie bancaire via le CPAS. Elle suit un trajet de formation depuis janvier.", ct);
        var energy = await CaseAsync(chair, "Arriérés d'énergie d'un jeune isolé", "Adulte, 23 ans, vit seul.",
            LegalCategory.Isolated, "Revenu d'intégration au taux isolé ; petit job étudiant de 10 h par semaine.", "1390", AidType.EnergyCosts, "640",
            "Prise en charge d'une facture de régularisation de gaz de 640 €.",
            "Monsieur Y reprend des études de bachelier. Le compteur à budget a été placé l'hiver dernier. Il a déjà remboursé un plan de paiement précédent sans retard. Il n'a pas demandé d'aide en énergie depuis deux ans.", ct);
        var cohab = await CaseAsync(chair, "RIS pour une cohabitante en attente de chômage", "Adulte, 35 ans, cohabite avec sa mère pensionnée.",
            LegalCategory.Cohabitant, "Aucun revenu propre depuis deux mois ; la mère perçoit une pension de 1 450 €.", null, AidType.IntegrationIncome, null,
            "Revenu d'intégration au taux cohabitant en attendant la décision de l'ONEM.",
            "Madame Z a été licenciée et son dossier de chômage est incomplet (formulaire C4 manquant). L'employeur ne répond pas. Elle est inscrite comme demandeuse d'emploi et accepte un PIIS.", ct);
        var medical = await CaseAsync(chair, "Frais médicaux d'une personne sans mutuelle en ordre", "Adulte, 58 ans, isolé.",
            LegalCategory.Isolated, "Indemnités de maladie suspendues ; épargne épuisée.", "0", AidType.MedicalCosts, "380",
            "Prise en charge de frais pharmaceutiques (traitement chronique) pour trois mois.",
            "Monsieur W n'est plus en ordre de mutuelle suite à un retard administratif. Le médecin atteste d'un traitement indispensable. La remise en ordre est en cours.", ct);

        var now = clock.GetUtcNow();
        // Two past sessions with the same group: agreement rises from the first to the second.
        await PastSessionAsync(db, chair, members, "Comité à blanc — séance 1 (démo)", now.AddDays(-70), false,
            [(rent, CommitteeDecision.Grant, 165000L, null, "Le loyer reste sous le seuil d'effort accepté pour une famille ; la garantie évite le maintien chez un tiers.", (2, 1, 1)),
             (energy, CommitteeDecision.Grant, 32000L, null, "Intervention partielle : la moitié de la facture, le solde en plan de paiement.", (2, 2, 0))], ct);
        await PastSessionAsync(db, chair, members, "Comité à blanc — séance 2 (démo)", now.AddDays(-14), true,
            [(cohab, CommitteeDecision.Grant, 88000L, 3, "Octroi en avance sur les allocations de chômage, avec récupération auprès de l'ONEM.", (4, 0, 0)),
             (medical, CommitteeDecision.Defer, null, null, "Suspens : attendre l'attestation de la mutuelle sur la remise en ordre (15 jours).", (0, 1, 3))], ct);

        // An upcoming session, without invitation mails (demo people's inboxes stay for their own mails).
        await PastSessionAsync(db, chair, members, "Comité à blanc — séance de formation (démo)", now.AddDays(10), false,
            [(energy, null, null, null, "", (0, 0, 0)), (rent, null, null, null, "", (0, 0, 0))], ct, upcoming: true);
    }

    private async Task<ExerciseCase> CaseAsync(Guid author, string title, string household, LegalCategory category, string resources, string? monthly,
        AidType aid, string? requested, string request, string narrative, CancellationToken ct)
    {
        var result = await cases.SaveAsync(null, new ExerciseCaseInput
        {
            Title = title, Household = household, LegalCategory = category, Resources = resources, MonthlyResources = monthly, AidType = aid,
            RequestedAmount = requested, Request = request, Narrative = narrative,
        }, author, ct);
        return result.Saved ?? throw new InvalidOperationException("Demo case blocked by the PII guard: " + string.Join(", ", result.Unresolved.Select(f => f.Field)));
    }

    private async Task PastSessionAsync(CaseHubDbContext db, Guid chair, Guid[] members, string title, DateTimeOffset start, bool showNames,
        (ExerciseCase Case, CommitteeDecision? Decision, long? Amount, int? Months, string Rationale, (int G, int R, int D) Spread)[] decided, CancellationToken ct,
        bool upcoming = false)
    {
        var session = new CommitteeSession { ShowNames = showNames, CreatedBy = chair, CreatedAt = start.AddDays(-7) };
        var phases = decided.SelectMany(_ => new[]
        {
            new PhaseSpec(BlankCommitteeProtocol.Reading, null, 10), new PhaseSpec(BlankCommitteeProtocol.Voting, null, 5),
            new PhaseSpec(BlankCommitteeProtocol.Discussion, null, 15), new PhaseSpec(BlankCommitteeProtocol.Reference, null, 5),
        }).ToList();
        var room = await rooms.CreateAsync(new RoomSpec(title, BlankCommitteeProtocol.Key, start, start.AddHours(2), "Salle du conseil", null, null,
            [new ParticipantSpec(chair, RoomRole.Chair), .. members.Select(m => new ParticipantSpec(m, RoomRole.Participant))], phases)
        { ContextType = CommitteeService.RoomContext, ContextId = session.Id }, chair, ct);
        if (!upcoming)
        {
            room.Status = RoomStatus.Closed;
            room.StartedAt = start;
            room.ClosedAt = start.AddHours(2);
            room.MinutesQueuedAt = room.ClosedAt; // no minutes mail for synthetic history
        }
        session.RoomId = room.Id;
        db.CommitteeSessions.Add(session);
        foreach (var (d, i) in decided.Select((d, i) => (d, i)))
        {
            var amounts = d.Decision == CommitteeDecision.Grant && d.Amount is { } a ? a : (long?)null;
            if (d.Decision is null)
            {
                db.CommitteeSessionCases.Add(new CommitteeSessionCase { SessionId = session.Id, CaseId = d.Case.Id, Order = i });
                continue;
            }
            db.CommitteeSessionCases.Add(new CommitteeSessionCase
            {
                SessionId = session.Id, CaseId = d.Case.Id, Order = i, Reference = d.Decision, ReferenceAmountCents = amounts, ReferenceMonths = d.Months,
                ReferenceConditions = d.Decision == CommitteeDecision.Grant && d.Months is not null ? "PIIS" : null,
                Rationale = d.Rationale, DecidedAt = start.AddMinutes(35 * (i + 1)), DecidedBy = chair,
                GrantCount = d.Spread.G, RefuseCount = d.Spread.R, DeferCount = d.Spread.D,
                MinAmountCents = amounts is null ? null : amounts * 8 / 10, MaxAmountCents = amounts,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
