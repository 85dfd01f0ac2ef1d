using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>An action item of one of the case's conferences, for the follow-up after the meeting.</summary>
/// <param name="Stamp">What the editor saw (owner, due date, status): sent back with a change so a change made
/// meanwhile by someone else is refused instead of silently overwritten.</param>
/// <param name="HardDeadline">Text key of the hard external deadline's kind, if any (it wins over the due date).</param>
public sealed record CaseActionView(Guid Id, Guid ConferenceId, string ConferenceTitle, string Text, Guid? OwnerId, string? OwnerName,
    DateOnly? DueDate, DateOnly? HardDeadline, string? HardDeadlineKind, ActionStatus Status, bool Overdue, bool CanEdit, bool RoomClosed, string Stamp);

public sealed record ActionChange(Guid? OwnerId, DateOnly? DueDate, ActionStatus Status);

/// <summary>
/// Follow-up of a conference's action items once the meeting is over: the facilitator or the action's owner changes
/// its owner, due date and status (open, done, cancelled). Concurrent edits are refused ("changed meanwhile").
/// While the room is open, actions are handled in the room itself.
/// </summary>
public sealed class CaseActionService(CaseHubDbContext db, CaseService cases, Audit.AuditLog audit, TimeProvider clock)
{
    public async Task<List<CaseActionView>> ForCaseAsync(Guid caseId, Guid userId, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var rows = await (from c in db.Conferences.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on c.RoomId equals r.Id
                          join a in db.ActionItems.AsNoTracking() on r.Id equals a.RoomId
                          where c.CaseId == caseId
                          select new { ConferenceId = c.Id, r.Title, r.Status, Action = a, Owner = a.Owner!.DisplayName }).ToListAsync(ct);
        var ids = rows.Select(x => x.Action.Id).ToList();
        var hard = await db.ActionDeadlines.AsNoTracking().Where(d => ids.Contains(d.ActionId)).ToDictionaryAsync(d => d.ActionId, ct);
        return rows.OrderBy(x => x.Action.Status).ThenBy(x => hard.TryGetValue(x.Action.Id, out var h) ? h.Deadline : x.Action.DueDate ?? DateOnly.MaxValue)
            .ThenBy(x => x.Action.CreatedAt)
            .Select(x =>
            {
                var a = x.Action;
                var h = hard.GetValueOrDefault(a.Id);
                var due = h?.Deadline ?? a.DueDate;
                return new CaseActionView(a.Id, x.ConferenceId, x.Title, a.Text, a.OwnerId, a.OwnerId is null ? null : x.Owner, a.DueDate, h?.Deadline,
                    h is null ? null : "Conference.DeadlineKind." + h.Kind, a.Status, a.Status == ActionStatus.Open && due is { } d && d < today,
                    (viewer.IsFacilitator || a.OwnerId == userId) && x.Status == RoomStatus.Closed, x.Status == RoomStatus.Closed, Stamp(a));
            }).ToList();
    }

    /// <summary>A fingerprint of what an edit may change; equal stamps mean nobody changed the action meanwhile.</summary>
    public static string Stamp(ActionItem a)
        => string.Create(CultureInfo.InvariantCulture, $"{a.OwnerId?.ToString("N") ?? "-"}.{a.DueDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "-"}.{(int)a.Status}");

    /// <summary>
    /// Changes an action of the case after its meeting. Allowed to the case's facilitator and the action's owner;
    /// <paramref name="seenStamp"/> is <see cref="CaseActionView.Stamp"/> as the editor saw it.
    /// </summary>
    public async Task UpdateAsync(Guid caseId, Guid actionId, Guid userId, ActionChange change, string? seenStamp, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var found = await (from a in db.ActionItems.AsNoTracking()
                           join r in db.Rooms.AsNoTracking() on a.RoomId equals r.Id
                           join c in db.Conferences.AsNoTracking() on r.Id equals c.RoomId
                           where a.Id == actionId && c.CaseId == caseId
                           select new { Action = a, r.Status }).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound();
        var action = found.Action;
        // First "changed meanwhile": the editor may have been its owner in the state they saw (reassigned since).
        if (seenStamp != Stamp(action)) throw new DomainException("Conference.Error.ActionChanged");
        if (!viewer.IsFacilitator && action.OwnerId != userId) throw DomainException.Forbidden();
        if (found.Status != RoomStatus.Closed) throw new DomainException("Conference.Error.ActionRoomOpen");

        if (!Enum.IsDefined(change.Status)) throw new DomainException("Error.InvalidValue") { Field = "Status" };
        if (change.OwnerId is { } owner && owner != action.OwnerId
            && !await db.CaseMembers.AnyAsync(m => m.CaseId == caseId && m.UserId == owner, ct))
            throw new DomainException("Conference.Error.NotCaseMember") { Field = "OwnerId" };
        var hard = await db.ActionDeadlines.FirstOrDefaultAsync(d => d.ActionId == actionId, ct);
        if (change.OwnerId is null && hard is not null) throw new DomainException("Conference.Error.DeadlineNeedsOwner") { Field = "OwnerId" };
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        if (change.DueDate is { } due && due != action.DueDate && (due < today || due > today.AddYears(2)))
            throw new DomainException("Conference.Error.DueDate") { Field = "DueDate" };

        var stamp = Stamp(action);
        var next = new ActionItem { OwnerId = change.OwnerId, DueDate = change.DueDate, Status = change.Status };
        if (Stamp(next) == stamp) return; // nothing to change
        var completedAt = change.Status == ActionStatus.Open ? null : action.Status == change.Status ? action.CompletedAt : clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on what the editor saw: another edit in between makes this update touch no row.
        var updated = await db.ActionItems
            .Where(a => a.Id == actionId && a.OwnerId == action.OwnerId && a.DueDate == action.DueDate && a.Status == action.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.OwnerId, change.OwnerId).SetProperty(a => a.DueDate, change.DueDate)
                .SetProperty(a => a.Status, change.Status).SetProperty(a => a.CompletedAt, completedAt), ct);
        if (updated == 0) throw new DomainException("Conference.Error.ActionChanged");
        // A new owner gets their own reminder of a hard deadline.
        if (hard is not null && change.OwnerId != action.OwnerId) hard.RemindedAt = null;
        var what = new List<string>();
        if (change.OwnerId != action.OwnerId) what.Add("owner");
        if (change.DueDate != action.DueDate) what.Add("due");
        if (change.Status != action.Status) what.Add("status=" + change.Status);
        audit.Record(db, userId, "Conferences.ActionUpdated", "ActionItem", actionId, string.Join(' ', what));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
