using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Feedback;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>What the organiser types. Dates and times are Brussels wall-clock times. <see cref="Programme"/>: one "09:30 Welcome" per line.</summary>
public sealed record DiscoveryDayInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? ServicesVisited { get; init; }
    public string? Place { get; init; }
    public DateOnly Date { get; init; }
    public TimeOnly StartTime { get; init; }
    public TimeOnly EndTime { get; init; }
    public DateOnly DeadlineDate { get; init; }
    public TimeOnly DeadlineTime { get; init; }
    public int Capacity { get; init; }
    public DiscoveryAudience Audience { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public WaitlistMode WaitlistMode { get; init; }
    public int OfferHours { get; init; }
    public string? Programme { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
}

/// <summary>One line of the organiser's list.</summary>
public sealed record DiscoveryDayRow(Guid Id, string Title, DateTimeOffset Start, DateTimeOffset End, string Place, DiscoveryDayStatus Status,
    int Capacity, int Confirmed, int Offered, int Waitlisted, int CheckedIn, DateTimeOffset RegistrationDeadline);

/// <summary>A day with every booking, for the organiser.</summary>
public sealed record DiscoveryDayDetail(DiscoveryDay Day, IReadOnlyList<DiscoveryBooking> Bookings)
{
    public IEnumerable<DiscoveryBooking> Confirmed => Bookings.Where(b => b.Status == BookingStatus.Confirmed).OrderBy(b => b.Name, StringComparer.CurrentCultureIgnoreCase);
    public IEnumerable<DiscoveryBooking> Offered => Bookings.Where(b => b.Status == BookingStatus.Offered).OrderBy(b => b.WaitlistNumber);
    public IEnumerable<DiscoveryBooking> Waitlisted => Bookings.Where(b => b.Status == BookingStatus.Waitlisted).OrderBy(b => b.WaitlistNumber);
    public IEnumerable<DiscoveryBooking> Ended => Bookings.Where(b => !b.IsActive).OrderByDescending(b => b.CancelledAt);
}

/// <summary>
/// The organiser's side (coordinators and administrators): publish, edit, close, move and cancel days; see and export
/// the registrants; check people in on the day. Every change that touches seats or registrants runs under the day lock.
/// </summary>
public sealed partial class DiscoveryDayService(
    CaseHubDbContext db,
    DiscoverySeats seats,
    DiscoveryCalendar discoveryCalendar,
    DiscoveryMails mails,
    CalendarService calendar,
    FeedbackService feedback,
    Outbox outbox,
    TextCatalog texts,
    TimeProvider clock,
    IOptions<DiscoveryDayOptions> options,
    ILogger<DiscoveryDayService> log)
{
    // ------------------------------------------------------------------ publish and change

    /// <summary>Publishes a new day (open for registrations) with its calendar entry and its feedback questionnaire. Saves.</summary>
    public async Task<DiscoveryDay> CreateAsync(DiscoveryDayInput input, Guid? userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var v = Validate(input);
        var day = new DiscoveryDay { CreatedAt = now, UpdatedAt = now, CreatedByUserId = userId, Status = DiscoveryDayStatus.Open };
        Apply(day, v);
        if (day.Start <= now) throw new DomainException("Discovery.Error.StartInPast") { Field = "Date" };
        if (day.RegistrationDeadline <= now) throw new DomainException("Discovery.Error.DeadlineInPast") { Field = "DeadlineDate" };
        db.DiscoveryDays.Add(day);
        var entry = await calendar.ScheduleAsync(discoveryCalendar.Spec(day), [], ct);
        day.CalendarEntryId = entry.Id;
        var form = feedback.CreateForm(DefaultFeedback(day));
        day.FeedbackFormId = form.Id;
        await db.SaveChangesAsync(ct);
        LogCreated(log, day.Id, day.Capacity);
        return day;
    }

    /// <summary>
    /// Changes a day. Confirmed registrants get an updated invitation saying what changed (date, time, place, title,
    /// programme); people waiting get a mail when the date or time moved. A capacity below the seats already taken is
    /// refused; more seats go to the waiting list at once. Saves.
    /// </summary>
    public Task UpdateAsync(Guid dayId, DiscoveryDayInput input, CancellationToken ct = default)
        => seats.WithDayLockAsync(dayId, async day =>
        {
            var now = clock.GetUtcNow();
            EnsureChangeable(day, now);
            var v = Validate(input);
            if (v.Capacity < day.SeatsTaken) throw new DomainException("Discovery.Error.CapacityBelowTaken", day.SeatsTaken) { Field = "Capacity" };
            var (oldStart, oldEnd) = (day.Start, day.End);
            foreach (var item in day.Programme.ToList()) db.DiscoveryProgrammeItems.Remove(item);
            day.Programme.Clear();
            Apply(day, v);
            if (day.Start <= now) throw new DomainException("Discovery.Error.StartInPast") { Field = "Date" };
            day.UpdatedAt = now;

            var entry = await discoveryCalendar.EntryAsync(day, ct);
            await calendar.UpdateAsync(entry, discoveryCalendar.Spec(day), ct: ct);
            if (day.FeedbackFormId is { } formId)
                await db.FeedbackForms.Where(f => f.Id == formId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Title, day.Title), ct);
            if (day.Start != oldStart || day.End != oldEnd)
            {
                // Reminders and "still coming?" were about the old date: they go again for the new one.
                // A "yes, still coming" was for the old date too: people are asked again.
                await db.DiscoveryBookings.Where(b => b.DayId == day.Id && b.Status == BookingStatus.Confirmed)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastReminderMinutes, (int?)null).SetProperty(b => b.StillComingSentAt, (DateTimeOffset?)null)
                        .SetProperty(b => b.StillComing, (bool?)null).SetProperty(b => b.StillComingAt, (DateTimeOffset?)null), ct);
                foreach (var b in await db.DiscoveryBookings.Where(b => b.DayId == day.Id && (b.Status == BookingStatus.Waitlisted || b.Status == BookingStatus.Offered)).ToListAsync(ct))
                {
                    var (token, _) = seats.NewToken(b, now);
                    await outbox.EnqueueDraftAsync(db, mails.DayMoved(day, b, oldStart, oldEnd, token), ct);
                }
            }
            await seats.FillAsync(day, ct);
            LogUpdated(log, day.Id);
            return 0;
        }, ct);

    /// <summary>Stops new bookings (the waiting list is still served) or opens them again. Saves.</summary>
    public Task SetRegistrationsOpenAsync(Guid dayId, bool open, CancellationToken ct = default)
        => seats.WithDayLockAsync(dayId, day =>
        {
            EnsureChangeable(day, clock.GetUtcNow());
            day.Status = open ? DiscoveryDayStatus.Open : DiscoveryDayStatus.Closed;
            day.UpdatedAt = clock.GetUtcNow();
            return Task.FromResult(0);
        }, ct);

    /// <summary>Cancels the day: every confirmed registrant gets the calendar cancellation, people waiting a mail. Saves.</summary>
    public Task CancelAsync(Guid dayId, string? reason, CancellationToken ct = default)
        => seats.WithDayLockAsync(dayId, async day =>
        {
            if (day.IsCancelled) return 0;
            var now = clock.GetUtcNow();
            if (day.HasStarted(now)) throw new DomainException("Discovery.Error.Started");
            var why = Validation.RequireText(reason, DiscoveryDay.ReasonMaxLength, "Reason", required: false);
            day.Status = DiscoveryDayStatus.Cancelled;
            day.CancelledAt = now;
            day.CancelReason = why.Length == 0 ? null : why;
            day.UpdatedAt = now;
            await calendar.CancelAsync(await discoveryCalendar.EntryAsync(day, ct), day.CancelReason, ct);
            foreach (var b in await db.DiscoveryBookings.Where(b => b.DayId == day.Id && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Waitlisted || b.Status == BookingStatus.Offered)).ToListAsync(ct))
            {
                if (b.Status != BookingStatus.Confirmed) await outbox.EnqueueDraftAsync(db, mails.DayCancelled(day, b), ct);
                b.Status = BookingStatus.Cancelled;
                b.CancelledBy = CancelledBy.DayCancelled;
                b.CancelledAt = now;
                b.EmailKey = null;
            }
            await db.DiscoveryDays.Where(d => d.Id == day.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.SeatsTaken, 0), ct);
            LogCancelled(log, day.Id);
            return 0;
        }, ct);

    /// <summary>The organiser ends one person's booking (they are told); a freed seat goes to the waiting list. Saves.</summary>
    public Task CancelBookingAsync(Guid dayId, Guid bookingId, CancellationToken ct = default)
        => seats.WithDayLockAsync(dayId, async day =>
        {
            var b = await db.DiscoveryBookings.FirstOrDefaultAsync(x => x.Id == bookingId && x.DayId == dayId, ct) ?? throw DomainException.NotFound();
            if (!b.IsActive) return 0;
            if (day.HasStarted(clock.GetUtcNow())) throw new DomainException("Discovery.Error.Started");
            await seats.EndAsync(day, b, BookingStatus.Cancelled, CancelledBy.Organiser, ct);
            await seats.FillAsync(day, ct);
            return 1;
        }, ct);

    /// <summary>
    /// Marks a confirmed registrant as arrived (or not). Returns false when they have no confirmed seat. Only around the
    /// day itself: before the window opens or after it closes the list is read-only (a message says when it opens).
    /// </summary>
    public async Task<bool> CheckInAsync(Guid dayId, Guid bookingId, bool arrived, CancellationToken ct = default)
    {
        var day = await db.DiscoveryDays.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dayId, ct) ?? throw DomainException.NotFound();
        if (CheckInClosed(day) is { } closed) throw closed;
        DateTimeOffset? at = arrived ? clock.GetUtcNow() : null;
        return await db.DiscoveryBookings.Where(b => b.Id == bookingId && b.DayId == dayId && b.Status == BookingStatus.Confirmed)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CheckedInAt, at), ct) == 1;
    }

    private static void EnsureChangeable(DiscoveryDay day, DateTimeOffset now)
    {
        if (day.IsCancelled) throw new DomainException("Discovery.Error.DayCancelled");
        if (day.HasStarted(now)) throw new DomainException("Discovery.Error.Started");
    }

    /// <summary>Why people cannot be checked in now (not open yet — with when it opens —, closed, day cancelled), or null.</summary>
    public DomainException? CheckInClosed(DiscoveryDay day)
    {
        var now = clock.GetUtcNow();
        var (opens, closes) = day.CheckInWindow(options.Value);
        return day.IsCancelled ? new DomainException("Discovery.Error.DayCancelled")
            : now < opens ? new DomainException("Discovery.Error.CheckInNotOpen", CalendarTime.ToLocal(opens))
            : now > closes ? new DomainException("Discovery.Error.CheckInClosed")
            : null;
    }

    // ------------------------------------------------------------------ reading

    public async Task<IReadOnlyList<DiscoveryDayRow>> ListAsync(bool past, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var q = db.DiscoveryDays.AsNoTracking().Where(d => past ? d.End < now : d.End >= now);
        q = past ? q.OrderByDescending(d => d.Start) : q.OrderBy(d => d.Start);
        return await q.Take(200).Select(d => new DiscoveryDayRow(d.Id, d.Title, d.Start, d.End, d.Place, d.Status, d.Capacity,
                db.DiscoveryBookings.Count(b => b.DayId == d.Id && b.Status == BookingStatus.Confirmed),
                db.DiscoveryBookings.Count(b => b.DayId == d.Id && b.Status == BookingStatus.Offered),
                db.DiscoveryBookings.Count(b => b.DayId == d.Id && b.Status == BookingStatus.Waitlisted),
                db.DiscoveryBookings.Count(b => b.DayId == d.Id && b.Status == BookingStatus.Confirmed && b.CheckedInAt != null),
                d.RegistrationDeadline))
            .ToListAsync(ct);
    }

    public async Task<DiscoveryDayDetail> GetAsync(Guid dayId, CancellationToken ct = default)
    {
        var day = await db.DiscoveryDays.AsNoTracking().Include(d => d.Programme).FirstOrDefaultAsync(d => d.Id == dayId, ct) ?? throw DomainException.NotFound();
        day.Programme = day.Programme.OrderBy(p => p.Position).ToList();
        var bookings = await db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == dayId).ToListAsync(ct);
        return new DiscoveryDayDetail(day, bookings);
    }

    /// <summary>The form's input as it is now (for the edit page).</summary>
    public static DiscoveryDayInput ToInput(DiscoveryDay d) => new()
    {
        Title = d.Title,
        Description = d.Description,
        ServicesVisited = d.ServicesVisited,
        Place = d.Place,
        Date = CalendarTime.LocalDate(d.Start),
        StartTime = CalendarTime.LocalTime(d.Start),
        EndTime = CalendarTime.LocalTime(d.End),
        DeadlineDate = CalendarTime.LocalDate(d.RegistrationDeadline),
        DeadlineTime = CalendarTime.LocalTime(d.RegistrationDeadline),
        Capacity = d.Capacity,
        Audience = d.Audience,
        Languages = d.LanguageList,
        WaitlistMode = d.WaitlistMode,
        OfferHours = d.OfferHours,
        Programme = FormatProgramme(d.Programme),
        ContactName = d.ContactName,
        ContactEmail = d.ContactEmail,
    };

    public static string FormatProgramme(IEnumerable<DiscoveryProgrammeItem> items)
        => string.Join("\n", items.OrderBy(p => p.Position).Select(p => $"{p.Time:HH\\:mm} {p.Text}"));

    // ------------------------------------------------------------------ validation

    private sealed record Valid(string Title, string? Description, string Services, string Place, DateTimeOffset Start, DateTimeOffset End,
        DateTimeOffset Deadline, int Capacity, DiscoveryAudience Audience, string Languages, WaitlistMode Mode, int OfferHours,
        List<(TimeOnly Time, string Text)> Programme, string ContactName, string ContactEmail);

    private static Valid Validate(DiscoveryDayInput i)
    {
        var title = Validation.RequireText(i.Title, DiscoveryDay.TitleMaxLength, "Title");
        var description = Validation.RequireText(i.Description, DiscoveryDay.DescriptionMaxLength, "Description", required: false);
        var services = Validation.RequireText(i.ServicesVisited, DiscoveryDay.ServicesMaxLength, "ServicesVisited");
        var place = Validation.RequireText(i.Place, DiscoveryDay.PlaceMaxLength, "Place");
        if (i.Date == default) throw new DomainException("Error.Required") { Field = "Date" };
        if (i.EndTime <= i.StartTime) throw new DomainException("Error.EndBeforeStart") { Field = "EndTime" };
        var start = CalendarTime.FromLocal(i.Date, i.StartTime);
        var end = CalendarTime.FromLocal(i.Date, i.EndTime);
        if (i.DeadlineDate == default) throw new DomainException("Error.Required") { Field = "DeadlineDate" };
        var deadline = CalendarTime.FromLocal(i.DeadlineDate, i.DeadlineTime);
        if (deadline > start) throw new DomainException("Discovery.Error.DeadlineAfterStart") { Field = "DeadlineDate" };
        if (i.Capacity is < 1 or > DiscoveryDay.MaxCapacity) throw new DomainException("Error.OutOfRange", 1, DiscoveryDay.MaxCapacity) { Field = "Capacity" };
        var audience = i.Audience & DiscoveryAudience.All;
        if (audience == DiscoveryAudience.None) throw new DomainException("Discovery.Error.AudienceRequired") { Field = "Audience" };
        var langs = i.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToList();
        if (langs.Count == 0) throw new DomainException("Discovery.Error.LanguageRequired") { Field = "Languages" };
        if (langs.Any(l => !Localization.Languages.IsSupported(l))) throw new DomainException("Error.InvalidLanguage") { Field = "Languages" };
        langs = Localization.Languages.All.Where(langs.Contains).ToList();
        if (!Enum.IsDefined(i.WaitlistMode)) throw new DomainException("Error.InvalidValue") { Field = "WaitlistMode" };
        var offerHours = i.WaitlistMode == WaitlistMode.TimedOffer ? i.OfferHours : 0;
        if (i.WaitlistMode == WaitlistMode.TimedOffer && offerHours is < 1 or > DiscoveryDay.MaxOfferHours)
            throw new DomainException("Error.OutOfRange", 1, DiscoveryDay.MaxOfferHours) { Field = "OfferHours" };
        var programme = ParseProgramme(i.Programme);
        var contactName = Validation.RequireText(i.ContactName, CalendarInvitee.NameMaxLength, "ContactName");
        var contactEmail = Validation.RequireEmail(i.ContactEmail, "ContactEmail");
        return new Valid(title, description.Length == 0 ? null : description, services, place, start, end, deadline, i.Capacity, audience,
            string.Join(",", langs), i.WaitlistMode, offerHours, programme, contactName, contactEmail);
    }

    /// <summary>"09:30 Accueil" / "9h30 – Accueil" / "14.00: Atelier" per line; empty lines are skipped.</summary>
    public static List<(TimeOnly Time, string Text)> ParseProgramme(string? text)
    {
        var items = new List<(TimeOnly, string)>();
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0) continue;
            var m = ProgrammeLine().Match(line);
            if (!m.Success || !int.TryParse(m.Groups["h"].Value, out var h) || !int.TryParse(m.Groups["m"].Value, out var min) || h > 23 || min > 59)
                throw new DomainException("Discovery.Error.ProgrammeLine", n + 1) { Field = "Programme" };
            var what = m.Groups["text"].Value.Trim();
            if (what.Length > DiscoveryProgrammeItem.TextMaxLength) throw new DomainException("Discovery.Error.ProgrammeLineTooLong", n + 1, DiscoveryProgrammeItem.TextMaxLength) { Field = "Programme" };
            items.Add((new TimeOnly(h, min), what));
        }
        if (items.Count > DiscoveryDay.MaxProgrammeItems) throw new DomainException("Discovery.Error.ProgrammeTooLong", DiscoveryDay.MaxProgrammeItems) { Field = "Programme" };
        return items;
    }

    [GeneratedRegex(@"^(?<h>\d{1,2})\s*[:hH.]\s*(?<m>\d{2})\s*(?:[-–—:]\s*)?(?<text>\S.*)$")]
    private static partial Regex ProgrammeLine();

    private static void Apply(DiscoveryDay d, Valid v)
    {
        d.Title = v.Title;
        d.Description = v.Description;
        d.ServicesVisited = v.Services;
        d.Place = v.Place;
        d.Start = v.Start;
        d.End = v.End;
        d.RegistrationDeadline = v.Deadline;
        d.Capacity = v.Capacity;
        d.Audience = v.Audience;
        d.Languages = v.Languages;
        d.WaitlistMode = v.Mode;
        d.OfferHours = v.OfferHours;
        d.ContactName = v.ContactName;
        d.ContactEmail = v.ContactEmail;
        for (var i = 0; i < v.Programme.Count; i++)
            d.Programme.Add(new DiscoveryProgrammeItem { DayId = d.Id, Position = i, Time = v.Programme[i].Time, Text = v.Programme[i].Text });
    }

    /// <summary>The questionnaire every day gets (anonymous; the organiser may change it before it is sent).</summary>
    private FeedbackFormSpec DefaultFeedback(DiscoveryDay day)
    {
        LocalizedText P(string key) => new(texts.Get(key, Localization.Languages.French), texts.Get(key, Localization.Languages.Dutch), texts.Get(key, Localization.Languages.English));
        return new FeedbackFormSpec(DiscoveryDay.OwnerType, day.Id, day.Title, Anonymous: true,
        [
            new(FeedbackQuestionKind.YesNo, P("Discovery.Feedback.Expectations"), Required: true),
            new(FeedbackQuestionKind.Scale, P("Discovery.Feedback.Useful"), Required: true),
            new(FeedbackQuestionKind.Text, P("Discovery.Feedback.Surprised")),
            new(FeedbackQuestionKind.Text, P("Discovery.Feedback.Improve")),
        ]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId} published with {Capacity} seat(s)")]
    private static partial void LogCreated(ILogger logger, Guid dayId, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId} updated")]
    private static partial void LogUpdated(ILogger logger, Guid dayId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery day {DayId} cancelled")]
    private static partial void LogCancelled(ILogger logger, Guid dayId);
}
