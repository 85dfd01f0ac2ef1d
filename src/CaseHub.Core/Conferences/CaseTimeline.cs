using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

public enum TimelineKind { Conference, Position, Outcome, Action, Handover, Message, Document, FollowUp }

/// <summary>One line of a case's history. <see cref="Text"/> is user text (pseudonymised) or a room title.</summary>
/// <param name="PlannedFor">A conference held on another day than planned: the day it was planned for (it is listed under the day it was held).</param>
public sealed record TimelineItem(DateTimeOffset At, TimelineKind Kind, string Text, string? Detail, Guid? ConferenceId, Guid? RoomId,
    string? Status = null, DateOnly? Due = null, bool Overdue = false, string? Who = null, DateTimeOffset? PlannedFor = null);

public sealed record DashboardCase(Guid Id, string Code, string Service, string? Orientation, DateOnly? ReviewDate);
public sealed record DashboardAction(Guid CaseId, string CaseCode, string Text, string? Owner, DateOnly Due);
public sealed record DashboardConference(Guid ConferenceId, Guid RoomId, string CaseCode, string Title, DateTimeOffset Start, RoomStatus Status);

/// <summary>Aggregates over all decided conferences; null when fewer than <see cref="CaseTimeline.MinGroup"/> cases (no small groups).</summary>
public sealed record ConferenceFigures(int Cases, int ConferencesHeld, int AgreementPercent, double? MedianDaysToDecision);

public sealed record FacilitatorDashboard(IReadOnlyList<DashboardCase> OpenDisagreements, IReadOnlyList<DashboardCase> UpcomingReviews,
    IReadOnlyList<DashboardAction> OverdueActions, IReadOnlyList<DashboardConference> ThisWeek, ConferenceFigures? Figures);

