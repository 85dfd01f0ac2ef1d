using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Immersion.Matching;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Immersion;

/// <summary>One row of the coordinator's board: a participant and where they are placed now.</summary>
public sealed record BoardRow(ImmersionParticipant Participant, Guid? OfferDateId, int? Rank, bool Manual, bool Published, int? LotteryPosition);

/// <summary>One offer-date with its capacity and the number placed now.</summary>
public sealed record BoardSeat(ImmersionOffer Offer, ImmersionOfferDate Date, int Placed);

/// <summary>The coordinator's view of the matching: places, seats, constraint violations (warnings) and the report.</summary>
public sealed record MatchingBoard(
    ImmersionCampaign Campaign, IReadOnlyList<BoardRow> Rows, IReadOnlyList<BoardSeat> Seats,
    IReadOnlyList<MatchingViolation> Violations, IReadOnlyDictionary<int, int> RankDistribution, int Matched, int Unranked,
    IReadOnlyList<UnmatchedWorker> Unmatched);

/// <summary>What a publication sent: new invitations, updates, cancellations (all zero when published twice).</summary>
public sealed record PublishOutcome(int Invited, int Updated, int Cancelled);

/// <summary>
/// Runs the matching (<see cref="MatchingEngine"/>: worker-proposing deferred acceptance with a recorded seeded lottery)
/// over the campaign's offer-dates, lets the coordinator move people by hand (warning on every violated constraint,
/// via <see cref="MatchingChecker"/>), and publishes: one calendar entry per placement with the worker, the host's
/// contact and the team lead as invitees; later changes send updates (same UID, higher SEQUENCE), removals cancellations.
/// <para>Concurrency: every change of places bumps <see cref="ImmersionCampaign.Version"/> (a concurrency token), so two
/// coordinators editing at once, or two workers taking the last free place, cannot both win.</para>
/// </summary>
public sealed partial class ImmersionMatchingService(
    CaseHubDbContext db, CalendarService calendar, TextCatalog texts, TimeProvider clock, ILogger<ImmersionMatchingService> log)
{
    // ------------------------------------------------------------------ input

    /// <summary>The matching input from the database. Stale entries in rankings (deleted dates, dates since marked unavailable) are skipped.</summary>
    public async Task<MatchingInput> BuildInputAsync(ImmersionCampaign c, int seed, CancellationToken ct = default)
    {
        var dates = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer).Where(d => d.Offer!.CampaignId == c.Id).ToListAsync(ct);
        var byId = dates.ToDictionary(d => d.Id);
        var people = await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == c.Id).ToListAsync(ct);
        var rules = await db.ImmersionTeamRules.AsNoTracking().Where(r => r.CampaignId == c.Id).ToDictionaryAsync(r => r.TeamId, r => r.MaxAway, ct);
        var workers = people.Select(p =>
        {
            var off = p.UnavailableList.ToHashSet();
            var ranking = p.RankingList.Where(id => byId.TryGetValue(id, out var d) && !off.Contains(d.Date)).Distinct().Take(c.MaxRanks).ToList();
            return new MatchingWorker(p.Id, p.TeamId, ranking, p.UnavailableList);
        }).ToList();
        return new MatchingInput(workers, dates.Select(d => new MatchingOfferDate(d.Id, d.OfferId, d.Date, d.Capacity)).ToList(), rules, seed, c.MaxRanks);
    }

    // ------------------------------------------------------------------ run

    /// <summary>
    /// Runs the matching and replaces the current places with its result (published places are updated at the next
    /// publication). Manual moves are kept as fixed placements (they take their seat and count for the team rule
    /// before anybody else is served) unless <paramref name="discardManual"/>. <paramref name="seed"/> null draws a
    /// fresh one; it is recorded with the lottery order. Saves. The report's <see cref="MatchingReport.Kept"/> says how many were kept.
    /// </summary>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "TEMPORARY until the thin-pages merge: Pages/Immersion/Matching.cshtml.cs passes the token before discardManual by position; swap them then")]
    public async Task<MatchingResult> RunAsync(Guid campaignId, int? seed, int expectedVersion, CancellationToken ct = default, bool discardManual = false)
    {
        var c = await CampaignAsync(campaignId, expectedVersion, ct);
        var s = seed ?? RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var input = await BuildInputAsync(c, s, ct);
        var placements = await db.ImmersionPlacements.Where(p => p.CampaignId == c.Id).ToDictionaryAsync(p => p.ParticipantId, ct);
        if (!discardManual)
        {
            var known = input.OfferDates.Select(d => d.Id).ToHashSet();
            var fixedPlaces = placements.Values.Where(p => p.Manual && (p.OfferDateId is null || known.Contains(p.OfferDateId.Value)))
                .Select(p => new FixedPlacement(p.ParticipantId, p.OfferDateId)).ToList();
            input = input with { Fixed = fixedPlaces };
        }
        var result = MatchingEngine.Run(input);
        var kept = (input.Fixed ?? []).Select(f => f.WorkerId).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var a in result.Assignments)
        {
            if (kept.Contains(a.WorkerId)) continue; // a manual move stays as the coordinator left it
            if (!placements.TryGetValue(a.WorkerId, out var p))
            {
                if (a.OfferDateId is null) continue;
                p = new ImmersionPlacement { CampaignId = c.Id, ParticipantId = a.WorkerId, UpdatedAt = now };
                db.ImmersionPlacements.Add(p);
            }
            if (p.OfferDateId != a.OfferDateId || p.Manual) p.UpdatedAt = now;
            p.OfferDateId = a.OfferDateId;
            p.Rank = a.Rank;
            p.Manual = false;
        }
        c.Seed = s;
        c.LotteryOrder = string.Join(',', result.LotteryOrder);
        c.MatchedAt = now;
        await SaveAsync(c, ct);
        LogMatched(log, c.Id, s, result.Report.MatchedCount, result.Report.WorkerCount, result.Report.Kept);
        return result;
    }

    // ------------------------------------------------------------------ board and manual moves

    public async Task<MatchingBoard> BoardAsync(Guid campaignId, CancellationToken ct = default)
    {
        var c = await db.ImmersionCampaigns.AsNoTracking().FirstOrDefaultAsync(x => x.Id == campaignId, ct) ?? throw DomainException.NotFound();
        var input = await BuildInputAsync(c, c.Seed ?? 0, ct);
        var people = await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == c.Id).OrderBy(p => p.Name).ToListAsync(ct);
        var placements = await db.ImmersionPlacements.AsNoTracking().Where(p => p.CampaignId == c.Id).ToDictionaryAsync(p => p.ParticipantId, ct);
        var offers = await db.ImmersionOffers.AsNoTracking().Include(o => o.Dates).Where(o => o.CampaignId == c.Id).ToListAsync(ct);
        var current = placements.Values.Where(p => p.OfferDateId != null).Select(p => new Placement(p.ParticipantId, p.OfferDateId!.Value)).ToList();
        var lottery = c.LotteryList;
        var position = lottery.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1);
        // Blocking pairs only make sense against the recorded draw, and only for people who still rank what they ranked then.
        var violations = MatchingChecker.Check(input, current, lottery.Count == input.Workers.Count && lottery.ToHashSet().SetEquals(input.Workers.Select(w => w.Id)) ? lottery : null);
        var rows = people.Select(p => placements.TryGetValue(p.Id, out var pl)
            ? new BoardRow(p, pl.OfferDateId, pl.Rank, pl.Manual, pl.CalendarEntryId != null, position.GetValueOrDefault(p.Id) is var x && x > 0 ? x : null)
            : new BoardRow(p, null, null, false, false, position.GetValueOrDefault(p.Id) is var y && y > 0 ? y : null)).ToList();
        var counts = current.GroupBy(p => p.OfferDateId).ToDictionary(g => g.Key, g => g.Count());
        var seats = offers.SelectMany(o => o.Dates.Select(d => new BoardSeat(o, d, counts.GetValueOrDefault(d.Id))))
            .OrderBy(s => s.Offer.Host).ThenBy(s => s.Offer.Organisation).ThenBy(s => s.Date.Date).ToList();
        var distribution = Enumerable.Range(1, c.MaxRanks).ToDictionary(r => r, r => rows.Count(x => x.OfferDateId != null && x.Rank == r));
        var unmatched = c.MatchedAt is null ? [] : Unmatched(input, rows, counts);
        return new MatchingBoard(c, rows, seats, violations, distribution, rows.Count(r => r.OfferDateId != null),
            rows.Count(r => r.OfferDateId != null && r.Rank == null), unmatched);
    }

    /// <summary>Why each unplaced person has no place, against the current places (after manual moves too).</summary>
    private static List<UnmatchedWorker> Unmatched(MatchingInput input, IReadOnlyList<BoardRow> rows, Dictionary<Guid, int> counts)
    {
        var dates = input.OfferDates.ToDictionary(d => d.Id);
        var placedDate = rows.Where(r => r.OfferDateId != null && dates.ContainsKey(r.OfferDateId.Value))
            .Select(r => (r.Participant.TeamId, dates[r.OfferDateId!.Value].Date)).ToList();
        var list = new List<UnmatchedWorker>();
        foreach (var w in input.Workers.Where(w => rows.Any(r => r.Participant.Id == w.Id && r.OfferDateId == null)))
        {
            if (w.Ranking.Count == 0) { list.Add(new UnmatchedWorker(w.Id, UnmatchedReason.NoRankedOffer)); continue; }
            bool full = false, team = false;
            foreach (var id in w.Ranking)
            {
                var d = dates[id];
                if (counts.GetValueOrDefault(id) >= d.Capacity) full = true;
                else if (w.TeamId is { } t && input.TeamMaxAwayPerDay.TryGetValue(t, out var max) && placedDate.Count(x => x.TeamId == t && x.Date == d.Date) >= max) team = true;
            }
            list.Add(new UnmatchedWorker(w.Id, full && team ? UnmatchedReason.FullOrTeamCoverage : team ? UnmatchedReason.TeamCoverage : UnmatchedReason.AllRankedFull));
        }
        return list;
    }

    /// <summary>
    /// The coordinator moves a person to an offer-date (or takes their place away with null). Allowed even when it breaks
    /// a rule — the board then warns — because the coordinator may know what the data does not. Refused when someone
    /// else changed the places since <paramref name="expectedVersion"/>. Saves; returns the new version.
    /// </summary>
    public async Task<int> MoveAsync(Guid campaignId, Guid participantId, Guid? offerDateId, int expectedVersion, CancellationToken ct = default)
    {
        // Who is moved is checked before the version: moving nobody is "not found", whatever changed meanwhile.
        var person = await db.ImmersionParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.Id == participantId && p.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        var c = await CampaignAsync(campaignId, expectedVersion, ct);
        if (offerDateId is { } od)
        {
            var date = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer).FirstOrDefaultAsync(d => d.Id == od && d.Offer!.CampaignId == c.Id, ct)
                ?? throw new DomainException("Immersion.Error.UnknownOfferDate") { Field = "OfferDateId" };
            if (date.Offer!.Host != person.Visits) throw new DomainException("Immersion.Error.WrongSide") { Field = "OfferDateId" };
        }
        var p = await db.ImmersionPlacements.FirstOrDefaultAsync(x => x.ParticipantId == participantId, ct);
        if (p is null)
        {
            p = new ImmersionPlacement { CampaignId = c.Id, ParticipantId = participantId };
            db.ImmersionPlacements.Add(p);
        }
        if (p.OfferDateId == offerDateId) return c.Version;
        p.OfferDateId = offerDateId;
        var rank = offerDateId is null ? -1 : person.RankingList.ToList().IndexOf(offerDateId.Value);
        p.Rank = rank >= 0 ? rank + 1 : null;
        p.Manual = true;
        p.UpdatedAt = clock.GetUtcNow();
        await SaveAsync(c, ct);
        return c.Version;
    }

    /// <summary>
    /// After publication, a participant still without a place takes a free seat on an offer-date they could have ranked
    /// (first come, first served; team rule and unavailable days respected). Two people taking the last seat at once:
    /// one wins, the other gets "full". Sends the calendar invitation at once. Saves.
    /// </summary>
    public async Task TakeFreePlaceAsync(Guid campaignId, Guid userId, Guid offerDateId, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await TryTakeAsync(campaignId, userId, offerDateId, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4)
            {
                db.ChangeTracker.Clear(); // someone else changed places: look again with fresh data
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainException("Immersion.Error.Busy");
            }
        }
    }

    private async Task TryTakeAsync(Guid campaignId, Guid userId, Guid offerDateId, CancellationToken ct)
    {
        var c = await db.ImmersionCampaigns.FirstOrDefaultAsync(x => x.Id == campaignId, ct) ?? throw DomainException.NotFound();
        var me = await db.ImmersionParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.CampaignId == campaignId && p.UserId == userId, ct) ?? throw DomainException.NotFound();
        if (c.PublishedAt is null) throw new DomainException("Immersion.Error.NotPublished");
        var mine = await db.ImmersionPlacements.FirstOrDefaultAsync(p => p.ParticipantId == me.Id, ct);
        if (mine?.OfferDateId is not null) throw new DomainException("Immersion.Error.AlreadyPlaced");
        var date = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer).FirstOrDefaultAsync(d => d.Id == offerDateId && d.Offer!.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        if (date.Offer!.Host != me.Visits || date.Offer.Closed) throw new DomainException("Immersion.Error.OfferClosed", 1, date.Offer.Title);
        if (me.UnavailableList.Contains(date.Date)) throw new DomainException("Immersion.Error.RankedUnavailable", 1, date.Date.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture));
        var taken = await db.ImmersionPlacements.CountAsync(p => p.OfferDateId == offerDateId, ct);
        if (taken >= date.Capacity) throw new DomainException("Immersion.Error.Full");
        if (me.TeamId is { } team && await db.ImmersionTeamRules.AsNoTracking().FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.TeamId == team, ct) is { } rule)
        {
            var away = await (from p in db.ImmersionPlacements
                              join d in db.ImmersionOfferDates on p.OfferDateId equals d.Id
                              join w in db.ImmersionParticipants on p.ParticipantId equals w.Id
                              where p.CampaignId == campaignId && w.TeamId == team && d.Date == date.Date
                              select p.Id).CountAsync(ct);
            if (away >= rule.MaxAway) throw new DomainException("Immersion.Error.TeamFull", rule.MaxAway);
        }
        if (mine is null)
        {
            mine = new ImmersionPlacement { CampaignId = campaignId, ParticipantId = me.Id };
            db.ImmersionPlacements.Add(mine);
        }
        var rank = me.RankingList.ToList().IndexOf(offerDateId);
        mine.OfferDateId = offerDateId;
        mine.Rank = rank >= 0 ? rank + 1 : null;
        mine.Manual = false;
        mine.UpdatedAt = clock.GetUtcNow();
        await PublishOneAsync(c, mine, ct);
        await SyncHostDaysAsync(c, await CurrentPlacementsAsync(c.Id, ct), [offerDateId], ct);
        c.Version++; // the concurrency token: a concurrent taker's SaveChanges fails and looks again
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Free seats of the published campaign that the user could take (their side, not full, not on an unavailable day).</summary>
    public async Task<List<BoardSeat>> FreeSeatsForAsync(Guid campaignId, Guid userId, CancellationToken ct = default)
    {
        var board = await BoardAsync(campaignId, ct);
        var me = board.Rows.FirstOrDefault(r => r.Participant.UserId == userId) ?? throw DomainException.NotFound();
        if (board.Campaign.PublishedAt is null || me.OfferDateId is not null) return [];
        var off = me.Participant.UnavailableList.ToHashSet();
        return board.Seats.Where(s => s.Offer.Host == me.Participant.Visits && !s.Offer.Closed && s.Placed < s.Date.Capacity && !off.Contains(s.Date.Date)).ToList();
    }

    // ------------------------------------------------------------------ publish

    /// <summary>
    /// Sends every change since the last publication: invitations for new places, updates (higher SEQUENCE) for moved ones,
    /// cancellations for removed ones. Publishing again without changes sends nothing. Saves.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(Guid campaignId, int expectedVersion, CancellationToken ct = default)
    {
        var c = await CampaignAsync(campaignId, expectedVersion, ct);
        if (c.MatchedAt is null) throw new DomainException("Immersion.Error.NotMatched");
        var placements = await db.ImmersionPlacements.Where(p => p.CampaignId == c.Id).ToListAsync(ct);
        int invited = 0, updated = 0, cancelled = 0;
        foreach (var p in placements)
        {
            switch (await PublishOneAsync(c, p, ct))
            {
                case PublishStep.Invited: invited++; break;
                case PublishStep.Updated: updated++; break;
                case PublishStep.Cancelled: cancelled++; break;
            }
        }
        await SyncHostDaysAsync(c, placements, null, ct);
        c.PublishedAt = clock.GetUtcNow();
        await SaveAsync(c, ct);
        LogPublished(log, c.Id, invited, updated, cancelled);
        return new PublishOutcome(invited, updated, cancelled);
    }

    private enum PublishStep { None, Invited, Updated, Cancelled }

    private async Task<PublishStep> PublishOneAsync(ImmersionCampaign c, ImmersionPlacement p, CancellationToken ct)
    {
        var entry = p.CalendarEntryId is { } eid ? await calendar.GetAsync(eid, ct) : null;
        if (p.OfferDateId is null)
        {
            if (entry is null || entry.IsCancelled) return PublishStep.None;
            await calendar.CancelAsync(entry, null, ct);
            return PublishStep.Cancelled;
        }
        var (spec, invitees) = await SpecAsync(c, p, ct);
        if (entry is null || entry.IsCancelled)
        {
            entry = await calendar.ScheduleAsync(spec, invitees, ct);
            p.CalendarEntryId = entry.Id;
            return PublishStep.Invited;
        }
        return await calendar.UpdateAsync(entry, spec, invitees, ct) ? PublishStep.Updated : PublishStep.None;
    }

    private async Task<(CalendarEntrySpec, List<InviteeSpec>)> SpecAsync(ImmersionCampaign c, ImmersionPlacement p, CancellationToken ct)
    {
        var date = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer).FirstAsync(d => d.Id == p.OfferDateId, ct);
        var o = date.Offer!;
        var who = await db.ImmersionParticipants.AsNoTracking().FirstAsync(x => x.Id == p.ParticipantId, ct);
        // The host is not invited here: they get one invitation per day listing all their visitors (SyncHostDaysAsync).
        var invitees = new List<InviteeSpec> { new(who.Email, who.Name, who.Language, who.UserId) };
        if (who.TeamId is { } team)
        {
            var lead = await (from s in db.Services join u in db.Users on s.LeadUserId equals u.Id where s.Id == team && u.ErasedAt == null select u).AsNoTracking().FirstOrDefaultAsync(ct);
            if (lead?.Email is { } mail && lead.Id != who.UserId) invitees.Add(new InviteeSpec(mail, lead.DisplayName, lead.Language, lead.Id, Optional: true));
        }
        string Describe(string l)
        {
            var sb = new StringBuilder()
                .AppendLine(texts.Format("Immersion.Calendar.Visitor", l, who.Name))
                .AppendLine(texts.Format("Immersion.Calendar.Host", l, o.Organisation, o.Domain))
                .AppendLine(texts.Format("Immersion.Calendar.Contact", l, o.ContactName, o.ContactEmail, o.ContactPhone ?? ""))
                .AppendLine().AppendLine(texts.Get("Immersion.Calendar.WhatYouWillSee", l)).AppendLine(o.WhatYouWillSee);
            var text = sb.ToString().TrimEnd();
            return text.Length > CalendarEntry.DescriptionMaxLength ? text[..(CalendarEntry.DescriptionMaxLength - 1)] + "…" : text;
        }
        string Title(string l) => texts.Format("Immersion.Calendar.Title", l, o.Organisation, who.Name);
        var spec = new CalendarEntrySpec
        {
            OwnerType = ImmersionLinks.PlacementOwnerType, OwnerId = p.Id,
            Start = CalendarTime.FromLocal(date.Date, o.StartTime), End = CalendarTime.FromLocal(date.Date, o.EndTime),
            Title = new LocalizedText(Title("fr"), Title("nl"), Title("en")),
            Description = new LocalizedText(Describe("fr"), Describe("nl"), Describe("en")),
            Location = o.Address, LinkPath = ImmersionLinks.DebriefPath(p.Id),
            OrganizerName = c.ContactName, OrganizerEmail = c.ContactEmail, OrganizerUserId = c.CoordinatorUserId,
            ShowInviteeList = true,
        };
        return (spec, invitees);
    }

    // ------------------------------------------------------------------ the host's day

    /// <summary>
    /// The host (the offer's contact person) gets ONE invitation per offer-date, listing the visitors of that day, not one
    /// per visitor: invited when the first visitor is published, updated (higher SEQUENCE) when the list changes,
    /// cancelled when nobody remains. Visitors are the published places (with an invitation) of <paramref name="placements"/>,
    /// which must hold every current place of the campaign (tracked, unsaved changes included).
    /// <paramref name="only"/> limits the work to some days. Does not save.
    /// </summary>
    private async Task SyncHostDaysAsync(ImmersionCampaign c, IReadOnlyCollection<ImmersionPlacement> placements, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var visitorsByDay = placements.Where(p => p.OfferDateId != null && p.CalendarEntryId != null)
            .GroupBy(p => p.OfferDateId!.Value).ToDictionary(g => g.Key, g => g.Select(p => p.ParticipantId).ToList());
        var dateIds = await db.ImmersionOfferDates.Where(d => d.Offer!.CampaignId == c.Id).Select(d => d.Id).ToListAsync(ct);
        if (only is not null) dateIds = dateIds.Intersect(only).ToList();
        var entries = (await db.CalendarEntries.Where(e => e.OwnerType == ImmersionLinks.HostDayOwnerType && dateIds.Contains(e.OwnerId)).ToListAsync(ct))
            .GroupBy(e => e.OwnerId).ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.CreatedAt).First());
        var names = visitorsByDay.Count == 0 ? [] : await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == c.Id)
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        foreach (var dateId in dateIds)
        {
            var entry = entries.GetValueOrDefault(dateId);
            var visitors = visitorsByDay.GetValueOrDefault(dateId)?.Where(names.ContainsKey).Select(id => names[id]).Order(StringComparer.CurrentCulture).ToList() ?? [];
            if (visitors.Count == 0)
            {
                if (entry is { IsCancelled: false }) await calendar.CancelAsync(entry, null, ct);
                continue;
            }
            var date = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer).FirstAsync(d => d.Id == dateId, ct);
            var (spec, host) = HostDaySpec(c, date, visitors);
            if (entry is null || entry.IsCancelled) await calendar.ScheduleAsync(spec, [host], ct);
            else await calendar.UpdateAsync(entry, spec, [host], ct);
        }
    }

    private (CalendarEntrySpec, InviteeSpec) HostDaySpec(ImmersionCampaign c, ImmersionOfferDate date, List<string> visitors)
    {
        var o = date.Offer!;
        string Describe(string l)
        {
            var sb = new StringBuilder().AppendLine(texts.Format("Immersion.Calendar.HostVisitors", l, visitors.Count));
            foreach (var v in visitors) sb.AppendLine("- " + v);
            sb.AppendLine().AppendLine(texts.Format("Immersion.Calendar.HostCoordination", l, c.Name, c.ContactName, c.ContactEmail));
            var text = sb.ToString().TrimEnd();
            return text.Length > CalendarEntry.DescriptionMaxLength ? text[..(CalendarEntry.DescriptionMaxLength - 1)] + "…" : text;
        }
        string Title(string l) => texts.Format("Immersion.Calendar.HostTitle", l, o.Title);
        var spec = new CalendarEntrySpec
        {
            OwnerType = ImmersionLinks.HostDayOwnerType, OwnerId = date.Id,
            Start = CalendarTime.FromLocal(date.Date, o.StartTime), End = CalendarTime.FromLocal(date.Date, o.EndTime),
            Title = new LocalizedText(Title("fr"), Title("nl"), Title("en")),
            Description = new LocalizedText(Describe("fr"), Describe("nl"), Describe("en")),
            Location = o.Address,
            OrganizerName = c.ContactName, OrganizerEmail = c.ContactEmail, OrganizerUserId = c.CoordinatorUserId,
        };
        return (spec, new InviteeSpec(o.ContactEmail, o.ContactName, HostLanguage(o)));
    }

    /// <summary>Every current place of the campaign: the database's, with this unit of work's additions and removals.</summary>
    private async Task<List<ImmersionPlacement>> CurrentPlacementsAsync(Guid campaignId, CancellationToken ct)
    {
        await db.ImmersionPlacements.Where(p => p.CampaignId == campaignId).LoadAsync(ct);
        return db.ImmersionPlacements.Local.Where(p => p.CampaignId == campaignId).ToList();
    }

    // ------------------------------------------------------------------ removing a participant

    /// <summary>
    /// Takes a participant out of the campaign. A sent invitation is withdrawn at once (CANCEL to the worker and their
    /// team lead) and the host's day invitation loses the visitor (or is cancelled when nobody remains). Saves.
    /// </summary>
    public async Task RemoveParticipantAsync(Guid campaignId, Guid participantId, CancellationToken ct = default)
    {
        var c = await db.ImmersionCampaigns.FirstOrDefaultAsync(x => x.Id == campaignId, ct) ?? throw DomainException.NotFound();
        var person = await db.ImmersionParticipants.FirstOrDefaultAsync(x => x.Id == participantId && x.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        var placements = await CurrentPlacementsAsync(c.Id, ct);
        var mine = placements.FirstOrDefault(p => p.ParticipantId == person.Id);
        if (mine is not null)
        {
            if (mine.CalendarEntryId is { } eid && await calendar.GetAsync(eid, ct) is { IsCancelled: false } entry)
                await calendar.CancelAsync(entry, null, ct);
            db.ImmersionPlacements.Remove(mine);
            placements.Remove(mine);
            if (mine.OfferDateId is { } day) await SyncHostDaysAsync(c, placements, [day], ct);
        }
        db.ImmersionParticipants.Remove(person);
        await SaveAsync(c, ct);
    }

    private string HostLanguage(ImmersionOffer o)
        => o.PartnerId is { } pid ? db.ImmersionPartners.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Language).FirstOrDefault() ?? Languages.Default : Languages.Default;

    // ------------------------------------------------------------------ helpers

    private async Task<ImmersionCampaign> CampaignAsync(Guid campaignId, int expectedVersion, CancellationToken ct)
    {
        var c = await db.ImmersionCampaigns.FirstOrDefaultAsync(x => x.Id == campaignId, ct) ?? throw DomainException.NotFound();
        if (c.Version != expectedVersion) throw new DomainException("Immersion.Error.Stale");
        return c;
    }

    private async Task SaveAsync(ImmersionCampaign c, CancellationToken ct)
    {
        c.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("Immersion.Error.Stale");
        }
    }

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId} matched with seed {Seed}: {Matched}/{Workers}, {Kept} manual places kept")]
    private static partial void LogMatched(ILogger logger, Guid campaignId, int seed, int matched, int workers, int kept);

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId} published: {Invited} invited, {Updated} updated, {Cancelled} cancelled")]
    private static partial void LogPublished(ILogger logger, Guid campaignId, int invited, int updated, int cancelled);
}
