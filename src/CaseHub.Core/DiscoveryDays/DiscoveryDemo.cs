using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>Demo mode: two upcoming discovery days (one with seats, one full with a waiting list). Synthetic people only.</summary>
public sealed class DiscoveryDemo(DiscoveryDayService days, DiscoveryBookingService bookings, TimeProvider clock) : IDemoContributor
{
    public int Order => 50;

    public async Task SeedAsync(CaseHubDbContext db, CancellationToken ct)
    {
        var organiser = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == "coordination@demo.casehub.test", ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var first = NextTuesday(today.AddDays(14));
        var second = NextTuesday(today.AddDays(35));

        var open = await days.CreateAsync(new DiscoveryDayInput
        {
            Title = "Journée découverte du CPAS pour les partenaires (démo)",
            Description = "Une journée pour découvrir **qui fait quoi** au CPAS : présentations générales le matin, puis le service de votre choix l'après-midi.",
            ServicesVisited = "Accueil, service social général, service d'insertion socioprofessionnelle (ISP), cellule logement",
            Place = "CPAS de Val-des-Saules (démo), rue des Saules 12, salle du conseil",
            Date = first, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(16, 0),
            DeadlineDate = first.AddDays(-2), DeadlineTime = new TimeOnly(17, 0),
            Capacity = 12, Audience = DiscoveryAudience.Partners | DiscoveryAudience.NewWorkers, Languages = ["fr", "nl"],
            WaitlistMode = WaitlistMode.Immediate,
            Programme = "09:00 Accueil et café\n09:30 Présentation des services du CPAS\n11:00 Le parcours d'une demande d'aide\n12:30 Lunch\n13:30 Visite du service choisi\n15:30 Échange et contacts",
            ContactName = organiser?.DisplayName ?? "Coordination sociale (démo)",
            ContactEmail = "coordination@demo.casehub.test",
        }, organiser?.Id, ct);
        await BookAsync(open.Id, "Léa Martin", "Haute École sociale (démo)", "lea.martin@ecole-demo.test", "fr", ct);
        await BookAsync(open.Id, "Joris Peeters", "Wijkhuis De Linde (demo)", "joris.peeters@wijkhuis-demo.test", "nl", ct);

        var full = await days.CreateAsync(new DiscoveryDayInput
        {
            Title = "Portes ouvertes : ateliers pratiques pour étudiant·es (démo)",
            Description = "Ateliers pratiques pour montrer que le CPAS, ce n'est pas que le service social général.",
            ServicesVisited = "Service social général, médiation de dettes, antenne Nord",
            Place = "CPAS de Val-des-Saules (démo), antenne Nord",
            Date = second, StartTime = new TimeOnly(13, 0), EndTime = new TimeOnly(17, 0),
            DeadlineDate = second.AddDays(-1), DeadlineTime = new TimeOnly(12, 0),
            Capacity = 2, Audience = DiscoveryAudience.Students, Languages = ["fr"],
            WaitlistMode = WaitlistMode.TimedOffer, OfferHours = 24,
            Programme = "13:00 Accueil\n13:30 Atelier : un premier entretien\n15:00 Atelier : lire un budget\n16:30 Questions et évaluation",
            ContactName = organiser?.DisplayName ?? "Coordination sociale (démo)",
            ContactEmail = "coordination@demo.casehub.test",
        }, organiser?.Id, ct);
        await BookAsync(full.Id, "Amina Benali", "Haute École sociale (démo)", "amina.benali@ecole-demo.test", "fr", ct);
        await BookAsync(full.Id, "Tom Janssens", "Hogeschool Sociaal Werk (demo)", "tom.janssens@hogeschool-demo.test", "nl", ct);
        await BookAsync(full.Id, "Sofia Rossi", "Haute École sociale (démo)", "sofia.rossi@ecole-demo.test", "en", ct);
    }

    private Task<BookingOutcome> BookAsync(Guid dayId, string name, string organisation, string email, string language, CancellationToken ct)
        => bookings.BookAsync(dayId, new BookingRequest { Name = name, Organisation = organisation, Email = email, Language = language, Consent = true }, ct);

    private static DateOnly NextTuesday(DateOnly from)
    {
        while (from.DayOfWeek != DayOfWeek.Tuesday) from = from.AddDays(1);
        return from;
    }
}
