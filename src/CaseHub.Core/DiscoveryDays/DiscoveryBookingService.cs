using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>What the public booking form sends. <see cref="Website"/> is the honeypot: people never see it, bots fill it.</summary>
public sealed record BookingRequest
{
    public string? Name { get; init; }
    public string? Organisation { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
    public string? Needs { get; init; }
    public bool Consent { get; init; }
    /// <summary>Random key put in the form when it was shown: the same form posted twice gives one booking.</summary>
    public string? SubmissionKey { get; init; }
    public string? Website { get; init; }
}

public enum BookingOutcomeKind
{
    /// <summary>A new booking: a seat or a place on the waiting list.</summary>
    Booked,
    /// <summary>The same form was posted again: the booking it made, as it is now.</summary>
    Repeated,
    /// <summary>This address already holds a place on this day; their manage link was mailed again.</summary>
    AlreadyBooked,
    /// <summary>The honeypot was filled: nothing saved, nothing sent.</summary>
    Ignored,
}

public sealed record BookingOutcome(BookingOutcomeKind Kind, BookingStatus? Status = null, int Position = 0, DateTimeOffset? OfferExpiresAt = null)
{
    public static readonly BookingOutcome Ignored = new(BookingOutcomeKind.Ignored);
}

/// <summary>The public filters of the list of days.</summary>
public sealed record DiscoveryDayFilter(DiscoveryAudience? Audience = null, string? Language = null, int? Year = null, int? Month = null);

/// <summary>What the manage page shows.</summary>
public sealed record ManageView(DiscoveryDay Day, DiscoveryBooking Booking, int Position);

/// <summary>Another date of the same programme a booking may move to, with what the person would get there.</summary>
public sealed record OtherDay(DiscoveryDay Day, int Waiting)
{
    public bool HasSeat => Day.SeatsLeft > 0;
}

/// <summary>Where a change of day left the person: their new booking's status, waiting-list position and manage link.</summary>
public sealed record DayChange(BookingStatus Status, int Position, string Token);

/// <summary>
/// The public side of discovery days: the list of upcoming days, booking without an account, and what a person can
/// do through their personal link (update details, cancel, accept or decline an offer, answer "still coming?").
/// </summary>
public sealed partial class DiscoveryBookingService(
    CaseHubDbContext db,
    DiscoverySeats seats,
    DiscoveryMails mails,
    DiscoveryCalendar calendar,
    Outbox outbox,
    IOptions<DiscoveryDayOptions> options,
    TimeProvider clock,
    ILogger<DiscoveryBookingService> log)
{
    /// <summary>Manage links keep working this long after the end of the day, then show "not found".</summary>
    public static readonly TimeSpan ManageLinkGrace = TimeSpan.FromDays(1);

    // ------------------------------------------------------------------ reading

    /// <summary>Upcoming, not cancelled days, soonest first, with their live seat counts.</summary>
    public async Task<IReadOnlyList<DiscoveryDay>> UpcomingAsync(DiscoveryDayFilter filter, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var q = db.DiscoveryDays.AsNoTracking().Where(d => d.Status != DiscoveryDayStatus.Cancelled && d.Start > now && d.PurgedAt == null);
        if (filter.Audience is { } a and not DiscoveryAudience.None) q = q.Where(d => (d.Audience & a) != 0);
        if (filter.Language is { } lang && Languages.IsSupported(lang)) q = q.Where(d => d.Languages.Contains(lang));
        if (filter is { Year: { } y, Month: { } m } && m is >= 1 and <= 12 && y is > 2000 and < 3000)
        {
            var from = CalendarTime.FromLocal(y, m, 1, 0, 0);
            var to = CalendarTime.FromLocal(new DateOnly(y, m, 1).AddMonths(1), TimeOnly.MinValue);
            q = q.Where(d => d.Start >= from && d.Start < to);
        }
        return await q.OrderBy(d => d.Start).Take(200).ToListAsync(ct);
    }

    /// <summary>The months (Brussels time) that have upcoming days, for the month filter.</summary>
    public async Task<IReadOnlyList<(int Year, int Month)>> UpcomingMonthsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var starts = await db.DiscoveryDays.AsNoTracking().Where(d => d.Status != DiscoveryDayStatus.Cancelled && d.Start > now && d.PurgedAt == null)
            .Select(d => d.Start).ToListAsync(ct);
        return starts.Select(CalendarTime.LocalDate).Select(d => (d.Year, d.Month)).Distinct().Order().ToList();
    }

