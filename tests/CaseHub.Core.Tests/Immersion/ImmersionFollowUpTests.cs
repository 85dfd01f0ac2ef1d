using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Immersion;

/// <summary>
/// The places guard (capacity edits vs. takes), the host's one-invitation-per-day, withdrawals, kept manual moves,
/// offer withdrawal and the timed jobs (reminders, questionnaire).
/// </summary>
public class ImmersionFollowUpTests
{
    private static readonly DateOnly D1 = new(2026, 4, 7), D2 = new(2026, 4, 8), D3 = new(2026, 4, 14);

    private static async Task<DomainException> Refused(Func<Task> action) => await Assert.ThrowsAsync<DomainException>(action);

    [Fact]
    public async Task A_capacity_edit_racing_a_take_never_ends_with_more_places_than_capacity()
    {
        const int rounds = 6;
        await using var bed = await ImmersionSetup.CreateAsync(rounds);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 1, 0)); // nobody ranked
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, 1));
        var outcomes = new List<(string Take, string Edit)>();
        for (var i = 0; i < rounds; i++)
        {
            var day = new DateOnly(2026, 4, 1).AddDays(i < 3 ? i : i + 2); // working days: Wednesday 1 to Friday 3, then Monday 6…
            var offer = await bed.OfferAsync(token, "Course " + i, (day, 1));
            var worker = bed.Cast.Workers[i];
            using var go = new SemaphoreSlim(0);
            var take = Task.Run(async () =>
            {
                await go.WaitAsync();
                try { await bed.InScopeAsync<ImmersionMatchingService>(s => s.TakeFreePlaceAsync(c.Id, worker.Id, offer.Dates[0].Id)); return "ok"; }
                catch (DomainException e) { return e.TextKey; }
            });
            var edit = Task.Run(async () =>
            {
                await go.WaitAsync();
                try { await bed.InScopeAsync<ImmersionOffers>(s => s.SavePartnerOfferAsync(token, offer.Id, ImmersionSetup.Offer("Course " + i, (day, 0)))); return "ok"; }
                catch (DomainException e) { return e.TextKey; }
            });
            go.Release(2);
            var result = (await take, await edit);
            outcomes.Add(result);

            var (capacity, placed) = await bed.DbAsync(async db => (
                await db.ImmersionOfferDates.Where(d => d.Id == offer.Dates[0].Id).Select(d => d.Capacity).SingleAsync(),
                await db.ImmersionPlacements.CountAsync(p => p.OfferDateId == offer.Dates[0].Id)));
            Assert.True(placed <= capacity, $"round {i}: {placed} placed on {capacity} place(s) ({result})");
            // Exactly one of the two wins: the take (and the lower capacity is refused) or the edit (and the date is full).
            Assert.True(result is ("ok", "Immersion.Error.CapacityBelowPlaced") or ("Immersion.Error.Full", "ok"), $"round {i}: {result}");
        }
    }

    [Fact]
    public async Task The_host_gets_one_invitation_per_day_listing_its_visitors_updated_on_change_and_cancelled_when_none_remain()
    {
        await using var bed = await ImmersionSetup.CreateAsync(3);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "Accueil", (D1, 3));
        foreach (var w in bed.Cast.Workers) await bed.RankAsync(c.Id, w, a.Dates[0].Id);
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 5, 0));
        Assert.Equal(new PublishOutcome(3, 0, 0), await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, 1)));

        const string host = "host.accueil@partner-test.test";
        var hostMail = Assert.Single(await bed.MailsToAsync(host));
        var day = (await IcalJs.ParseAsync(hostMail.CalendarPart!.Text)).Master;
        Assert.Equal("REQUEST", hostMail.Method);
        Assert.Equal([host], day.Attendees.Select(x => x.Email.ToLowerInvariant()));
        Assert.All(bed.Cast.Workers, w => Assert.Contains(w.DisplayName, day.Description));
        var workerIcs = (await IcalJs.ParseAsync(Assert.Single(await bed.MailsToAsync(bed.Cast.Workers[0].Email!)).CalendarPart!.Text)).Master;
        Assert.DoesNotContain(workerIcs.Attendees, x => x.Email.Equals(host, StringComparison.OrdinalIgnoreCase));

        // Removing a participant withdraws their invitation at once; the host's day loses one name.
        var gone = await bed.DbAsync(db => db.ImmersionParticipants.SingleAsync(p => p.UserId == bed.Cast.Workers[0].Id));
        await bed.InScopeAsync<ImmersionMatchingService>(s => s.RemoveParticipantAsync(c.Id, gone.Id));
        Assert.Equal("CANCEL", (await bed.MailsToAsync(bed.Cast.Workers[0].Email!)).Last().Method);
        var hostMails = await bed.MailsToAsync(host);
        Assert.Equal(2, hostMails.Count);
        var updated = (await IcalJs.ParseAsync(hostMails[1].CalendarPart!.Text)).Master;
        Assert.Equal("REQUEST", hostMails[1].Method);
        Assert.Equal(day.Uid, updated.Uid);
        Assert.True(updated.Sequence > day.Sequence);
        Assert.DoesNotContain(bed.Cast.Workers[0].DisplayName, updated.Description);
        Assert.Contains(bed.Cast.Workers[1].DisplayName, updated.Description);

        // Manual moves: one away from the day (their invitation is withdrawn at publication), then the last one.
        var others = await bed.DbAsync(db => db.ImmersionParticipants.Where(p => p.CampaignId == c.Id).OrderBy(p => p.Name).ToListAsync());
        var v = await bed.VersionAsync(c.Id);
        v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, others[0].Id, null, v));
        Assert.Equal(new PublishOutcome(0, 0, 1), await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v)));
        Assert.Equal("CANCEL", (await bed.MailsToAsync(others[0].Email)).Last().Method);
        Assert.Equal(3, (await bed.MailsToAsync(host)).Count); // an update with one visitor left
        v = await bed.VersionAsync(c.Id);
        v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, others[1].Id, null, v));
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v));
        hostMails = await bed.MailsToAsync(host);
        Assert.Equal(4, hostMails.Count);
        Assert.Equal("CANCEL", hostMails[3].Method);
        var cancelled = (await IcalJs.ParseAsync(hostMails[3].CalendarPart!.Text)).Master;
        Assert.Equal((day.Uid, "CANCELLED"), (cancelled.Uid, cancelled.Status));

        // Publishing again sends nothing to anybody.
        var count = await bed.MailCountAsync();
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, v + 1));
        Assert.Equal(count, await bed.MailCountAsync());
    }

    [Fact]
    public async Task Running_the_matching_again_keeps_manual_moves_unless_the_coordinator_discards_them()
    {
        await using var bed = await ImmersionSetup.CreateAsync(3);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "A", (D1, 1), (D2, 1));
        var b = await bed.OfferAsync(token, "B", (D3, 1));
        foreach (var w in bed.Cast.Workers) await bed.RankAsync(c.Id, w, a.Dates[0].Id, b.Dates[0].Id);
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 9, 0));
        var board = (await bed.BoardAsync(c.Id)).Board;
        var unplaced = board.Rows.Single(r => r.OfferDateId == null).Participant;
        var onA = board.Rows.Single(r => r.OfferDateId == a.Dates[0].Id).Participant;
        var v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, unplaced.Id, a.Dates[1].Id, board.Campaign.Version));
        v = await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, onA.Id, null, v));

        var again = await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 9, v));
        Assert.Equal(2, again.Report.Kept);
        var after = (await bed.BoardAsync(c.Id)).Board;
        Assert.Equal(a.Dates[1].Id, after.Rows.Single(r => r.Participant.Id == unplaced.Id).OfferDateId);
        Assert.True(after.Rows.Single(r => r.Participant.Id == unplaced.Id).Manual);
        Assert.Null(after.Rows.Single(r => r.Participant.Id == onA.Id).OfferDateId); // taken away by hand: stays so
        // The seat the coordinator freed went to the next person in the draw.
        Assert.Single(after.Rows, r => r.OfferDateId == a.Dates[0].Id);

        var fresh = await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 9, after.Campaign.Version, discardManual: true));
        Assert.Equal(0, fresh.Report.Kept);
        var reset = (await bed.BoardAsync(c.Id)).Board;
        Assert.Equal(board.Rows.Select(r => r.OfferDateId), reset.Rows.Select(r => r.OfferDateId));
        Assert.DoesNotContain(reset.Rows, r => r.Manual);
    }

    [Fact]
    public async Task A_partner_withdraws_an_offer_unless_people_are_placed_on_it()
    {
        await using var bed = await ImmersionSetup.CreateAsync(1);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var a = await bed.OfferAsync(token, "A", (D1, 1));
        var b = await bed.OfferAsync(token, "B", (D2, 1));
        await bed.RankAsync(c.Id, bed.Cast.Workers[0], a.Dates[0].Id, b.Dates[0].Id);
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 1, 0));
        var err = await Refused(() => bed.InScopeAsync<ImmersionOffers>(s => s.WithdrawPartnerOfferAsync(token, a.Id)));
        Assert.Equal("Immersion.Error.OfferHasPlaces", err.TextKey);
        Assert.Equal(["A", 1], err.Args);

        await bed.InScopeAsync<ImmersionOffers>(s => s.WithdrawPartnerOfferAsync(token, b.Id));
        Assert.False(await bed.DbAsync(db => db.ImmersionOffers.AnyAsync(o => o.Id == b.Id)));
        Assert.True(await bed.DbAsync(db => db.PartnerDirectoryEntries.AnyAsync(e => e.Organisation == "Le Méridien test"))); // still in the directory
        // Another partner's link cannot withdraw it; the coordinator can once the person is moved.
        var other = await bed.InScopeAsync<ImmersionPartners, string>(s => s.InviteAsync(c.Id, "Autre test", "Aline Autre", "aline@partner-test.test", "fr"));
        Assert.True((await Refused(() => bed.InScopeAsync<ImmersionOffers>(s => s.WithdrawPartnerOfferAsync(other, a.Id)))).IsNotFound);
        var person = await bed.DbAsync(db => db.ImmersionParticipants.SingleAsync(p => p.CampaignId == c.Id));
        await bed.InScopeAsync<ImmersionMatchingService, int>(s => s.MoveAsync(c.Id, person.Id, null, bed.VersionAsync(c.Id).Result));
        await bed.InScopeAsync<ImmersionOffers>(s => s.WithdrawOfferAsync(c.Id, a.Id));
        Assert.Equal(0, await bed.DbAsync(db => db.ImmersionOffers.CountAsync(o => o.CampaignId == c.Id)));
        // The stale ranking is skipped by the next run.
        var run = await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 1, bed.VersionAsync(c.Id).Result, discardManual: true));
        Assert.Equal(0, run.Report.MatchedCount);
    }

    [Fact]
    public async Task Reminders_go_once_before_each_deadline_even_from_two_nodes_and_the_questionnaire_the_day_after()
    {
        await using var bed = await ImmersionSetup.CreateAsync(3);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        Task<int> Job(Func<ImmersionJobs, Task<int>> job) => bed.InScopeAsync<ImmersionJobs, int>(job);

        // Offers deadline: 10 March 23:59 (Brussels); reminders 3 days before, to partners with no offer.
        Assert.Equal(0, await Job(j => j.SendOfferRemindersAsync()));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 8, 8, 0, 0, TimeSpan.Zero));
        var both = await Task.WhenAll(Job(j => j.SendOfferRemindersAsync()), Job(j => j.SendOfferRemindersAsync()));
        Assert.Equal(1, both.Sum());
        Assert.Equal(0, await Job(j => j.SendOfferRemindersAsync()));
        var reminder = (await bed.MailsToAsync("mia@partner-test.test")).Last();
        Assert.Equal("ImmersionOffersReminder", reminder.Kind);
        Assert.Contains("coordination@cpas-test.test", reminder.Text);

        var a = await bed.OfferAsync(token, "A", (D1, 3));
        await bed.RankAsync(c.Id, bed.Cast.Workers[0], a.Dates[0].Id);
        Assert.Equal(0, await Job(j => j.SendPreferenceRemindersAsync())); // 20 March is more than 3 days away
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 18, 8, 0, 0, TimeSpan.Zero));
        both = await Task.WhenAll(Job(j => j.SendPreferenceRemindersAsync()), Job(j => j.SendPreferenceRemindersAsync()));
        Assert.Equal(2, both.Sum()); // the two who ranked nothing, once each
        Assert.Equal(0, await Job(j => j.SendPreferenceRemindersAsync()));
        Assert.DoesNotContain(await bed.MailsToAsync(bed.Cast.Workers[0].Email!), m => m.Kind == "ImmersionPreferencesReminder");
        var pref = Assert.Single(await bed.MailsToAsync(bed.Cast.Workers[1].Email!), m => m.Kind == "ImmersionPreferencesReminder");
        Assert.Contains(ImmersionLinks.ChoosePath(c.Id), pref.Text);
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 21, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Job(j => j.SendPreferenceRemindersAsync())); // the deadline has passed

        // The questionnaire: no button, the job sends it from the day after the immersion, once.
        await bed.InScopeAsync<ImmersionMatchingService, MatchingResult>(s => s.RunAsync(c.Id, 1, bed.VersionAsync(c.Id).Result));
        await bed.InScopeAsync<ImmersionMatchingService, PublishOutcome>(s => s.PublishAsync(c.Id, bed.VersionAsync(c.Id).Result));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 7, 15, 0, 0, TimeSpan.Zero)); // the day itself
        Assert.Equal(0, await Job(j => j.SendFeedbackAsync()));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 8, 7, 0, 0, TimeSpan.Zero));
        both = await Task.WhenAll(Job(j => j.SendFeedbackAsync()), Job(j => j.SendFeedbackAsync()));
        Assert.Equal(1, both.Sum());
        Assert.Equal(0, await Job(j => j.SendFeedbackAsync()));
        Assert.Equal(1, await bed.DbAsync(db => db.FeedbackInvitations.CountAsync()));
    }
}
