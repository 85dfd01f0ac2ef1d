using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// The seat engine. Every change to a day's seats runs in one transaction that begins by updating the day row
/// (<see cref="WithDayLockAsync{T}"/>): on SQLite that takes the database write lock, on PostgreSQL the row lock, so
/// the bookings, cancellations, offers and promotions of one day happen one after the other on every node, without
/// depending on any in-process lock. (One node still lets a burst for the same day wait its turn in memory,
/// <see cref="DiscoveryDayTurns"/>, rather than each request holding a pooled connection while it waits on the row.)
/// Inside it a seat is taken only by the conditional
/// <c>UPDATE … SET SeatsTaken = SeatsTaken + 1 WHERE Id = @id AND SeatsTaken &lt; Capacity</c>, so the count can never
/// pass the capacity; waiting-list numbers come from the same row, so they are distinct and consecutive.
/// Mails decided under the lock are queued as drafts (<see cref="Outbox.EnqueueDraftAsync"/>) in the same transaction
/// and composed after the commit, so the lock is held for the seat decision only.
/// </summary>
public sealed partial class DiscoverySeats(
    CaseHubDbContext db,
    Outbox outbox,
    DiscoveryMails mails,
    DiscoveryCalendar calendar,
    IOptions<DiscoveryDayOptions> options,
    TimeProvider clock,
    DiscoveryDayTurns turns,
    ILogger<DiscoverySeats> log)
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the day's lock, with the day freshly loaded (tracked, with
    /// its programme), then saves and commits. Any exception rolls everything back (no partial booking).
    /// Unknown day: not found.
    /// </summary>
    public Task<T> WithDayLockAsync<T>(Guid dayId, Func<DiscoveryDay, Task<T>> work, CancellationToken ct)
        => WithLocksAsync([dayId], days => work(days[0]), ct);

    /// <summary>
    /// <see cref="WithDayLockAsync{T}"/> for two days at once (a booking moving from one to the other). The rows are
    /// locked in id order, so two opposite moves on PostgreSQL wait for each other instead of deadlocking.
    /// </summary>
    public Task<T> WithDaysLockAsync<T>(Guid fromDayId, Guid toDayId, Func<DiscoveryDay, DiscoveryDay, Task<T>> work, CancellationToken ct)
        => WithLocksAsync([fromDayId, toDayId], days => work(days[0], days[1]), ct);

    private async Task<T> WithLocksAsync<T>(Guid[] dayIds, Func<DiscoveryDay[], Task<T>> work, CancellationToken ct)
    {
        using var turn = await turns.TakeAsync(dayIds, ct);
        db.ChangeTracker.Clear(); // everything below is read after the lock, never from an earlier snapshot
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var id in dayIds.Distinct().Order())
        {
            var locked = await db.DiscoveryDays.Where(d => d.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, d => d.Version + 1), ct);
            if (locked == 0) throw DomainException.NotFound();
        }
        var days = new DiscoveryDay[dayIds.Length];
        for (var i = 0; i < dayIds.Length; i++)
            days[i] = await db.DiscoveryDays.Include(d => d.Programme).FirstAsync(d => d.Id == dayIds[i], ct);
        var result = await work(days);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // The mails were queued above as light drafts: composing them (Markdown → HTML → MIME) took most of the time the
        // lock was held, and on SQLite that lock is the whole database's. Composed now, outside it; a crash right here
        // loses nothing, since the dispatcher composes a draft it finds.
        await outbox.ComposeDraftsAsync(db, CancellationToken.None);
        return result;
    }

    /// <summary>Takes a free seat if there is one (the atomic conditional update). Call under the day lock.</summary>
    internal async Task<bool> TakeSeatAsync(Guid dayId, CancellationToken ct)
        => await db.DiscoveryDays.Where(d => d.Id == dayId && d.SeatsTaken < d.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.SeatsTaken, d => d.SeatsTaken + 1), ct) == 1;

    internal Task ReleaseSeatAsync(Guid dayId, CancellationToken ct)
        => db.DiscoveryDays.Where(d => d.Id == dayId && d.SeatsTaken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.SeatsTaken, d => d.SeatsTaken - 1), ct);

    /// <summary>The next waiting-list number of the day. Call under the day lock.</summary>
    internal async Task<int> IssueWaitlistNumberAsync(Guid dayId, CancellationToken ct)
    {
        await db.DiscoveryDays.Where(d => d.Id == dayId).ExecuteUpdateAsync(s => s.SetProperty(d => d.WaitlistIssued, d => d.WaitlistIssued + 1), ct);
        return await db.DiscoveryDays.Where(d => d.Id == dayId).Select(d => d.WaitlistIssued).FirstAsync(ct);
    }

    /// <summary>1 for the first person waiting, 2 for the next… (0 when not on the list).</summary>
    public async Task<int> PositionAsync(DiscoveryBooking b, CancellationToken ct)
    {
        if (b.Status != BookingStatus.Waitlisted || b.WaitlistNumber is not { } number) return 0;
        return await db.DiscoveryBookings.CountAsync(x => x.DayId == b.DayId && x.Status == BookingStatus.Waitlisted && x.WaitlistNumber < number, ct) + 1;
    }

    /// <summary>
    /// How long the next person gets to accept a freed seat, or null to give it at once: never more than the organiser's
    /// hours, never more than a share of the time left before the day, and not worth it below a minimum.
    /// </summary>
    public static TimeSpan? OfferWindow(DiscoveryDay day, DateTimeOffset now, DiscoveryDayOptions o)
    {
        if (day.WaitlistMode != WaitlistMode.TimedOffer || day.OfferHours <= 0) return null;
        var left = day.Start - now;
        if (left <= TimeSpan.Zero) return null;
        var window = TimeSpan.FromHours(day.OfferHours);
        var cap = left * o.OfferShareOfTimeLeft;
        if (cap < window) window = cap;
        window = TimeSpan.FromSeconds(Math.Floor(window.TotalSeconds));
        return window < TimeSpan.FromHours(o.OfferMinimumHours) ? null : window;
    }

    /// <summary>
    /// Gives free seats to the waiting list, in order: a confirmed seat (mail + invitation) or a time-limited offer.
    /// Call under the day lock. Nothing happens once the day has started or when it is cancelled.
    /// </summary>
    internal async Task<int> FillAsync(DiscoveryDay day, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (day.IsCancelled || day.HasStarted(now)) return 0;
        await db.SaveChangesAsync(ct); // pending changes (capacity, earlier promotions) must be visible to the SQL below
        var promoted = 0;
        while (true)
        {
            var next = await db.DiscoveryBookings
                .Where(b => b.DayId == day.Id && b.Status == BookingStatus.Waitlisted)
                .OrderBy(b => b.WaitlistNumber)
                .FirstOrDefaultAsync(ct);
            if (next is null || !await TakeSeatAsync(day.Id, ct)) break;
            if (OfferWindow(day, now, options.Value) is { } window) await OfferAsync(day, next, now + window, ct);
            else await ConfirmAsync(day, next, "Discovery.Mail.Promoted.Intro", ct);
            await db.SaveChangesAsync(ct);
            promoted++;
        }
        if (promoted > 0) LogPromoted(log, day.Id, promoted);
        return promoted;
    }

    /// <summary>The booking now has its seat: calendar invitee, fresh manage link, confirmation mail with the invitation.</summary>
    internal async Task ConfirmAsync(DiscoveryDay day, DiscoveryBooking b, string introKey, CancellationToken ct)
    {
        var ics = await SeatAsync(day, b, ct);
        var (token, _) = NewToken(b, clock.GetUtcNow());
        await outbox.EnqueueDraftAsync(db, mails.Confirmed(day, b, token, ics, introKey), ct);
    }

    /// <summary>Marks the booking confirmed and makes it a calendar invitee; returns its REQUEST. The seat is already taken.</summary>
    internal async Task<string> SeatAsync(DiscoveryDay day, DiscoveryBooking b, CancellationToken ct)
    {
        b.Status = BookingStatus.Confirmed;
        b.ConfirmedAt = clock.GetUtcNow();
        b.OfferExpiresAt = null;
        var entry = await calendar.EntryAsync(day, ct);
        return await calendar.AddAsync(entry, b, ct);
    }

    private async Task OfferAsync(DiscoveryDay day, DiscoveryBooking b, DateTimeOffset expires, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        b.Status = BookingStatus.Offered;
        b.OfferedAt = now;
        b.OfferExpiresAt = expires;
        var (token, _) = NewToken(b, now);
        await outbox.EnqueueDraftAsync(db, mails.Offer(day, b, token), ct);
    }

    /// <summary>
    /// Ends an active booking (cancelled, declined, released, lapsed): leaves the calendar (CANCEL for them alone),
    /// tells the person, frees the seat if it held one. The caller then calls <see cref="FillAsync"/>. Under the day lock.
    /// </summary>
    internal async Task<bool> EndAsync(DiscoveryDay day, DiscoveryBooking b, BookingStatus status, CancelledBy? by, CancellationToken ct)
    {
        if (!b.IsActive) return false;
        var before = b.Status;
        var cancelIcs = await LeaveAsync(day, b, status, by, ct);
        await outbox.EnqueueDraftAsync(db, status == BookingStatus.OfferLapsed ? mails.OfferLapsed(day, b) : mails.Ended(day, b, before, cancelIcs), ct);
        return true;
    }

    /// <summary>
    /// <see cref="EndAsync"/> without the mail: the booking ends, leaves the calendar (its CANCEL is returned, null when it
    /// held no confirmed seat) and frees the seat it held. Under the day lock; the caller tells the person.
    /// </summary>
    internal async Task<string?> LeaveAsync(DiscoveryDay day, DiscoveryBooking b, BookingStatus status, CancelledBy? by, CancellationToken ct)
    {
        var before = b.Status;
        b.Status = status;
        b.EmailKey = null;
        b.CancelledAt = clock.GetUtcNow();
        b.CancelledBy = by;
        string? cancelIcs = null;
        if (before == BookingStatus.Confirmed) cancelIcs = await calendar.RemoveAsync(await calendar.EntryAsync(day, ct), b, ct);
        if (before is BookingStatus.Confirmed or BookingStatus.Offered)
        {
            await db.SaveChangesAsync(ct);
            await ReleaseSeatAsync(day.Id, ct);
        }
        return cancelIcs;
    }

    /// <summary>Offers whose time is up pass on to the next person. Idempotent; safe on several nodes.</summary>
    public Task<int> ExpireOffersAsync(Guid dayId, CancellationToken ct)
        => WithDayLockAsync(dayId, async day =>
        {
            var now = clock.GetUtcNow();
            var lapsed = await db.DiscoveryBookings
                .Where(b => b.DayId == day.Id && b.Status == BookingStatus.Offered && b.OfferExpiresAt <= now)
                .OrderBy(b => b.WaitlistNumber).ToListAsync(ct);
            foreach (var b in lapsed) await EndAsync(day, b, BookingStatus.OfferLapsed, null, ct);
            if (lapsed.Count > 0) LogLapsed(log, day.Id, lapsed.Count);
            await FillAsync(day, ct);
            return lapsed.Count;
        }, ct);

    /// <summary>A new manage link for the booking (only its hash is stored).</summary>
    internal (string Token, DiscoveryBookingToken Row) NewToken(DiscoveryBooking b, DateTimeOffset now)
    {
        var token = SecureToken.New();
        var row = new DiscoveryBookingToken { BookingId = b.Id, TokenHash = SecureToken.Hash(token), CreatedAt = now };
        db.DiscoveryBookingTokens.Add(row);
        return (token, row);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId}: {Count} waiting-list booking(s) promoted")]
    private static partial void LogPromoted(ILogger logger, Guid dayId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId}: {Count} offer(s) lapsed")]
    private static partial void LogLapsed(ILogger logger, Guid dayId, int count);
}

/// <summary>This node's queue per discovery day in front of the day's database lock (see <see cref="KeyedTurns{TKey}"/>).</summary>
public sealed class DiscoveryDayTurns : KeyedTurns<Guid>;
