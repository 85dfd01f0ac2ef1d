using CaseHub.Core.Common;
using CaseHub.Core.Feedback;
using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using CaseHub.Core.Notes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Immersion;

/// <summary>The immersion programme end to end in Core: offers, preferences, matching, manual moves, publication, notes, feedback, directory.</summary>
public class ImmersionServiceTests
{
    private static readonly DateOnly D1 = new(2026, 4, 7), D2 = new(2026, 4, 8), D3 = new(2026, 4, 14);

    private static async Task<DomainException> Refused(Func<Task> action) => await Assert.ThrowsAsync<DomainException>(action);

    [Fact]
    public async Task A_partner_publishes_by_magic_link_and_bad_offers_are_refused_with_clear_errors()
    {
        await using var bed = await ImmersionSetup.CreateAsync();
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var mail = Assert.Single(await bed.MailsToAsync("mia@partner-test.test"));
        Assert.Contains(token, mail.Text);

        Assert.Equal("Immersion.Error.DateOutsidePeriod", (await Refused(() => bed.OfferAsync(token, "Hors période", (new DateOnly(2026, 5, 4), 1)))).TextKey);
        Assert.Equal("Immersion.Error.DuplicateDate", (await Refused(() => bed.OfferAsync(token, "Deux fois", (D1, 1), (D1, 2)))).TextKey);
        Assert.Equal("Immersion.Error.UnknownDomain", (await Refused(() => bed.InScopeAsync<ImmersionOffers>(s =>
            s.SavePartnerOfferAsync(token, null, ImmersionSetup.Offer("Domaine", (D1, 1)) with { Domain = "Astronomie" })))).TextKey);
        Assert.True((await Refused(() => bed.OfferAsync((token[0] == 'x' ? "y" : "x") + token[1..], "Faux lien", (D1, 1)))).IsNotFound);
        Assert.Equal(0, await bed.DbAsync(db => db.ImmersionOffers.CountAsync()));

        var offer = await bed.OfferAsync(token, "Accueil", (D1, 2));
        Assert.Equal("Le Méridien test", offer.Organisation);
        var entry = await bed.DbAsync(db => db.PartnerDirectoryEntries.SingleAsync(e => e.SourceOfferId == offer.Id));
        Assert.Equal("Hôte Accueil", entry.ContactName); // consent given

        bed.Clock.Advance(TimeSpan.FromDays(10)); // after the offers deadline
        Assert.Equal("Immersion.Error.OffersClosed", (await Refused(() => bed.OfferAsync(token, "Trop tard", (D2, 1)))).TextKey);
    }

