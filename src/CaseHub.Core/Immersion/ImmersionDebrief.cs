using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Feedback;
using CaseHub.Core.Notes;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>
/// Immersion notes ("immersion:{placementId}:private" and "immersion:{placementId}:debrief").
/// Private notes: the visitor alone. Shared debrief (what I saw, useful contacts, rapport d'étonnement, what to bring
/// back to the team): the visitor writes; the campaign's coordinators, the team lead and the visitor's team mates in
/// the campaign read — that is what the team debrief meeting gathers.
/// </summary>
public sealed class ImmersionNotesAccess(CaseHubDbContext db, People people) : INotesAccessPolicy
{
    public string Prefix => "immersion:";

    public async Task<NotesAccess?> CheckAsync(string docKey, Guid userId, CancellationToken ct = default)
    {
        var parts = docKey.Split(':');
        if (parts.Length != 3 || !Guid.TryParse(parts[1], out var placementId) || parts[2] is not ("private" or "debrief")) return null;
        var row = await (from p in db.ImmersionPlacements
                         join w in db.ImmersionParticipants on p.ParticipantId equals w.Id
                         where p.Id == placementId
                         select new { p.CampaignId, w.UserId, w.TeamId }).AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null) return null;
        if (row.UserId == userId) return new NotesAccess(true);
        if (parts[2] == "private") return null;
        return await ImmersionDebrief.CanReadDebriefAsync(db, people, row.CampaignId, row.TeamId, userId, ct) ? new NotesAccess(false) : null;
    }
}

/// <summary>The debrief page's data and the feedback questionnaire of a campaign.</summary>
public sealed class ImmersionDebrief(CaseHubDbContext db, People people, FeedbackService feedback, TimeProvider clock)
{
    private static readonly string[] CoordinatorRoles = [Roles.Coordinator, Roles.Administrator];

    /// <summary>Coordinators (role) of the campaign, the team lead, and team mates taking part read a shared debrief.</summary>
    internal static async Task<bool> CanReadDebriefAsync(CaseHubDbContext db, People people, Guid campaignId, Guid? teamId, Guid userId, CancellationToken ct)
    {
        if (await people.IsInAnyRoleAsync(userId, CoordinatorRoles, ct)) return true;
        if (teamId is null) return false;
        if (await db.Services.AnyAsync(s => s.Id == teamId && s.LeadUserId == userId, ct)) return true;
        return await db.ImmersionParticipants.AnyAsync(p => p.CampaignId == campaignId && p.UserId == userId && p.TeamId == teamId, ct);
    }

    public sealed record DebriefView(ImmersionPlacement Placement, ImmersionParticipant Visitor, ImmersionOfferDate Date, ImmersionOffer Offer, bool IsVisitor);

    /// <summary>The immersion behind a debrief page, or 404 for anybody who may not read it.</summary>
    public async Task<DebriefView> OpenAsync(Guid placementId, Guid userId, CancellationToken ct = default)
    {
        var p = await db.ImmersionPlacements.AsNoTracking().FirstOrDefaultAsync(x => x.Id == placementId && x.OfferDateId != null, ct) ?? throw DomainException.NotFound();
        var w = await db.ImmersionParticipants.AsNoTracking().FirstAsync(x => x.Id == p.ParticipantId, ct);
        if (w.UserId != userId && !await CanReadDebriefAsync(db, people, p.CampaignId, w.TeamId, userId, ct)) throw DomainException.NotFound();
        var d = await db.ImmersionOfferDates.AsNoTracking().Include(x => x.Offer).FirstAsync(x => x.Id == p.OfferDateId, ct);
        return new DebriefView(p, w, d, d.Offer!, w.UserId == userId);
    }

    /// <summary>The debriefs a user may read in a campaign (their own first), for the team debrief.</summary>
    public async Task<List<DebriefView>> ListAsync(Guid campaignId, Guid userId, CancellationToken ct = default)
    {
        var ids = await db.ImmersionPlacements.AsNoTracking().Where(p => p.CampaignId == campaignId && p.OfferDateId != null).Select(p => p.Id).ToListAsync(ct);
        var list = new List<DebriefView>();
        foreach (var id in ids)
        {
            try { list.Add(await OpenAsync(id, userId, ct)); }
            catch (DomainException e) when (e.IsNotFound) { }
        }
        return list.OrderByDescending(v => v.IsVisitor).ThenBy(v => v.Date.Date).ThenBy(v => v.Visitor.Name).ToList();
    }

    // ------------------------------------------------------------------ feedback

    /// <summary>The campaign's questionnaire, created with default questions the first time (the coordinator edits them before sending). Saves.</summary>
    public async Task<FeedbackForm> EnsureFormAsync(Guid campaignId, string language, CancellationToken ct = default)
    {
        var c = await db.ImmersionCampaigns.FirstOrDefaultAsync(x => x.Id == campaignId, ct) ?? throw DomainException.NotFound();
        var existing = await feedback.FindFormAsync(ImmersionCampaign.OwnerType, c.Id, ct);
        if (existing is not null) return existing;
        var form = feedback.CreateForm(new FeedbackFormSpec(ImmersionCampaign.OwnerType, c.Id, c.Name, Anonymous: true,
        [
            new(FeedbackQuestionKind.YesNo, new LocalizedText("La journée a-t-elle répondu à vos attentes ?", "Beantwoordde de dag aan uw verwachtingen?", "Did the day meet your expectations?"), true),
            new(FeedbackQuestionKind.Scale, new LocalizedText("Qualité de l'accueil", "Kwaliteit van het onthaal", "Quality of the welcome"), true),
            new(FeedbackQuestionKind.Scale, new LocalizedText("Utilité pour votre travail d'orientation", "Nut voor uw doorverwijzingswerk", "Usefulness for your referral work"), true),
            new(FeedbackQuestionKind.Text, new LocalizedText("Ce qui vous a étonné", "Wat u verraste", "What surprised you")),
            new(FeedbackQuestionKind.Text, new LocalizedText("Une suggestion pour la prochaine édition", "Een suggestie voor de volgende editie", "A suggestion for the next edition")),
        ]));
        // Two nodes (or a node and a coordinator) may get here at once: the form that claims the campaign wins, the other is rolled back.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var claimed = await db.ImmersionCampaigns.Where(x => x.Id == c.Id && x.FeedbackFormId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.FeedbackFormId, form.Id), ct);
        if (claimed != 1)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await feedback.FindFormAsync(ImmersionCampaign.OwnerType, c.Id, ct) ?? throw new DbUpdateConcurrencyException("The feedback form was claimed but cannot be read.");
        }
        await tx.CommitAsync(ct);
        c.FeedbackFormId = form.Id;
        db.Entry(c).Property(x => x.FeedbackFormId).IsModified = false;
        return form;
    }

    /// <summary>Asks everyone whose immersion day is over (each once). Saves; returns how many were asked now.</summary>
    public async Task<int> SendFeedbackAsync(Guid campaignId, CancellationToken ct = default)
    {
        var form = await EnsureFormAsync(campaignId, "fr", ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var done = await (from p in db.ImmersionPlacements
                          join d in db.ImmersionOfferDates on p.OfferDateId equals d.Id
                          join w in db.ImmersionParticipants on p.ParticipantId equals w.Id
                          where p.CampaignId == campaignId && p.CalendarEntryId != null && d.Date < today
                          select w).AsNoTracking().ToListAsync(ct);
        var n = await feedback.InviteAsync(form.Id, done.Select(w => new FeedbackRecipient(w.Id.ToString(), w.Email, w.Name, w.Language)), ct);
        await db.SaveChangesAsync(ct);
        return n;
    }
}