    /// <summary>A day as the public sees it (also past or cancelled ones, which the page shows as such). Purged: not found.</summary>
    public async Task<DiscoveryDay> GetDayAsync(Guid dayId, CancellationToken ct = default)
    {
        var day = await db.DiscoveryDays.AsNoTracking().Include(d => d.Programme).FirstOrDefaultAsync(d => d.Id == dayId && d.PurgedAt == null, ct)
                  ?? throw DomainException.NotFound();
        day.Programme = day.Programme.OrderBy(p => p.Position).ToList();
        return day;
    }

    /// <summary>How many people wait for a seat of the day.</summary>
    public Task<int> WaitingCountAsync(Guid dayId, CancellationToken ct = default)
        => db.DiscoveryBookings.CountAsync(b => b.DayId == dayId && b.Status == BookingStatus.Waitlisted, ct);

    /// <summary>The calendar entry (with its exceptions) of a public day, for its "add to calendar" file; null when the day is unknown or purged.</summary>
    public async Task<CalendarEntry?> PublicEntryAsync(Guid dayId, CancellationToken ct = default)
    {
        var entryId = await db.DiscoveryDays.Where(d => d.Id == dayId && d.PurgedAt == null).Select(d => (Guid?)d.CalendarEntryId).FirstOrDefaultAsync(ct);
        if (entryId is null) return null;
        return await db.CalendarEntries.AsNoTracking().Include(e => e.Exceptions).FirstAsync(e => e.Id == entryId, ct);
    }

    /// <summary>The calendar entries of the upcoming programme, for the public feed.</summary>
    public async Task<IReadOnlyList<CalendarEntry>> PublicFeedEntriesAsync(CancellationToken ct = default)
    {
        var since = clock.GetUtcNow() - TimeSpan.FromDays(30);
        var ids = db.DiscoveryDays.Where(d => d.End >= since && d.PurgedAt == null).Select(d => d.CalendarEntryId);
        return await db.CalendarEntries.AsNoTracking().Include(e => e.Exceptions).Where(e => ids.Contains(e.Id)).OrderBy(e => e.Start).ToListAsync(ct);
    }

    // ------------------------------------------------------------------ booking

    /// <summary>
    /// Books a seat, or a place on the waiting list when the day is full (all decided under the day lock). Bad input,
    /// a closed or past day, a passed deadline, too many bookings from one address: refused with a message, nothing saved.
    /// The same form posted twice gives the first booking back; an address that already has a place gets its link again.
    /// </summary>
    public async Task<BookingOutcome> BookAsync(Guid dayId, BookingRequest request, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(request.Website))
        {
            LogHoneypot(log, dayId);
            return BookingOutcome.Ignored;
        }
        var name = Validation.RequireText(request.Name, DiscoveryBooking.NameMaxLength, "Name");
        var organisation = Validation.RequireText(request.Organisation, DiscoveryBooking.OrganisationMaxLength, "Organisation");
        var email = Validation.RequireEmail(request.Email);
        var language = request.Language?.Trim().ToLowerInvariant();
        if (!Languages.IsSupported(language)) throw new DomainException("Error.InvalidLanguage") { Field = "Language" };
        var needs = Validation.RequireText(request.Needs, DiscoveryBooking.NeedsMaxLength, "Needs", required: false);
        if (!request.Consent) throw new DomainException("Discovery.Error.ConsentRequired") { Field = "Consent" };
        var key = request.SubmissionKey?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > DiscoveryBooking.SubmissionKeyMaxLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            key = Guid.NewGuid().ToString("N");