    [Fact]
    public async Task Preferences_refuse_duplicates_closed_offers_wrong_side_too_many_and_late_choices()
    {
        await using var bed = await ImmersionSetup.CreateAsync();
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "A", (D1, 1), (D2, 1));
        var b = await bed.OfferAsync(token, "B", (D3, 1));
        var cpas = await bed.InScopeAsync<ImmersionOffers, ImmersionOffer>(s => s.SaveCoordinatorOfferAsync(c.Id, null, ImmersionHost.Cpas,
            ImmersionSetup.Offer("Service social", (D1, 1)) with { Organisation = "Service social général" }));
        var w = bed.Cast.Workers[0];
        Assert.Equal("Immersion.Error.DuplicateRank", (await Refused(() => bed.RankAsync(c.Id, w, a.Dates[0].Id, a.Dates[0].Id))).TextKey);
        Assert.Equal("Immersion.Error.TooManyRanks", (await Refused(() => bed.RankAsync(c.Id, w, a.Dates[0].Id, a.Dates[1].Id, b.Dates[0].Id, cpas.Dates[0].Id))).TextKey);
        Assert.Equal("Immersion.Error.UnknownOffer", (await Refused(() => bed.RankAsync(c.Id, w, cpas.Dates[0].Id))).TextKey); // CPAS workers visit partners
        Assert.Equal("Immersion.Error.RankedUnavailable", (await Refused(() => bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(c.Id, w.Id, [a.Dates[0].Id], [D1])))).TextKey);
        await bed.InScopeAsync<ImmersionOffers>(s => s.SetClosedAsync(c.Id, b.Id, true));
        Assert.Equal("Immersion.Error.OfferClosed", (await Refused(() => bed.RankAsync(c.Id, w, b.Dates[0].Id))).TextKey);
        Assert.True((await Refused(() => bed.RankAsync(c.Id, bed.Cast.Outsider, a.Dates[0].Id))).IsNotFound);

        await bed.RankAsync(c.Id, w, a.Dates[1].Id, a.Dates[0].Id);
        var saved = await bed.DbAsync(db => db.ImmersionParticipants.SingleAsync(p => p.UserId == w.Id));
        Assert.Equal([a.Dates[1].Id, a.Dates[0].Id], saved.RankingList);

        // Reciprocity: a partner worker ranks the CPAS service's offer.
        await bed.InScopeAsync<ImmersionParticipants, int>(s => s.AddAsync(c.Id, [bed.Cast.PartnerWorker.Id]));
        await bed.RankAsync(c.Id, bed.Cast.PartnerWorker, cpas.Dates[0].Id);
        Assert.Equal("Immersion.Error.UnknownOffer", (await Refused(() => bed.RankAsync(c.Id, bed.Cast.PartnerWorker, a.Dates[0].Id))).TextKey);

        bed.Clock.Advance(TimeSpan.FromDays(19));
        Assert.Equal("Immersion.Error.PreferencesClosed", (await Refused(() => bed.RankAsync(c.Id, w, a.Dates[0].Id))).TextKey);
    }

    /// <summary>Three workers of one team want the same day; the lead allows 1 away that day; capacities 1 and 2.</summary>
    private static async Task<(CoreTestHost<ImmersionCast> Bed, ImmersionCampaign C, ImmersionOffer A, ImmersionOffer B)> MatchedAsync(int seed = 42, int workers = 3)
    {
        var bed = await ImmersionSetup.CreateAsync(workers);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "A", (D1, 1), (D2, 1));
        var b = await bed.OfferAsync(token, "B", (D1, 2), (D3, 2));
        await bed.InScopeAsync<ImmersionTeams>(s => s.SetRuleAsync(c.Id, bed.Cast.TeamId, 1, bed.Cast.Lead.Id, false));
        foreach (var w in bed.Cast.Workers) await bed.RankAsync(c.Id, w, a.Dates[0].Id, b.Dates[0].Id, b.Dates[1].Id);
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, seed, 0));
        return (bed, c, a, b);
    }

    [Fact]
    public async Task The_matching_respects_capacities_and_team_coverage_records_its_seed_and_is_reproducible()
    {
        var (bed, c, a, b) = await MatchedAsync();
        await using var _ = bed;
        var board = (await bed.BoardAsync(c.Id)).Board;
        Assert.Equal(42, board.Campaign.Seed);
        Assert.Equal(3, board.Campaign.LotteryList.Count);
        Assert.Empty(board.Violations);
        var placed = board.Rows.Where(r => r.OfferDateId != null).ToList();
        Assert.Equal(2, placed.Count); // one on D1 (team rule 1), one on D3; the third ranked nothing else free
        Assert.Single(placed, r => r.OfferDateId == b.Dates[1].Id);
        Assert.Equal("Immersion.Matching.Unmatched.FullOrTeamCoverage", Assert.Single(board.Unmatched).ReasonKey);
        var first = board.Rows.Select(r => r.OfferDateId).ToList();

        var again = await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 42, board.Campaign.Version));
        Assert.Equal(first, (await bed.BoardAsync(c.Id)).Board.Rows.Select(r => r.OfferDateId).ToList());
        Assert.Equal(board.Campaign.LotteryList, again.LotteryOrder);
    }

    [Fact]
    public async Task A_manual_move_is_allowed_with_warnings_and_a_stale_edit_is_refused()
    {
        var (bed, c, a, b) = await MatchedAsync();
        await using var _ = bed;
        var board = (await bed.BoardAsync(c.Id)).Board;
        var unplaced = board.Rows.Single(r => r.OfferDateId == null);
        var version = board.Campaign.Version;
        var newVersion = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, unplaced.Participant.Id, a.Dates[0].Id, version));
        Assert.Equal(version + 1, newVersion);

        var after = (await bed.BoardAsync(c.Id)).Board;
        Assert.Contains(after.Violations, v => v.Kind == ViolationKind.TeamCoverage);
        Assert.Contains(after.Violations, v => v.Kind is ViolationKind.OverCapacity or ViolationKind.TeamCoverage);
        Assert.True(after.Rows.Single(r => r.Participant.Id == unplaced.Participant.Id).Manual);

        // A second coordinator still looking at the old version.
        var stale = await Refused(() => bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, unplaced.Participant.Id, null, version)));
        Assert.Equal("Immersion.Error.Stale", stale.TextKey);
        Assert.Equal(a.Dates[0].Id, (await bed.BoardAsync(c.Id)).PlaceOf(bed.Cast.Workers.Single(w => w.Id == unplaced.Participant.UserId)));

        // The capacity cannot go below the people placed.
        var token = await bed.InScopeAsync<ImmersionPartners, string>(s => s.ResendLinkAsync(c.Id, a.PartnerId!.Value));
        var err = await Refused(() => bed.InScopeAsync<ImmersionOffers>(s => s.SavePartnerOfferAsync(token, a.Id, ImmersionSetup.Offer("A", (D1, 0), (D2, 1)))));
        Assert.Equal("Immersion.Error.CapacityBelowPlaced", err.TextKey);
    }

    [Fact]
    public async Task Publishing_invites_worker_host_and_team_lead_sends_nothing_twice_then_updates_and_cancels()
    {
        var (bed, c, a, b) = await MatchedAsync();
        await using var _ = bed;
        var board = (await bed.BoardAsync(c.Id)).Board;
        var outcome = await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, board.Campaign.Version));
        Assert.Equal(new PublishOutcome(2, 0, 0), outcome);
        var mover = board.Rows.First(r => r.OfferDateId != null);
        var invite = Assert.Single(await bed.MailsToAsync(mover.Participant.Email));
        Assert.Equal("REQUEST", invite.Method);
        Assert.Contains("lead@cpas-test.test", invite.CalendarPart!.Text.ToLowerInvariant());
        Assert.Equal(2, (await bed.MailsToAsync("lead@cpas-test.test")).Count);

        var count = await bed.MailCountAsync();
        var v = await bed.VersionAsync(c.Id);
        Assert.Equal(new PublishOutcome(0, 0, 0), await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v)));
        Assert.Equal(count, await bed.MailCountAsync());

        // Move to D3 of B (free seat, other day): update with a higher SEQUENCE, same UID.
        var target = mover.OfferDateId == b.Dates[1].Id ? b.Dates[0].Id : b.Dates[1].Id;
        v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, mover.Participant.Id, target, v + 1));
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v));
        var mails = await bed.MailsToAsync(mover.Participant.Email);
        Assert.Equal(2, mails.Count);
        Assert.Equal("CalendarUpdate", mails[1].Kind);
        Assert.True(mails[1].Sequence > invite.Sequence);

        // Take the place away: cancellation.
        v = await bed.VersionAsync(c.Id);
        v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, mover.Participant.Id, null, v));
        Assert.Equal(new PublishOutcome(0, 0, 1), await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v)));
        var last = (await bed.MailsToAsync(mover.Participant.Email)).Last();
        Assert.Equal("CANCEL", last.Method);
    }

    [Fact]
    public async Task Two_workers_taking_the_last_free_place_at_once_one_wins_the_other_is_told_it_is_full()
    {
        await using var bed = await ImmersionSetup.CreateAsync(2);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "A", (D1, 1));
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 1, 0)); // nobody ranked: nobody placed
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, 1));
        var free = await bed.InScopeAsync<ImmersionMatchingService, List<BoardSeat>>(s => s.FreeSeatsForAsync(c.Id, bed.Cast.Workers[0].Id));
        Assert.Single(free);

        using var go = new SemaphoreSlim(0);
        var tasks = bed.Cast.Workers.Select(w => Task.Run(async () =>
        {
            await go.WaitAsync();
            try { await bed.InScopeAsync<ImmersionMatchingService>(s => s.TakeFreePlaceAsync(c.Id, w.Id, a.Dates[0].Id)); return "ok"; }
            catch (DomainException e) { return e.TextKey; }
        })).ToList();
        go.Release(2);
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => r == "ok");
        Assert.Single(results, r => r is "Immersion.Error.Full" or "Immersion.Error.Busy");
        Assert.Equal(1, await bed.DbAsync(db => db.ImmersionPlacements.CountAsync(p => p.OfferDateId == a.Dates[0].Id)));
        var winner = bed.Cast.Workers.Single(w => results[bed.Cast.Workers.IndexOf(w)] == "ok");
        Assert.Equal("REQUEST", Assert.Single(await bed.MailsToAsync(winner.Email!)).Method);
    }

    [Fact]
    public async Task Private_notes_are_the_visitors_alone_and_the_shared_debrief_is_read_by_coordinator_lead_and_team()
    {
        var (bed, c, a, b) = await MatchedAsync();
        await using var _ = bed;
        var board = (await bed.BoardAsync(c.Id)).Board;
        var row = board.Rows.First(r => r.OfferDateId != null);
        var placementId = await bed.DbAsync(db => db.ImmersionPlacements.Where(p => p.ParticipantId == row.Participant.Id).Select(p => p.Id).SingleAsync());
        var other = bed.Cast.Workers.First(w => w.Id != row.Participant.UserId);
        async Task<NotesAccess?> Check(string key, Guid user) => await bed.ScopeAsync(sp => sp.GetServices<INotesAccessPolicy>().Single(p => p.Prefix == "immersion:").CheckAsync(key, user));

        Assert.True((await Check(ImmersionLinks.PrivateNotesKey(placementId), row.Participant.UserId))!.CanWrite);
        Assert.Null(await Check(ImmersionLinks.PrivateNotesKey(placementId), bed.Cast.Lead.Id));
        Assert.Null(await Check(ImmersionLinks.PrivateNotesKey(placementId), bed.Cast.Coordinator.Id));
        Assert.True((await Check(ImmersionLinks.DebriefNotesKey(placementId), row.Participant.UserId))!.CanWrite);
        Assert.False((await Check(ImmersionLinks.DebriefNotesKey(placementId), bed.Cast.Lead.Id))!.CanWrite);
        Assert.False((await Check(ImmersionLinks.DebriefNotesKey(placementId), bed.Cast.Coordinator.Id))!.CanWrite);
        Assert.False((await Check(ImmersionLinks.DebriefNotesKey(placementId), other.Id))!.CanWrite);
        Assert.Null(await Check(ImmersionLinks.DebriefNotesKey(placementId), bed.Cast.Outsider.Id));
        Assert.Null(await Check($"immersion:{placementId}:other", row.Participant.UserId));
        Assert.Null(await Check($"immersion:{Guid.NewGuid()}:debrief", row.Participant.UserId));
    }

    [Fact]
    public async Task Feedback_goes_once_to_each_worker_after_their_day()
    {
        var (bed, c, a, b) = await MatchedAsync();
        await using var _ = bed;
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, 1));
        Assert.Equal(0, await bed.InScopeAsync<ImmersionDebrief, int>(s => s.SendFeedbackAsync(c.Id)));
        bed.Clock.Advance(TimeSpan.FromDays(37)); // 8 April: the D1 visitor is done, not the D3 one
        Assert.Equal(1, await bed.InScopeAsync<ImmersionDebrief, int>(s => s.SendFeedbackAsync(c.Id)));
        Assert.Equal(0, await bed.InScopeAsync<ImmersionDebrief, int>(s => s.SendFeedbackAsync(c.Id)));
        var form = await bed.InScopeAsync<FeedbackService, FeedbackForm?>(s => s.FindFormAsync(ImmersionCampaign.OwnerType, c.Id));
        Assert.True(form!.Anonymous);
        Assert.Equal(5, form.Questions.Count);
    }

    [Fact]
    public async Task The_directory_lists_contacts_only_with_consent_searches_without_accents_and_exports_safe_csv()
    {
        await using var bed = await ImmersionSetup.CreateAsync(1);
        var refused = await Refused(() => bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.SaveAsync(null, new DirectoryInput { Organisation = "Sans accord", ContactName = "Quelqu'un" })));
        Assert.Equal("Immersion.Error.ContactConsent", refused.TextKey);
        await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.SaveAsync(null, new DirectoryInput
        { Organisation = "=Médiation scolaire", Domains = "Médiation\nJeunesse", PublicServed = "Élèves du secondaire", OpeningHours = "Lu–ve 9h–17h" }));
        await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.SaveAsync(null, new DirectoryInput { Organisation = "Logement d'abord", Domains = "Logement" }));
        var found = await bed.InScopeAsync<PartnerDirectory, List<PartnerDirectoryEntry>>(d => d.SearchAsync("mediation eleves", null));
        Assert.Equal("=Médiation scolaire", Assert.Single(found).Organisation);
        Assert.Single(await bed.InScopeAsync<PartnerDirectory, List<PartnerDirectoryEntry>>(d => d.SearchAsync(null, "logement")));
        var exporter = new CaseHub.Core.Exports.Exporter(CaseHub.Core.Localization.TextCatalog.LoadFrom(typeof(PartnerDirectory).Assembly));
        var csv = System.Text.Encoding.UTF8.GetString(exporter.Write(ImmersionExports.Directory(found), CaseHub.Core.Exports.ExportFormat.Csv, "fr", "directory").Content);
        Assert.Contains("'=Médiation scolaire;", csv);
        Assert.Null(found[0].ContactName);
    }
}
