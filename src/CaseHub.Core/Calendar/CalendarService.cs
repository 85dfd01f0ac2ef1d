using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Calendar;

/// <summary>Who answered what, through which link: what the reply page shows.</summary>
public sealed record ReplyContext(CalendarEntry Entry, CalendarInvitee Invitee);

/// <summary>
/// The one calendar service: every scheduled thing in CaseHub goes through it, so every invitation, update and
/// cancellation reaches Outlook, Google and Apple calendars the same way (RFC 5545/5546, Europe/Brussels).
/// <para><b>Unit of work.</b> <see cref="ScheduleAsync"/>, <see cref="UpdateAsync"/>, <see cref="InviteAsync"/>,
/// <see cref="UninviteAsync"/>, <see cref="CancelAsync"/>, <see cref="CancelOccurrenceAsync"/> and
/// <see cref="MoveOccurrenceAsync"/> change the tracked entities and queue the mails in the outbox but do NOT call
/// SaveChanges: the calling feature commits its own change, the entry and the mails together (or nothing).
/// Standalone use cases that the web layer calls directly — <see cref="RecordReplyAsync"/> and the feed-token
/// methods — save themselves.</para>
/// </summary>
public sealed partial class CalendarService(
    CaseHubDbContext db,
    Outbox outbox,
    TextCatalog texts,
    IcsWriter ics,
    IOptions<AppOptions> app,
    TimeProvider clock,
    IEnumerable<ICalendarReplyListener> listeners,
    ILogger<CalendarService> log)
{
    /// <summary>How long a cancelled entry stays in feeds (struck out) before it disappears.</summary>
    public static readonly TimeSpan CancelledKeptInFeeds = TimeSpan.FromDays(30);
    /// <summary>How far back feeds go.</summary>
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(180);
    private const int DatesListedInMail = 10;

    // ------------------------------------------------------------------ lookups

    /// <summary>The most recent entry of an owner (with invitees and exceptions), or null.</summary>
    public Task<CalendarEntry?> FindAsync(string ownerType, Guid ownerId, CancellationToken ct = default)
        => Full().Where(e => e.OwnerType == ownerType && e.OwnerId == ownerId).OrderByDescending(e => e.CreatedAt).FirstOrDefaultAsync(ct);

    public Task<CalendarEntry?> GetAsync(Guid id, CancellationToken ct = default)
        => Full().FirstOrDefaultAsync(e => e.Id == id, ct);

    private IQueryable<CalendarEntry> Full() => db.CalendarEntries.Include(e => e.Invitees).Include(e => e.Exceptions).AsSplitQuery();

    // ------------------------------------------------------------------ schedule / update / cancel

    /// <summary>Creates the entry and its invitees and queues one REQUEST invitation per invitee, in their language. Does not save.</summary>
    public async Task<CalendarEntry> ScheduleAsync(CalendarEntrySpec spec, IEnumerable<InviteeSpec> invitees, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var entry = new CalendarEntry { CreatedAt = now, UpdatedAt = now, Status = CalendarEntryStatus.Scheduled };
        entry.Uid = $"{entry.Id}@casehub";
        var people = NormalizeInvitees(invitees);
        Apply(entry, Validate(spec));
        entry.OwnerType = spec.OwnerType.Trim();
        entry.OwnerId = spec.OwnerId;
        db.CalendarEntries.Add(entry);
        foreach (var p in people) AddOrRestoreInvitee(entry, p, now);
        foreach (var invitee in entry.CurrentInvitees.ToList()) await SendInvitationAsync(entry, invitee, ct);
        LogScheduled(log, entry.Id, entry.OwnerType, entry.Invitees.Count);
        return entry;
    }

    /// <summary>
    /// Brings the entry to <paramref name="spec"/> (its owner cannot change). When anything changed: SEQUENCE+1; current
    /// invitees get a REQUEST update saying what changed (old → new); with <paramref name="invitees"/> (the complete new
    /// list), new people get an invitation and people no longer listed get a CANCEL meant for them alone.
    /// Occurrence changes that no longer match the new dates are dropped. Does not save.
    /// </summary>
    /// <returns>false when nothing changed (nothing is sent).</returns>
    public async Task<bool> UpdateAsync(CalendarEntry entry, CalendarEntrySpec spec, IEnumerable<InviteeSpec>? invitees = null, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        EnsureActive(entry);
        var next = Validate(spec);
        var people = invitees is null ? null : NormalizeInvitees(invitees);

        var changes = new List<Func<string, string>>();
        var before = CalendarEntrySpec.From(entry);
        var timesChanged = before.Start != next.Start || before.End != next.End;
        var ruleChanged = before.Recurrence?.ToRule() != next.Recurrence?.ToRule();
        if (timesChanged) changes.Add(l => texts.Format("Calendar.Mail.Change.When", l, Md(CalendarTime.FormatRange(before.Start, before.End, l)), Md(CalendarTime.FormatRange(next.Start, next.End, l))));
        if (ruleChanged) changes.Add(l => texts.Get("Calendar.Mail.Change.Recurrence", l));
        if (before.Title != next.Title) changes.Add(l => texts.Format("Calendar.Mail.Change.Title", l, Md(before.Title.For(l)), Md(next.Title.For(l))));
        if (before.Location != next.Location) changes.Add(l => texts.Format("Calendar.Mail.Change.Where", l, Md(before.Location ?? texts.Get("Calendar.Mail.Change.None", l)), Md(next.Location ?? texts.Get("Calendar.Mail.Change.None", l))));
        if (before.OnlineUrl != next.OnlineUrl) changes.Add(l => texts.Format("Calendar.Mail.Change.Online", l, Md(before.OnlineUrl ?? texts.Get("Calendar.Mail.Change.None", l)), Md(next.OnlineUrl ?? texts.Get("Calendar.Mail.Change.None", l))));
        if (before.Description != next.Description) changes.Add(l => texts.Get("Calendar.Mail.Change.Description", l));
        if (before.OrganizerName != next.OrganizerName || before.OrganizerEmail != next.OrganizerEmail)
            changes.Add(l => texts.Format("Calendar.Mail.Change.Organizer", l, Md(before.OrganizerName), Md(next.OrganizerName)));
        var quietChange = before.LinkPath != next.LinkPath || before.ShowInviteeList != next.ShowInviteeList || before.OrganizerUserId != next.OrganizerUserId;

        var now = clock.GetUtcNow();
        var current = entry.CurrentInvitees.ToList();
        var added = new List<CalendarInvitee>();
        var removed = new List<CalendarInvitee>();
        if (people is not null)
        {
            var wanted = people.ToDictionary(p => p.Email);
            removed = current.Where(i => !wanted.ContainsKey(i.Email)).ToList();
            // Who chairs is part of everyone's copy (ATTENDEE;ROLE=CHAIR): a new chair is a change everyone is told about.
            var chairsBefore = string.Join(", ", current.Where(i => i.Chair).Select(i => i.Name).Order(StringComparer.Ordinal));
            var chairsAfter = string.Join(", ", people.Where(p => p.Chair).Select(p => p.Name).Order(StringComparer.Ordinal));
            if (chairsBefore != chairsAfter)
                changes.Add(l => texts.Format("Calendar.Mail.Change.Chair", l, Md(chairsBefore.Length == 0 ? texts.Get("Calendar.Mail.Change.None", l) : chairsBefore),
                    Md(chairsAfter.Length == 0 ? texts.Get("Calendar.Mail.Change.None", l) : chairsAfter)));
            foreach (var p in people)
            {
                var existing = current.FirstOrDefault(i => i.Email == p.Email);
                if (existing is null) added.Add(AddOrRestoreInvitee(entry, p, now));
                else UpdateInviteeDetails(existing, p);
            }
        }

        if (changes.Count == 0 && added.Count == 0 && removed.Count == 0 && !quietChange) return false;

        Apply(entry, next);
        if (timesChanged || ruleChanged) DropStaleExceptions(entry);
        Touch(entry, now);
        foreach (var r in removed)
        {
            r.RemovedAt = now;
            await SendUninviteAsync(entry, r, ct);
        }
        if (changes.Count > 0)
            foreach (var invitee in current.Except(removed))
                await SendUpdateAsync(entry, invitee, changes, ct);
        foreach (var a in added) await SendInvitationAsync(entry, a, ct);
        LogUpdated(log, entry.Id, entry.Sequence, changes.Count, added.Count, removed.Count);
        return true;
    }

    /// <summary>Adds people (or brings back removed ones): each gets a REQUEST. People already invited are left alone. Does not save.</summary>
    public async Task InviteAsync(CalendarEntry entry, IEnumerable<InviteeSpec> invitees, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        var current = entry.CurrentInvitees.Select(Spec);
        var fresh = NormalizeInvitees(invitees).Where(p => entry.CurrentInvitees.All(i => i.Email != p.Email));
        await UpdateAsync(entry, CalendarEntrySpec.From(entry), current.Concat(fresh).ToList(), ct);
    }

    /// <summary>Removes people: each gets a CANCEL for themselves only; the others are not disturbed. Does not save.</summary>
    public async Task UninviteAsync(CalendarEntry entry, IEnumerable<string> emails, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        var gone = emails.Select(Validation.NormalizeEmail).ToHashSet();
        var keep = entry.CurrentInvitees.Where(i => !gone.Contains(i.Email)).Select(Spec).ToList();
        await UpdateAsync(entry, CalendarEntrySpec.From(entry), keep, ct);
    }

    /// <summary>Cancels the whole entry: SEQUENCE+1 and METHOD:CANCEL (STATUS:CANCELLED) to every current invitee. Does not save.</summary>
    public async Task CancelAsync(CalendarEntry entry, string? reason, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        if (entry.IsCancelled) return;
        var why = Validation.RequireText(reason, CalendarEntry.ReasonMaxLength, "Reason", required: false);
        var now = clock.GetUtcNow();
        entry.Status = CalendarEntryStatus.Cancelled;
        entry.CancelledAt = now;
        entry.CancelReason = why.Length == 0 ? null : why;
        Touch(entry, now);
        foreach (var invitee in entry.CurrentInvitees.ToList()) await SendCancelAsync(entry, invitee, ct);
        LogCancelled(log, entry.Id, entry.Sequence);
    }

    /// <summary>
    /// Cancels one occurrence of a series (by its start in the rule). Stored as an exception and sent to everyone as a
    /// REQUEST update whose master carries an EXDATE for it (see <see cref="IcsWriter"/> for why). Does not save.
    /// </summary>
    public async Task CancelOccurrenceAsync(CalendarEntry entry, DateTimeOffset originalStart, CancellationToken ct = default)
        => await CancelOccurrenceAsync(entry, originalStart, null, ct);

    /// <inheritdoc cref="CancelOccurrenceAsync(CalendarEntry, DateTimeOffset, CancellationToken)"/>
    /// <param name="reason">Said in the update, after the line naming the cancelled session.</param>
    public async Task CancelOccurrenceAsync(CalendarEntry entry, DateTimeOffset originalStart, string? reason, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        EnsureActive(entry);
        originalStart = RequireOccurrence(entry, originalStart);
        var x = entry.Exceptions.FirstOrDefault(e => e.OriginalStart == originalStart);
        if (x is { Cancelled: true }) return;
        if (x is null) entry.Exceptions.Add(x = new CalendarOccurrenceException { EntryId = entry.Id, OriginalStart = originalStart });
        var was = x is { NewStart: { } movedTo } ? movedTo : originalStart;
        x.Cancelled = true;
        x.NewStart = null;
        x.NewEnd = null;
        var why = Validation.RequireText(reason, CalendarEntry.ReasonMaxLength, "Reason", required: false);
        await OccurrenceChangedAsync(entry, l => texts.Format("Calendar.Mail.Change.OccurrenceCancelled", l, Md(CalendarTime.FormatDateTime(was, l)))
            + (why.Length == 0 ? "" : " " + texts.Format("Calendar.Mail.Cancel.Reason", l, Md(why))), ct);
    }

    /// <summary>
    /// Moves one occurrence of a series: an exception sent as an extra VEVENT with the same UID and a RECURRENCE-ID,
    /// in a REQUEST update to everyone. Moving it back to its rule time removes the exception. Does not save.
    /// </summary>
    public async Task MoveOccurrenceAsync(CalendarEntry entry, DateTimeOffset originalStart, DateTimeOffset newStart, DateTimeOffset newEnd, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        EnsureActive(entry);
        originalStart = RequireOccurrence(entry, originalStart);
        newStart = CalendarTime.Truncate(newStart);
        newEnd = CalendarTime.Truncate(newEnd);
        if (newEnd <= newStart) throw new DomainException("Error.EndBeforeStart") { Field = "End" };
        var x = entry.Exceptions.FirstOrDefault(e => e.OriginalStart == originalStart);
        var backToRule = newStart == originalStart && newEnd == originalStart + entry.Duration;
        if (backToRule)
        {
            if (x is null) return;
            entry.Exceptions.Remove(x);
            db.CalendarOccurrenceExceptions.Remove(x);
        }
        else
        {
            if (x is { Cancelled: false } && x.NewStart == newStart && x.NewEnd == newEnd) return;
            if (x is null) entry.Exceptions.Add(x = new CalendarOccurrenceException { EntryId = entry.Id, OriginalStart = originalStart });
            x.Cancelled = false;
            x.NewStart = newStart;
            x.NewEnd = newEnd;
        }
        await OccurrenceChangedAsync(entry, l => texts.Format("Calendar.Mail.Change.OccurrenceMoved", l,
            Md(CalendarTime.FormatDateTime(originalStart, l)), Md(CalendarTime.FormatRange(newStart, newEnd, l))), ct);
    }

    /// <summary>
    /// Takes one occurrence out of its series because it now lives as an event of its own (the caller schedules that
    /// one: another UID): the series drops it (EXDATE, SEQUENCE+1). People who stay get an update saying the session
    /// now has its own invitation; people in <paramref name="leaving"/> (addresses) are no longer expected at it and
    /// get a CANCEL of that occurrence meant for them alone. Does not save.
    /// </summary>
    public async Task DetachOccurrenceAsync(CalendarEntry entry, DateTimeOffset originalStart, IEnumerable<string> leaving, CancellationToken ct = default)
    {
        await EnsureLoadedAsync(entry, ct);
        EnsureActive(entry);
        originalStart = RequireOccurrence(entry, originalStart);
        var gone = leaving.Select(Validation.NormalizeEmail).ToHashSet();
        var x = entry.Exceptions.FirstOrDefault(e => e.OriginalStart == originalStart);
        if (x is { Cancelled: true }) return;
        var was = x is { NewStart: { } s, NewEnd: { } e2 } ? (s, e2) : (originalStart, originalStart + entry.Duration);
        if (x is null) entry.Exceptions.Add(x = new CalendarOccurrenceException { EntryId = entry.Id, OriginalStart = originalStart });
        x.Cancelled = true;
        x.NewStart = null;
        x.NewEnd = null;
        Touch(entry, clock.GetUtcNow());
        foreach (var invitee in entry.CurrentInvitees.ToList())
        {
            if (gone.Contains(invitee.Email)) await SendOccurrenceUninviteAsync(entry, invitee, originalStart, was, ct);
            else await SendUpdateAsync(entry, invitee, [l => texts.Format("Calendar.Mail.Change.OccurrenceDetached", l, Md(CalendarTime.FormatDateTime(was.Item1, l)))], ct);
        }
        LogUpdated(log, entry.Id, entry.Sequence, 1, 0, gone.Count);
    }

    private static InviteeSpec Spec(CalendarInvitee i) => new(i.Email, i.Name, i.Language, i.UserId, i.Optional, i.Chair);

    private async Task OccurrenceChangedAsync(CalendarEntry entry, Func<string, string> change, CancellationToken ct)
    {
        Touch(entry, clock.GetUtcNow());
        foreach (var invitee in entry.CurrentInvitees.ToList()) await SendUpdateAsync(entry, invitee, [change], ct);
        LogUpdated(log, entry.Id, entry.Sequence, 1, 0, 0);
    }

    // ------------------------------------------------------------------ replies

    /// <summary>The entry and invitee behind a reply link, without recording anything (mail scanners fetch links too).</summary>
    public async Task<ReplyContext> FindReplyAsync(string? token, CancellationToken ct = default)
    {
        if (!SecureToken.LooksValid(token)) throw DomainException.NotFound();
        var hash = SecureToken.Hash(token!);
        var row = await db.CalendarReplyTokens.Include(t => t.Invitee!).ThenInclude(i => i.Entry!).ThenInclude(e => e.Exceptions)
                      .FirstOrDefaultAsync(t => t.TokenHash == hash, ct)
                  ?? throw DomainException.NotFound();
        var invitee = row.Invitee!;
        if (invitee.RemovedAt is not null) throw DomainException.NotFound();
        return new ReplyContext(invitee.Entry!, invitee);
    }

    /// <summary>
    /// Records Yes / No / Maybe (an answer can be changed later) with an optional reason, tells the listeners of the
    /// entry's owner type, and saves. Unknown token or removed invitee: not found. Cancelled entry: refused.
    /// </summary>
    public async Task<ReplyContext> RecordReplyAsync(string? token, CalendarResponse response, string? reason, CancellationToken ct = default)
    {
        if (response is not (CalendarResponse.Accepted or CalendarResponse.Declined or CalendarResponse.Tentative))
            throw new DomainException("Calendar.Error.InvalidAnswer") { Field = "Answer" };
        var context = await FindReplyAsync(token, ct);
        var (entry, invitee) = context;
        if (entry.IsCancelled) throw new DomainException("Calendar.Error.EntryCancelled");
        var why = Validation.RequireText(reason, CalendarEntry.ReasonMaxLength, "Reason", required: false);
        invitee.Response = response;
        invitee.DeclineReason = response == CalendarResponse.Declined && why.Length > 0 ? why : null;
        invitee.RespondedAt = clock.GetUtcNow();
        foreach (var listener in listeners.Where(l => l.OwnerType == entry.OwnerType))
            await listener.OnReplyAsync(db, entry, invitee, ct);
        await db.SaveChangesAsync(ct);
        LogReplied(log, entry.Id, response);
        return context;
    }

    // ------------------------------------------------------------------ files and feeds

    /// <summary>METHOD:PUBLISH file of one entry, for "add to calendar" downloads.</summary>
    public string BuildEventFile(CalendarEntry entry, string language) => ics.Publish([entry], Languages.Normalize(language), null, withOrganizer: true);

    /// <summary>The "add to calendar" file for a signed-in user who is an invitee or the organiser; otherwise null.</summary>
    public async Task<string?> BuildEventFileForUserAsync(Guid entryId, Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var email = user.Email is null ? null : Validation.NormalizeEmail(user.Email);
        var entry = await Full().AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId && (e.OrganizerUserId == userId ||
            e.Invitees.Any(i => i.RemovedAt == null && (i.UserId == userId || (i.UserId == null && i.Email == email)))), ct);
        return entry is null ? null : BuildEventFile(entry, user.Language);
    }

    /// <summary>A public programme (e.g. discovery days) as a subscribable feed: no organiser, no attendees.</summary>
    public string BuildPublicFeed(IEnumerable<CalendarEntry> entries, string calendarName, string language = Languages.Default)
        => ics.Publish(entries, Languages.Normalize(language), calendarName, withOrganizer: false);

    /// <summary>
    /// The private feed behind a token: every entry the user is invited to (not removed) or organises, from
    /// <see cref="FeedHistory"/> ago on; cancelled ones as STATUS:CANCELLED for <see cref="CancelledKeptInFeeds"/>.
    /// Unknown or revoked token: null (the endpoint answers 404 without detail).
    /// </summary>
    public async Task<string?> BuildUserFeedAsync(string? token, CancellationToken ct = default)
    {
        if (!SecureToken.LooksValid(token)) return null;
        var hash = SecureToken.Hash(token!);
        var userId = await db.CalendarFeeds.Where(f => f.TokenHash == hash && f.RevokedAt == null).Select(f => (Guid?)f.UserId).FirstOrDefaultAsync(ct);
        if (userId is not { } id) return null;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var email = user.Email is null ? "" : Validation.NormalizeEmail(user.Email);
        var now = clock.GetUtcNow();
        var since = now - FeedHistory;
        var cancelledSince = now - CancelledKeptInFeeds;
        var entries = await db.CalendarEntries.AsNoTracking().Include(e => e.Exceptions)
            .Where(e => e.LastEnd >= since)
            .Where(e => e.Status == CalendarEntryStatus.Scheduled || e.CancelledAt >= cancelledSince)
            .Where(e => e.OrganizerUserId == id || e.Invitees.Any(i => i.RemovedAt == null && (i.UserId == id || (i.UserId == null && i.Email == email))))
            .OrderBy(e => e.Start)
            .Take(2000)
            .ToListAsync(ct);
        return ics.Publish(entries, user.Language, texts.Get("Calendar.Feed.Name", user.Language), withOrganizer: true);
    }

    public Task<bool> HasFeedAsync(Guid userId, CancellationToken ct = default)
        => db.CalendarFeeds.AnyAsync(f => f.UserId == userId && f.RevokedAt == null, ct);

    /// <summary>Creates the user's feed link if they have none. The raw token is returned only then (only its hash is kept).</summary>
    public async Task<FeedTokenResult> GetOrCreateFeedTokenAsync(Guid userId, CancellationToken ct = default)
    {
        if (await HasFeedAsync(userId, ct)) return FeedTokenResult.AlreadyExists;
        return new FeedTokenResult(true, await NewFeedAsync(userId, ct));
    }

    /// <summary>Replaces the user's feed link: the old one stops working at once. Returns the new raw token.</summary>
    public async Task<string> RegenerateFeedTokenAsync(Guid userId, CancellationToken ct = default)
    {
        await RevokeActiveFeedsAsync(userId, ct);
        return await NewFeedAsync(userId, ct);
    }

    /// <summary>Stops the user's feed link. Returns false when there was none.</summary>
    public async Task<bool> RevokeFeedAsync(Guid userId, CancellationToken ct = default)
    {
        var any = await RevokeActiveFeedsAsync(userId, ct);
        await db.SaveChangesAsync(ct);
        return any;
    }

    private async Task<bool> RevokeActiveFeedsAsync(Guid userId, CancellationToken ct)
    {
        var active = await db.CalendarFeeds.Where(f => f.UserId == userId && f.RevokedAt == null).ToListAsync(ct);
        foreach (var f in active) f.RevokedAt = clock.GetUtcNow();
        return active.Count > 0;
    }

    private async Task<string> NewFeedAsync(Guid userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) throw DomainException.NotFound();
        var token = SecureToken.New();
        db.CalendarFeeds.Add(new CalendarFeed { UserId = userId, TokenHash = SecureToken.Hash(token), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return token;
    }

    // ------------------------------------------------------------------ validation and state

    private sealed record ValidSpec(
        DateTimeOffset Start, DateTimeOffset End, Recurrence? Recurrence, DateTimeOffset LastEnd, LocalizedText Title, LocalizedText Description,
        string? Location, string? OnlineUrl, string? LinkPath, string OrganizerName, string OrganizerEmail, Guid? OrganizerUserId, bool ShowInviteeList);

    private static ValidSpec Validate(CalendarEntrySpec spec)
    {
        Validation.RequireText(spec.OwnerType, CalendarEntry.OwnerTypeMaxLength, nameof(spec.OwnerType));
        var title = new LocalizedText(
            Optional(spec.Title.Fr, CalendarEntry.TitleMaxLength, nameof(spec.Title)),
            Optional(spec.Title.Nl, CalendarEntry.TitleMaxLength, nameof(spec.Title)),
            Optional(spec.Title.En, CalendarEntry.TitleMaxLength, nameof(spec.Title)));
        if (title.IsEmpty) throw new DomainException("Error.Required") { Field = nameof(spec.Title) };
        var description = new LocalizedText(
            Optional(spec.Description.Fr, CalendarEntry.DescriptionMaxLength, nameof(spec.Description)),
            Optional(spec.Description.Nl, CalendarEntry.DescriptionMaxLength, nameof(spec.Description)),
            Optional(spec.Description.En, CalendarEntry.DescriptionMaxLength, nameof(spec.Description)));
        var start = CalendarTime.Truncate(spec.Start);
        var end = CalendarTime.Truncate(spec.End);
        if (end <= start) throw new DomainException("Error.EndBeforeStart") { Field = nameof(spec.End) };

        var lastEnd = end;
        if (spec.Recurrence is { } rule)
        {
            rule.Validate(start);
            var starts = CalendarTime.RuleStarts(start, end, rule, Recurrence.MaxOccurrences + 1);
            if (starts.Count == 0 || starts[0] != start) throw new DomainException("Calendar.Error.StartNotInRecurrence") { Field = nameof(spec.Start) };
            if (starts.Count > Recurrence.MaxOccurrences) throw new DomainException("Calendar.Error.TooManyOccurrences", Recurrence.MaxOccurrences) { Field = nameof(spec.Recurrence) };
            lastEnd = starts[^1] + (end - start);
        }

        var online = Optional(spec.OnlineUrl, CalendarEntry.UrlMaxLength, nameof(spec.OnlineUrl));
        if (online is not null && (online.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '"') ||
                                   !(Uri.TryCreate(online, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))))
            throw new DomainException("Calendar.Error.InvalidUrl") { Field = nameof(spec.OnlineUrl) };
        var link = Optional(spec.LinkPath, CalendarEntry.UrlMaxLength, nameof(spec.LinkPath));
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith("/\\", StringComparison.Ordinal) || link.Any(char.IsWhiteSpace)))
            throw new DomainException("Calendar.Error.InvalidLinkPath") { Field = nameof(spec.LinkPath) };

        return new ValidSpec(start, end, spec.Recurrence, lastEnd, title, description,
            Optional(spec.Location, CalendarEntry.LocationMaxLength, nameof(spec.Location)), online, link,
            Validation.RequireText(spec.OrganizerName, CalendarInvitee.NameMaxLength, nameof(spec.OrganizerName)),
            Validation.RequireEmail(spec.OrganizerEmail, nameof(spec.OrganizerEmail)),
            spec.OrganizerUserId, spec.ShowInviteeList);
    }

    private static string? Optional(string? value, int max, string field)
    {
        var v = Validation.RequireText(value, max, field, required: false);
        return v.Length == 0 ? null : v;
    }

    private static void Apply(CalendarEntry e, ValidSpec s)
    {
        e.Start = s.Start;
        e.End = s.End;
        e.RecurrenceRule = s.Recurrence?.ToRule();
        e.LastEnd = s.LastEnd;
        (e.TitleFr, e.TitleNl, e.TitleEn) = (s.Title.Fr, s.Title.Nl, s.Title.En);
        (e.DescriptionFr, e.DescriptionNl, e.DescriptionEn) = (s.Description.Fr, s.Description.Nl, s.Description.En);
        e.Location = s.Location;
        e.OnlineUrl = s.OnlineUrl;
        e.LinkPath = s.LinkPath;
        e.OrganizerName = s.OrganizerName;
        e.OrganizerEmail = s.OrganizerEmail;
        e.OrganizerUserId = s.OrganizerUserId;
        e.ShowInviteeList = s.ShowInviteeList;
    }

    private static List<InviteeSpec> NormalizeInvitees(IEnumerable<InviteeSpec> invitees)
    {
        var result = new List<InviteeSpec>();
        foreach (var p in invitees)
        {
            var email = Validation.RequireEmail(p.Email, "Invitees");
            if (result.Any(r => r.Email == email)) continue;
            var name = Validation.RequireText(string.IsNullOrWhiteSpace(p.Name) ? email : p.Name, CalendarInvitee.NameMaxLength, "Invitees");
            result.Add(p with { Email = email, Name = name, Language = Languages.Normalize(p.Language) });
        }
        return result;
    }

    private static CalendarInvitee AddOrRestoreInvitee(CalendarEntry entry, InviteeSpec p, DateTimeOffset now)
    {
        var invitee = entry.Invitees.FirstOrDefault(i => i.Email == p.Email);
        if (invitee is null)
        {
            invitee = new CalendarInvitee { EntryId = entry.Id, Email = p.Email };
            entry.Invitees.Add(invitee);
        }
        invitee.RemovedAt = null;
        invitee.AddedAt = now;
        invitee.Response = CalendarResponse.NeedsAction;
        invitee.DeclineReason = null;
        invitee.RespondedAt = null;
        UpdateInviteeDetails(invitee, p);
        return invitee;
    }

    private static void UpdateInviteeDetails(CalendarInvitee i, InviteeSpec p)
    {
        i.Name = p.Name;
        i.Language = p.Language;
        i.UserId = p.UserId ?? i.UserId;
        i.Optional = p.Optional;
        i.Chair = p.Chair;
    }

    private static void Touch(CalendarEntry entry, DateTimeOffset now)
    {
        entry.Sequence++;
        entry.UpdatedAt = now;
        var occurrences = CalendarTime.Occurrences(entry);
        entry.LastEnd = occurrences.Count == 0 ? entry.End : occurrences.Max(o => o.End);
    }

    private void DropStaleExceptions(CalendarEntry entry)
    {
        var starts = CalendarTime.RuleStarts(entry.Start, entry.End, entry.Recurrence).Select(s => s.UtcTicks).ToHashSet();
        foreach (var x in entry.Exceptions.Where(x => !entry.IsSeries || !starts.Contains(x.OriginalStart.UtcTicks)).ToList())
        {
            entry.Exceptions.Remove(x);
            db.CalendarOccurrenceExceptions.Remove(x);
        }
    }

    private static DateTimeOffset RequireOccurrence(CalendarEntry entry, DateTimeOffset originalStart)
    {
        if (!entry.IsSeries) throw new DomainException("Calendar.Error.NotASeries");
        originalStart = CalendarTime.Truncate(originalStart);
        if (!CalendarTime.RuleStarts(entry.Start, entry.End, entry.Recurrence).Contains(originalStart))
            throw new DomainException("Calendar.Error.NoSuchOccurrence") { Field = "OriginalStart" };
        return originalStart;
    }

    private static void EnsureActive(CalendarEntry entry)
    {
        if (entry.IsCancelled) throw new DomainException("Calendar.Error.EntryCancelled");
    }

    private async Task EnsureLoadedAsync(CalendarEntry entry, CancellationToken ct)
    {
        var tracked = db.Entry(entry);
        if (tracked.State is EntityState.Added or EntityState.Detached) return;
        if (!tracked.Collection(e => e.Invitees).IsLoaded) await tracked.Collection(e => e.Invitees).LoadAsync(ct);
        if (!tracked.Collection(e => e.Exceptions).IsLoaded) await tracked.Collection(e => e.Exceptions).LoadAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar entry {EntryId} scheduled for {OwnerType} with {Invitees} invitee(s)")]
    private static partial void LogScheduled(ILogger logger, Guid entryId, string ownerType, int invitees);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar entry {EntryId} updated to sequence {Sequence}: {Changes} change(s), {Added} added, {Removed} removed")]
    private static partial void LogUpdated(ILogger logger, Guid entryId, int sequence, int changes, int added, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar entry {EntryId} cancelled (sequence {Sequence})")]
    private static partial void LogCancelled(ILogger logger, Guid entryId, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar entry {EntryId}: reply {Response} recorded")]
    private static partial void LogReplied(ILogger logger, Guid entryId, CalendarResponse response);
}
