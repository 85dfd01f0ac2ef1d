using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.Identity;

namespace CaseHub.Core.Tests.Conferences;

/// <summary>Synthetic workers and one case (facilitator, AS, AI, partner), with a conference planned tomorrow unless asked otherwise.</summary>
internal sealed record ConferenceCast(Guid Facilitator, Guid As, Guid Ai, Guid Partner, Guid Outsider, Guid CaseId, Guid ConferenceId, Guid RoomId, Guid ServiceId = default);

/// <summary>Case-conference tests: the host with the <see cref="ConferenceCast"/>.</summary>
internal static class ConferenceSetup
{
    public static Task<CoreTestHost<ConferenceCast>> CreateAsync(bool withConference = true, IDictionary<string, string?>? settings = null)
        => CoreTestHost.CreateAsync("conferences", bed => SeedAsync(bed, withConference), settings: settings);

    private static async Task<ConferenceCast> SeedAsync(CoreTestHost bed, bool withConference)
    {
        var (facilitator, asId, ai, partner, outsider) = await bed.DbAsync(async db =>
        {
            foreach (var role in Roles.All) db.Roles.Add(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(), NormalizedName = role.ToUpperInvariant() });
            await db.SaveChangesAsync();
            Guid Add(string email, string name, string role, string lang = "fr")
            {
                var u = new AppUser { UserName = email, Email = email, DisplayName = name, Language = lang, CreatedAt = bed.Clock.GetUtcNow() };
                db.Users.Add(u);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = u.Id, RoleId = db.Roles.Local.Single(r => r.Name == role).Id });
                return u.Id;
            }
            var people = (Add("fac@cpas.test", "Fara Facil", Roles.Facilitator), Add("as@cpas.test", "Asma Sociale", Roles.SocialWorker),
                Add("ai@cpas.test", "Ivo Insertion", Roles.InsertionAgent), Add("pw@partner.test", "Pim Partner", Roles.PartnerWorker, "nl"),
                Add("out@cpas.test", "Otto Autre", Roles.SocialWorker));
            await db.SaveChangesAsync();
            return people;
        });
        var serviceId = await bed.DbAsync(async db =>
        {
            var cpas = new Organisation { Name = "CPAS de test", Kind = OrganisationKind.Cpas };
            cpas.Services.Add(new Service { Name = "Service social" });
            cpas.Services.Add(new Service { Name = "Service d'insertion" });
            db.Organisations.Add(cpas);
            await db.SaveChangesAsync();
            return cpas.Services[0].Id;
        });
        var caseId = (await bed.Cases(s => s.CreateAsync(new CaseInput("CC-2026-001", serviceId, "Personne seule, suivi santé.") { Themes = [SocialTheme.Health, SocialTheme.Employment] }, facilitator))).Id;
        await bed.Cases(s => s.AddMemberAsync(caseId, facilitator, asId, CaseParty.SocialWorker));
        await bed.Cases(s => s.AddMemberAsync(caseId, facilitator, ai, CaseParty.InsertionAgent));
        await bed.Cases(s => s.AddMemberAsync(caseId, facilitator, partner, CaseParty.Partner));
        var cast = new ConferenceCast(facilitator, asId, ai, partner, outsider, caseId, default, default, serviceId);
        if (!withConference) return cast;
        var c = await PrepareAsync(bed, cast, caseId);
        return cast with { ConferenceId = c.Id, RoomId = c.RoomId };
    }

    /// <summary>A conference of the case tomorrow 10:00–11:00 with the AS, the AI and the partner.</summary>
    public static Task<Conference> PrepareAsync(this CoreTestHost<ConferenceCast> bed, Guid caseId, bool withPerson = false) => PrepareAsync(bed, bed.Cast, caseId, withPerson);

    private static Task<Conference> PrepareAsync(CoreTestHost bed, ConferenceCast cast, Guid caseId, bool withPerson = false)
    {
        var day = CalendarTime.LocalDate(bed.Clock.GetUtcNow()).AddDays(1);
        return bed.Conferences(s => s.PrepareAsync(caseId, cast.Facilitator, new ConferencePlan(null, CalendarTime.FromLocal(day, new TimeOnly(10, 0)),
            CalendarTime.FromLocal(day, new TimeOnly(11, 0)), "Salle 2", null, "Positions, carte, orientation", [cast.As, cast.Ai, cast.Partner], withPerson)));
    }

    /// <summary>A case input on the cast's CPAS service.</summary>
    public static CaseInput Input(this CoreTestHost<ConferenceCast> bed, string code, string? summary = null, params SocialTheme[] themes)
        => new(code, bed.Cast.ServiceId, summary) { Themes = themes };

    public static Task<T> Cases<T>(this CoreTestHost bed, Func<CaseService, Task<T>> f) => bed.InScopeAsync(f);
    public static Task Cases(this CoreTestHost bed, Func<CaseService, Task> f) => bed.InScopeAsync(f);
    public static Task<T> Conferences<T>(this CoreTestHost bed, Func<ConferenceService, Task<T>> f) => bed.InScopeAsync(f);
    public static Task Conferences(this CoreTestHost bed, Func<ConferenceService, Task> f) => bed.InScopeAsync(f);
    public static Task Engine(this CoreTestHost bed, Func<RoomEngine, Task> f) => bed.InScopeAsync(f);

    public static Task<Position> WriteAsync(this CoreTestHost<ConferenceCast> bed, Guid author, string situation, Visibility visibility, bool personVoice = false)
        => bed.Conferences(s => s.SavePositionAsync(bed.Cast.ConferenceId, author, new PositionInput(situation, "Proposition", null, null, visibility, personVoice)));

    /// <summary>Starts the room and opens the positions (as the facilitator, who chairs).</summary>
    public static async Task OpenRoomAsync(this CoreTestHost<ConferenceCast> bed, bool openPositions = true)
    {
        await bed.Engine(e => e.StartAsync(bed.Cast.RoomId, bed.Cast.Facilitator));
        if (openPositions) await bed.Conferences(s => s.OpenPositionsAsync(bed.Cast.RoomId, bed.Cast.Facilitator));
    }
}