        if (await RepeatedAsync(key, ct) is { } repeated) return repeated;
        var day = await db.DiscoveryDays.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dayId && d.PurgedAt == null, ct) ?? throw DomainException.NotFound();
        EnsureAcceptsBookings(day, clock.GetUtcNow());
        if (await AlreadyBookedAsync(dayId, email, key, ct) is { } already) return already;
        var hourAgo = clock.GetUtcNow().AddHours(-1);
        if (await db.DiscoveryBookings.CountAsync(b => b.Email == email && b.CreatedAt > hourAgo, ct) >= options.Value.MaxBookingsPerEmailPerHour)
            throw new DomainException("Discovery.Error.TooManyBookings") { Field = "Email" };

        try
        {
            return await seats.WithDayLockAsync(dayId, async locked =>
            {
                var now = clock.GetUtcNow();
                EnsureAcceptsBookings(locked, now);
                var b = new DiscoveryBooking
                {
                    DayId = locked.Id, Name = name, Organisation = organisation, Email = email, EmailKey = email, Language = language!,
                    Needs = needs.Length == 0 ? null : needs, ConsentAt = now, SubmissionKey = key, CreatedAt = now,
                };
                db.DiscoveryBookings.Add(b);
                if (await seats.TakeSeatAsync(locked.Id, ct))
                {
                    await seats.ConfirmAsync(locked, b, "Discovery.Mail.Confirmed.Intro", ct);
                    LogBooked(log, locked.Id, b.Status);
                    return new BookingOutcome(BookingOutcomeKind.Booked, BookingStatus.Confirmed);
                }
                b.Status = BookingStatus.Waitlisted;
                b.WaitlistNumber = await seats.IssueWaitlistNumberAsync(locked.Id, ct);
                var position = await seats.PositionAsync(b, ct);
                var (token, _) = seats.NewToken(b, now);
                await outbox.EnqueueDraftAsync(db, mails.Waitlisted(locked, b, token, position), ct);
                LogBooked(log, locked.Id, b.Status);
                return new BookingOutcome(BookingOutcomeKind.Booked, BookingStatus.Waitlisted, position);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // A unique index said no: the same form or the same address won a race with this request. Nothing was saved.
            db.ChangeTracker.Clear();
            if (await RepeatedAsync(key, ct) is { } sameForm) return sameForm;
            if (await AlreadyBookedAsync(dayId, email, key, ct) is { } sameAddress) return sameAddress;
            throw;
        }
    }

    private async Task<BookingOutcome?> RepeatedAsync(string submissionKey, CancellationToken ct)
    {
        var b = await db.DiscoveryBookings.AsNoTracking().FirstOrDefaultAsync(x => x.SubmissionKey == submissionKey, ct);
        return b is null ? null : new BookingOutcome(BookingOutcomeKind.Repeated, b.Status, await seats.PositionAsync(b, ct), b.OfferExpiresAt);
    }

    private async Task<BookingOutcome?> AlreadyBookedAsync(Guid dayId, string email, string submissionKey, CancellationToken ct)
    {
        var b = await db.DiscoveryBookings.Include(x => x.Day!).ThenInclude(d => d.Programme).FirstOrDefaultAsync(x => x.DayId == dayId && x.EmailKey == email, ct);
        if (b is null) return null;
        // The same form, committed by a concurrent request between this request's two checks: a repeat, not a second booking.
        if (b.SubmissionKey == submissionKey) return new BookingOutcome(BookingOutcomeKind.Repeated, b.Status, await seats.PositionAsync(b, ct), b.OfferExpiresAt);
        var now = clock.GetUtcNow();
        var (token, row) = seats.NewToken(b, now);
        if (await outbox.EnqueueAsync(db, mails.LinkAgain(b.Day!, b, token, now), ct))
        {
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { /* the same mail was queued by a concurrent request */ }
        }
        else db.Entry(row).State = EntityState.Detached;
        db.ChangeTracker.Clear();
        return new BookingOutcome(BookingOutcomeKind.AlreadyBooked, b.Status, await seats.PositionAsync(b, ct), b.OfferExpiresAt);
    }

    private static void EnsureAcceptsBookings(DiscoveryDay day, DateTimeOffset now)
    {
        if (day.IsCancelled) throw new DomainException("Discovery.Error.DayCancelled");
        if (day.HasStarted(now)) throw new DomainException("Discovery.Error.Past");
        if (day.Status == DiscoveryDayStatus.Closed) throw new DomainException("Discovery.Error.Closed");
        if (now >= day.RegistrationDeadline) throw new DomainException("Discovery.Error.DeadlinePassed");
    }

    // ------------------------------------------------------------------ the personal link

    /// <summary>The booking behind a manage link. Malformed, unknown or expired (a day after the day): not found, no detail.</summary>
    public async Task<ManageView> ManageAsync(string? token, CancellationToken ct = default)
    {
        var b = await FindAsync(token, ct);
        var day = await GetDayAsync(b.DayId, ct);
        b.Day = null;
        return new ManageView(day, b, await seats.PositionAsync(b, ct));
    }

    private async Task<DiscoveryBooking> FindAsync(string? token, CancellationToken ct)
    {
        if (!SecureToken.LooksValid(token)) throw DomainException.NotFound();
        var hash = SecureToken.Hash(token!);
        var b = await db.DiscoveryBookings.AsNoTracking().Include(x => x.Day).Where(x => x.Tokens.Any(t => t.TokenHash == hash))
                    .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound();
        if (b.Day is null || b.Day.PurgedAt is not null || clock.GetUtcNow() > b.Day.End + ManageLinkGrace) throw DomainException.NotFound();
        return b;
    }

    /// <summary>Changes name, organisation, language or needs (not the address: that is who the booking is). Saves.</summary>
    public async Task UpdateDetailsAsync(string? token, string? name, string? organisation, string? language, string? needs, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        var n = Validation.RequireText(name, DiscoveryBooking.NameMaxLength, "Name");
        var o = Validation.RequireText(organisation, DiscoveryBooking.OrganisationMaxLength, "Organisation");
        var l = language?.Trim().ToLowerInvariant();
        if (!Languages.IsSupported(l)) throw new DomainException("Error.InvalidLanguage") { Field = "Language" };
        var nd = Validation.RequireText(needs, DiscoveryBooking.NeedsMaxLength, "Needs", required: false);
        if (!found.IsActive) throw new DomainException("Discovery.Error.BookingEnded");
        if (found.Day!.HasStarted(clock.GetUtcNow())) throw new DomainException("Discovery.Error.Started");

        var b = await db.DiscoveryBookings.FirstAsync(x => x.Id == found.Id, ct);
        b.Name = n;
        b.Organisation = o;
        b.Language = l!;
        b.Needs = nd.Length == 0 ? null : nd;
        if (b.Status == BookingStatus.Confirmed) await calendar.RenameAsync(found.Day.CalendarEntryId, b, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Gives up the seat, the offer or the waiting-list place; a freed seat goes to the waiting list at once. Repeating it changes nothing.</summary>
    public Task CancelAsync(string? token, CancellationToken ct = default) => EndAsync(token, CancelledBy.Registrant, ct);

    /// <summary>Accepts an offered seat (before it lapses): the seat is confirmed, with the invitation.</summary>
    public async Task AcceptOfferAsync(string? token, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        await seats.WithDayLockAsync(found.DayId, async day =>
        {
            var b = await db.DiscoveryBookings.FirstAsync(x => x.Id == found.Id, ct);
            if (b.Status == BookingStatus.Confirmed) return 0; // accepted already (double click)
            if (b.Status != BookingStatus.Offered) throw new DomainException(b.Status == BookingStatus.OfferLapsed ? "Discovery.Error.OfferExpired" : "Discovery.Error.NoOffer");
            if (day.IsCancelled) throw new DomainException("Discovery.Error.DayCancelled");
            if (clock.GetUtcNow() >= b.OfferExpiresAt) throw new DomainException("Discovery.Error.OfferExpired");
            await seats.ConfirmAsync(day, b, "Discovery.Mail.OfferAccepted.Intro", ct);
            return 1;
        }, ct);
    }

    /// <summary>Declines an offered seat: it goes to the next person at once.</summary>
    public Task DeclineOfferAsync(string? token, CancellationToken ct = default) => EndAsync(token, CancelledBy.OfferDeclined, ct);

    /// <summary>The answer to "still coming?": keep (recorded) or release (the seat goes to the waiting list at once).</summary>
    public async Task StillComingAsync(string? token, bool keep, CancellationToken ct = default)
    {
        if (!keep)
        {
            await EndAsync(token, CancelledBy.StillComing, ct);
            return;
        }
        var found = await FindAsync(token, ct);
        if (found.Status != BookingStatus.Confirmed) throw new DomainException("Discovery.Error.NotConfirmed");
        var now = clock.GetUtcNow();
        await db.DiscoveryBookings.Where(b => b.Id == found.Id && b.Status == BookingStatus.Confirmed)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.StillComing, true).SetProperty(b => b.StillComingAt, now), ct);
    }

    private async Task EndAsync(string? token, CancelledBy by, CancellationToken ct)
    {
        var found = await FindAsync(token, ct);
        await seats.WithDayLockAsync(found.DayId, async day =>
        {
            var b = await db.DiscoveryBookings.FirstAsync(x => x.Id == found.Id, ct);
            if (!b.IsActive) return 0; // ended already: repeating the click changes nothing
            if (by == CancelledBy.OfferDeclined && b.Status != BookingStatus.Offered) throw new DomainException("Discovery.Error.NoOffer");
            if (day.HasStarted(clock.GetUtcNow())) throw new DomainException("Discovery.Error.Started");
            if (by == CancelledBy.StillComing)
            {
                b.StillComing = false;
                b.StillComingAt = clock.GetUtcNow();
            }
            await seats.EndAsync(day, b, BookingStatus.Cancelled, by, ct);
            await seats.FillAsync(day, ct);
            return 1;
        }, ct);
    }

    // ------------------------------------------------------------------ change of day

    /// <summary>
    /// The other upcoming dates of the same programme (<see cref="DiscoveryDay.ProgrammeKey"/>) that take bookings now
    /// and where this address holds no place yet, soonest first. Empty when the booking cannot move.
    /// </summary>
    public async Task<IReadOnlyList<OtherDay>> OtherDaysAsync(string? token, CancellationToken ct = default)
    {
        var b = await FindAsync(token, ct);
        var now = clock.GetUtcNow();
        if (!b.IsActive || b.Day!.HasStarted(now) || b.Day.IsCancelled) return [];
        var key = DiscoveryDay.ProgrammeKey(b.Day.Title);
        var held = db.DiscoveryBookings.Where(x => x.EmailKey == b.Email).Select(x => x.DayId);
        var candidates = await db.DiscoveryDays.AsNoTracking()
            .Where(d => d.Id != b.DayId && d.PurgedAt == null && d.Status == DiscoveryDayStatus.Open && d.Start > now && d.RegistrationDeadline > now && !held.Contains(d.Id))
            .OrderBy(d => d.Start).Take(200).ToListAsync(ct);
        var same = candidates.Where(d => DiscoveryDay.ProgrammeKey(d.Title) == key).ToList();
        var ids = same.Select(d => d.Id).ToList();
        var waiting = await db.DiscoveryBookings.Where(x => ids.Contains(x.DayId) && x.Status == BookingStatus.Waitlisted)
            .GroupBy(x => x.DayId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return same.Select(d => new OtherDay(d, waiting.GetValueOrDefault(d.Id))).ToList();
    }

    /// <summary>
    /// Moves the booking to another date of the same programme: a seat there if one is free, else (only when the person
    /// agreed to it) a place on that day's waiting list; never both days, never neither. The old place is given up (a freed
    /// seat goes to that day's waiting list at once) and one mail carries the new invitation and the old one's
    /// cancellation. Both days are decided under their locks; a refusal changes nothing.
    /// </summary>
    public async Task<DayChange> ChangeDayAsync(string? token, Guid? toDayId, bool joinWaitlist, CancellationToken ct = default)
    {
        var found = await FindAsync(token, ct);
        if (toDayId is not { } targetId || targetId == Guid.Empty) throw new DomainException("Discovery.Error.ChooseDay") { Field = "ToDayId" };
        if (targetId == found.DayId) throw new DomainException("Discovery.Error.SameDay") { Field = "ToDayId" };
        return await seats.WithDaysLockAsync(found.DayId, targetId, async (from, to) =>
        {
            var now = clock.GetUtcNow();
            var b = await db.DiscoveryBookings.FirstAsync(x => x.Id == found.Id, ct);
            if (b is { Status: BookingStatus.Cancelled, CancelledBy: CancelledBy.MovedToAnotherDay }) throw new DomainException("Discovery.Error.AlreadyMoved");
            if (!b.IsActive) throw new DomainException("Discovery.Error.BookingEnded");
            if (from.HasStarted(now)) throw new DomainException("Discovery.Error.Started");
            if (to.PurgedAt is not null || DiscoveryDay.ProgrammeKey(to.Title) != DiscoveryDay.ProgrammeKey(from.Title))
                throw new DomainException("Discovery.Error.NotSameProgramme") { Field = "ToDayId" };
            EnsureAcceptsBookings(to, now);
            if (await db.DiscoveryBookings.AnyAsync(x => x.DayId == to.Id && x.EmailKey == b.Email, ct))
                throw new DomainException("Discovery.Error.AlreadyOnThatDay") { Field = "ToDayId" };

            var moved = new DiscoveryBooking
            {
                DayId = to.Id, Name = b.Name, Organisation = b.Organisation, Email = b.Email, EmailKey = b.Email, Language = b.Language,
                Needs = b.Needs, ConsentAt = b.ConsentAt, SubmissionKey = Guid.NewGuid().ToString("N"), CreatedAt = now,
            };
            db.DiscoveryBookings.Add(moved);
            string? requestIcs = null;
            if (await seats.TakeSeatAsync(to.Id, ct)) requestIcs = await seats.SeatAsync(to, moved, ct);
            else if (!joinWaitlist) throw new DomainException("Discovery.Error.TargetFull") { Field = "JoinWaitlist" };
            else
            {
                moved.Status = BookingStatus.Waitlisted;
                moved.WaitlistNumber = await seats.IssueWaitlistNumberAsync(to.Id, ct);
            }
            var cancelIcs = await seats.LeaveAsync(from, b, BookingStatus.Cancelled, CancelledBy.MovedToAnotherDay, ct);
            await db.SaveChangesAsync(ct);
            var position = await seats.PositionAsync(moved, ct);
            var (newToken, _) = seats.NewToken(moved, now);
            await outbox.EnqueueDraftAsync(db, mails.Moved(from, to, moved, newToken, position, requestIcs, cancelIcs), ct);
            await seats.FillAsync(from, ct);
            LogMoved(log, from.Id, to.Id, moved.Status);
            return new DayChange(moved.Status, position, newToken);
        }, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId}: booking made ({Status})")]
    private static partial void LogBooked(ILogger logger, Guid dayId, BookingStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {FromDayId}: a booking moved to day {ToDayId} ({Status})")]
    private static partial void LogMoved(ILogger logger, Guid fromDayId, Guid toDayId, BookingStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId}: honeypot filled, booking ignored")]
    private static partial void LogHoneypot(ILogger logger, Guid dayId);
}