/// <summary>The case timeline (as the viewer may see it) and the facilitator's dashboard.</summary>
public sealed class CaseTimeline(CaseHubDbContext db, People people, CaseService cases, ConferenceService conferences, HandoverService handovers,
    CaseThreadService thread, TimeProvider clock)
{
    /// <summary>Figures are never shown for fewer cases than this (no surveillance, no re-identification).</summary>
    public const int MinGroup = 5;

    public async Task<List<TimelineItem>> ForCaseAsync(Guid caseId, Guid userId, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var items = new List<TimelineItem>();
        var list = await db.Conferences.AsNoTracking().Where(c => c.CaseId == caseId)
            .Join(db.Rooms, c => c.RoomId, r => r.Id, (c, r) => new { c, r }).ToListAsync(ct);
        var names = await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId).Select(m => new { m.UserId, m.User!.DisplayName })
            .ToDictionaryAsync(m => m.UserId, m => m.DisplayName, ct);
        foreach (var x in list)
        {
            var heldElsewhen = x.r.StartedAt is { } held && CalendarTime.LocalDate(held) != CalendarTime.LocalDate(x.r.ScheduledStart);
            items.Add(new TimelineItem(x.r.StartedAt ?? x.r.ScheduledStart, TimelineKind.Conference, x.r.Title, x.r.Location, x.c.Id, x.r.Id, x.r.Status.ToString(),
                PlannedFor: heldElsewhen ? x.r.ScheduledStart : null));
            var (visible, _, _) = await conferences.PositionsForAsync(x.c, viewer, ct);
            foreach (var p in visible)
                items.Add(new TimelineItem(p.UpdatedAt, TimelineKind.Position, p.Situation, p.ProposedOrientation, x.c.Id, x.r.Id, p.IsPersonVoice ? "Person" : p.Party, Who: p.IsPersonVoice ? null : p.AuthorName));
            if (x.c.DecidedAt is { } decided)
                items.Add(new TimelineItem(decided, TimelineKind.Outcome, x.c.NoAgreement ? (x.c.EscalationTarget ?? "") : (x.c.OrientationKey ?? ""),
                    x.c.NoAgreement ? x.c.Reasons : x.c.OrientationDetail, x.c.Id, x.r.Id, x.c.NoAgreement ? "NoAgreement" : "Agreement", x.c.ReviewDate));
            var actions = await db.ActionItems.AsNoTracking().Where(a => a.RoomId == x.r.Id).ToListAsync(ct);
            var hard = await db.ActionDeadlines.AsNoTracking().Where(d => d.ConferenceId == x.c.Id).ToDictionaryAsync(d => d.ActionId, ct);
            foreach (var a in actions)
            {
                // A hard external deadline (employer start, aid expiry, legal period) wins over the soft due date.
                var due = hard.TryGetValue(a.Id, out var h) ? h.Deadline : a.DueDate;
                var overdue = a.Status == ActionStatus.Open && due is { } d && d < today;
                items.Add(new TimelineItem(a.CreatedAt, TimelineKind.Action, a.Text, h is null ? null : "Conference.DeadlineKind." + h.Kind, x.c.Id, x.r.Id, a.Status.ToString(), due, overdue,
                    a.OwnerId is { } o ? names.GetValueOrDefault(o) ?? await db.Users.Where(u => u.Id == o).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null));
            }
        }
        foreach (var h in await handovers.ForCaseAsync(caseId, userId, ct))
            items.Add(new TimelineItem(h.CreatedAt, TimelineKind.Handover, h.Note, null, null, null, h.Visibility, Who: $"{h.FromName} → {h.ToName}"));
        // The thread, as this reader may read it (the page that shows the timeline records the read).
        foreach (var m in await thread.VisibleAsync(caseId, viewer, ct))
            items.Add(new TimelineItem(m.CreatedAt, TimelineKind.Message, m.Text, m.Kind, null, null, m.Visibility, Who: m.AuthorName));
        // Documents provided (every member sees them) and the collaboration model's follow-up.
        var docs = await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(ct);
        var follow = await db.CaseFollowUps.AsNoTracking().Where(f => f.CaseId == caseId).ToListAsync(ct);
        var who = await people.NamesAsync(docs.Select(d => d.AddedBy).Concat(follow.Select(f => f.UserId)), ct);
        foreach (var d in docs)
            items.Add(new TimelineItem(d.AddedAt, TimelineKind.Document, d.TypeKey, null, null, null, Due: d.ValidUntil, Who: who.GetValueOrDefault(d.AddedBy)));
        foreach (var f in follow)
            items.Add(new TimelineItem(f.At, TimelineKind.FollowUp, f.Kind.ToString(), f.Model.ToString(), null, null, Due: f.Date, Who: who.GetValueOrDefault(f.UserId)));
        return items.OrderByDescending(i => i.At).ToList();
    }

    public async Task<FacilitatorDashboard> DashboardAsync(Guid facilitatorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = CalendarTime.LocalDate(now);
        var mine = await db.ConferenceCases.AsNoTracking().Where(c => c.FacilitatorId == facilitatorId).ToListAsync(ct);
        var serviceIds = mine.Where(c => c.ServiceId != null).Select(c => c.ServiceId!.Value).Distinct().ToList();
        var services = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        DashboardCase Row(ConferenceCase c) => new(c.Id, c.Code, c.ServiceId is { } s ? services.GetValueOrDefault(s, "—") : c.LegacyService ?? "—", c.CurrentOrientation, c.ReviewDate);
        var open = mine.Where(c => c.OpenDisagreement).Select(Row).ToList();
        var reviews = mine.Where(c => c.ReviewDate is { } r && r <= today.AddDays(30)).OrderBy(c => c.ReviewDate).Select(Row).ToList();
        var ids = mine.Select(c => c.Id).ToList();
        var codes = mine.ToDictionary(c => c.Id, c => c.Code);

        var rooms = await db.Conferences.AsNoTracking().Where(c => ids.Contains(c.CaseId))
            .Join(db.Rooms, c => c.RoomId, r => r.Id, (c, r) => new { c, r }).ToListAsync(ct);
        var roomIds = rooms.Select(x => x.r.Id).ToList();
        var caseOfRoom = rooms.ToDictionary(x => x.r.Id, x => x.c.CaseId);
        var overdue = (await db.ActionItems.AsNoTracking().Where(a => roomIds.Contains(a.RoomId) && a.Status == ActionStatus.Open && a.DueDate != null && a.DueDate < today)
                .Select(a => new { a.RoomId, a.Text, Owner = a.Owner!.DisplayName, a.DueDate }).ToListAsync(ct))
            .OrderBy(a => a.DueDate).Select(a => new DashboardAction(caseOfRoom[a.RoomId], codes[caseOfRoom[a.RoomId]], a.Text, a.Owner, a.DueDate!.Value)).ToList();

        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStart = CalendarTime.FromLocal(monday, TimeOnly.MinValue);
        var weekEnd = CalendarTime.FromLocal(monday.AddDays(7), TimeOnly.MinValue);
        var week = rooms.Where(x => x.r.ScheduledStart >= weekStart && x.r.ScheduledStart < weekEnd && x.r.Status != RoomStatus.Cancelled)
            .OrderBy(x => x.r.ScheduledStart)
            .Select(x => new DashboardConference(x.c.Id, x.r.Id, codes[x.c.CaseId], x.r.Title, x.r.ScheduledStart, x.r.Status)).ToList();
        return new FacilitatorDashboard(open, reviews, overdue, week, await FiguresAsync(facilitatorId, ct));
    }

    /// <summary>
    /// Figures over the decided conferences <paramref name="viewerId"/> may look at in aggregate: the cases facilitated
    /// within their own organisation (without an organisation: the cases they are on). Null under <see cref="MinGroup"/>
    /// cases, so a small team's figures never point at a person.
    /// </summary>
    public async Task<ConferenceFigures?> FiguresAsync(Guid viewerId, CancellationToken ct = default)
    {
        var organisationId = await people.OrganisationOfAsync(viewerId, ct);
        var scope = organisationId is { } org
            ? db.ConferenceCases.Where(c => db.Users.Any(u => u.Id == c.FacilitatorId && u.OrganisationId == org)).Select(c => c.Id)
            : db.CaseMembers.Where(m => m.UserId == viewerId).Select(m => m.CaseId);
        var decided = await db.Conferences.AsNoTracking().Where(c => c.DecidedAt != null && scope.Contains(c.CaseId))
            .Select(c => new { c.Id, c.CaseId, c.NoAgreement, c.DecidedAt }).ToListAsync(ct);
        var caseCount = decided.Select(d => d.CaseId).Distinct().Count();
        if (caseCount < MinGroup) return null;
        var ids = decided.Select(d => d.Id).ToList();
        var firstPositions = (await db.ConferencePositions.AsNoTracking().Where(p => ids.Contains(p.ConferenceId))
                .Select(p => new { p.ConferenceId, p.CreatedAt }).ToListAsync(ct))
            .GroupBy(p => p.ConferenceId).ToDictionary(g => g.Key, g => g.Min(p => p.CreatedAt));
        var days = decided.Where(d => firstPositions.ContainsKey(d.Id))
            .Select(d => (d.DecidedAt!.Value - firstPositions[d.Id]).TotalDays).Order().ToList();
        double? median = days.Count == 0 ? null
            : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
        var agreed = decided.Count(d => !d.NoAgreement);
        return new ConferenceFigures(caseCount, decided.Count, (int)Math.Round(100.0 * agreed / decided.Count),
            median is { } m ? Math.Round(m, 1) : null);
    }
}
