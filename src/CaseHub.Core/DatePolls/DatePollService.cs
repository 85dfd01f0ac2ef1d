using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DatePolls;

/// <summary>A proposed time as typed (UTC instants; the form converts from Europe/Brussels).</summary>
public sealed record DatePollSlotInput(DateTimeOffset Start, DateTimeOffset End);

/// <summary>Who is looking at or answering a poll: a signed-in person (<see cref="UserId"/>) or a personal link (<see cref="Token"/>).</summary>
public sealed record DatePollAccess(Guid? PollId, Guid? UserId, string? Token)
{
    public static DatePollAccess SignedIn(Guid pollId, Guid userId) => new(pollId, userId, null);
    public static DatePollAccess Link(string? token) => new(null, null, token);
    public bool ByLink => Token is not null || UserId is null;
}

/// <summary>One slot with its answers as the reader may see them (counts cover only the rows they see).</summary>
public sealed record DatePollSlotView(Guid Id, DateTimeOffset Start, DateTimeOffset End, int Yes, int IfNeedBe, int No)
{
    public int Available => Yes + IfNeedBe;
}

/// <summary>One person's line of the grid.</summary>
public sealed record DatePollRow(Guid InviteeId, string Name, IReadOnlyDictionary<Guid, DatePollChoice> Answers, string? Comment, bool Answered, bool IsMe);

/// <summary>A poll as one reader sees it: the organiser everything; an invitee their own line and, unless hidden, the others'.</summary>
public sealed record DatePollView(Guid PollId, Guid MeetingId, string Title, DatePollStatus Status, bool HideAnswers, bool IsOrganiser,
    Guid? PickedSlotId, IReadOnlyList<DatePollSlotView> Slots, IReadOnlyList<DatePollRow> Rows, DatePollRow? Me, string MeetingPath, int Invited)
{
    public bool IsOpen => Status == DatePollStatus.Open;
    /// <summary>The reader sees the others' answers (always for the organiser).</summary>
    public bool ShowsOthers => IsOrganiser || !HideAnswers;
    /// <summary>Best first: most people available (yes or if need be), then most plain yes, then the earliest.</summary>
    public IReadOnlyList<DatePollSlotView> Ranked => Slots.OrderByDescending(s => s.Available).ThenByDescending(s => s.Yes).ThenBy(s => s.Start).ToList();
    public DatePollSlotView? Picked => Slots.FirstOrDefault(s => s.Id == PickedSlotId);
    public int Answered => Rows.Count(r => r.Answered);
}

/// <summary>
/// "Find a date together" (issue #20 point 3) for any meeting of the one life cycle (<see cref="MeetingScheduler"/>):
/// a room of any meeting type, or the calendar entry of a meeting without a room. The organiser proposes slots; each
/// person of the meeting answers yes / if need be / no per slot — staff signed in, partners and people without an
/// account through a personal link — and may comment; the organiser picks a slot, which is the scheduler's move
/// (everyone invited gets the calendar update with a higher SEQUENCE), and the poll closes. The meeting keeps its
/// provisional date until then. A partner's link is bound to them and to this poll: it answers and changes answers as
/// often as needed while the poll is open, and is "used" once the poll closes (it then only shows the outcome).
/// </summary>
public sealed partial class DatePollService(CaseHubDbContext db, MeetingScheduler scheduler, CalendarService calendar, People people, Outbox outbox,
    TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock, ILogger<DatePollService> log)
{
    // ------------------------------------------------------------------ open

    /// <summary>The meeting behind an id: a room, else a calendar entry of a meeting without a room (404 otherwise).</summary>
    public async Task<MeetingRef> MeetingAsync(Guid meetingId, CancellationToken ct = default)
    {
        if (await db.Rooms.AnyAsync(r => r.Id == meetingId, ct)) return MeetingRef.OfRoom(meetingId);
        if (await db.CalendarEntries.AnyAsync(e => e.Id == meetingId, ct)) return MeetingRef.OfCalendarEntry(meetingId);
        throw DomainException.NotFound();
    }

    /// <summary>The meeting's open poll, if any (for the organiser's "find a date" link).</summary>
    public Task<Guid?> OpenPollOfAsync(Guid meetingId, CancellationToken ct = default)
        => db.DatePolls.Where(p => p.MeetingId == meetingId && p.Status == DatePollStatus.Open).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    /// <summary>What the "new poll" page shows: the meeting as its organiser's panel sees it (404 / 403 with a message otherwise).</summary>
    public async Task<MeetingPanel> MeetingForOrganiserAsync(Guid meetingId, Guid userId, CancellationToken ct = default)
    {
        var r = await MeetingAsync(meetingId, ct);
        await scheduler.RequireOrganiserAsync(r, userId, ct);
        return await scheduler.PanelAsync(r, userId, ct);
    }

    /// <summary>
    /// Opens a poll on the meeting with the proposed slots and mails everyone of the meeting (but the organiser) their
    /// link. Refused, with nothing stored: no slot, a slot that ends before it starts, in the past or too far ahead,
    /// two overlapping slots, a meeting that started or was cancelled, a poll already open, nobody to ask.
    /// </summary>
    public async Task<Guid> OpenAsync(Guid meetingId, Guid userId, IReadOnlyList<DatePollSlotInput> slots, bool hideAnswers, CancellationToken ct = default)
    {
        var panel = await MeetingForOrganiserAsync(meetingId, userId, ct);
        if (panel.Status == RoomStatus.Cancelled) throw new DomainException("Meetings.Error.Cancelled");
        if (panel.Status != RoomStatus.Scheduled) throw new DomainException("Meetings.Error.Started");
        if (await OpenPollOfAsync(meetingId, ct) is not null) throw new DomainException("Polls.Error.AlreadyOpen");
        var valid = ValidSlots(slots);
        var invitees = await InviteesAsync(panel, userId, ct);
        if (invitees.Count == 0) throw new DomainException("Polls.Error.NobodyToAsk");

        var now = clock.GetUtcNow();
        var poll = new DatePoll { MeetingId = meetingId, MeetingIsRoom = panel.Ref.IsRoom, OrganiserId = userId, HideAnswers = hideAnswers, CreatedAt = now };
        poll.Slots.AddRange(valid.Select(s => new DatePollSlot { PollId = poll.Id, Start = s.Start, End = s.End }));
        var partners = await people.PartnerOnlyAsync(invitees.Where(i => i.UserId is not null).Select(i => i.UserId!.Value), ct);
        var organiser = await people.GetAsync(userId, ct);
        foreach (var i in invitees)
        {
            i.PollId = poll.Id;
            string? token = null;
            if (i.UserId is not { } uid || partners.Contains(uid))
            {
                token = SecureToken.New();
                i.TokenHash = SecureToken.Hash(token);
            }
            poll.Invitees.Add(i);
            await MailAsync(poll, i, token, panel.Title, organiser.DisplayName, reminder: false, ct);
        }
        db.DatePolls.Add(poll);
        await db.SaveChangesAsync(ct);
        LogOpened(log, poll.Id, poll.Slots.Count, poll.Invitees.Count);
        return poll.Id;
    }

    private List<DatePollSlotInput> ValidSlots(IReadOnlyList<DatePollSlotInput> slots)
    {
        if (slots.Count == 0) throw new DomainException("Polls.Error.NoSlots") { Field = "Slots" };
        if (slots.Count > DatePoll.MaxSlots) throw new DomainException("Polls.Error.TooManySlots", DatePoll.MaxSlots) { Field = "Slots" };
        var now = clock.GetUtcNow();
        var today = CalendarTime.LocalDate(now);
        var last = today.AddYears(MeetingScheduler.MaxYearsAhead);
        var list = new List<DatePollSlotInput>();
        for (var n = 0; n < slots.Count; n++)
        {
            var start = CalendarTime.Truncate(slots[n].Start);
            var end = CalendarTime.Truncate(slots[n].End);
            var field = $"Slots[{n}]";
            if (end <= start) throw new DomainException("Polls.Error.EndBeforeStart", n + 1) { Field = field };
            if (end - start > TimeSpan.FromHours(24)) throw new DomainException("Rooms.Error.TooLong") { Field = field };
            if (start < now.AddMinutes(-1) || CalendarTime.LocalDate(start) > last) throw new DomainException("Polls.Error.SlotDateRange", n + 1, today, last) { Field = field };
            // Duplicates and overlaps: two answers for the same hour would split the people who can make it.
            if (list.FindIndex(o => o.Start < end && start < o.End) is var other and >= 0)
                throw new DomainException("Polls.Error.Overlap", other + 1, n + 1) { Field = field };
            list.Add(new DatePollSlotInput(start, end));
        }
        return list.OrderBy(s => s.Start).ToList();
    }

    /// <summary>Everyone of the meeting but the one who opens the poll: a room's participants, or the entry's current invitees.</summary>
    private async Task<List<DatePollInvitee>> InviteesAsync(MeetingPanel panel, Guid organiserId, CancellationToken ct)
    {
        if (panel.Ref.IsRoom)
        {
            var ids = panel.People.Select(p => p.Id).Where(id => id != organiserId).ToList();
            var found = await people.ByIdAsync(ids, ct);
            return ids.Where(found.ContainsKey).Select(id => found[id]).Where(p => p.Email is not null)
                .Select(p => new DatePollInvitee { UserId = p.Id, Email = Validation.NormalizeEmail(p.Email!), Name = Trim(p.Name), Language = p.Language }).ToList();
        }
        var entry = await calendar.GetAsync(panel.Ref.Id, ct) ?? throw DomainException.NotFound();
        return entry.CurrentInvitees.Where(i => i.UserId != organiserId)
            .Select(i => new DatePollInvitee { UserId = i.UserId, Email = i.Email, Name = Trim(i.Name), Language = i.Language }).ToList();
    }

    private static string Trim(string name) => name.Length <= DatePollInvitee.NameMaxLength ? name : name[..DatePollInvitee.NameMaxLength];

    // ------------------------------------------------------------------ view

    /// <summary>The poll as the reader sees it. Not found for a wrong link or someone outside the meeting; refused with a
    /// message for a person of the meeting who was not asked (added after it opened).</summary>
    public async Task<DatePollView> ViewAsync(DatePollAccess access, string language, CancellationToken ct = default)
    {
        var (poll, me, organiser) = await ResolveAsync(access, ct);
        var invitees = await db.DatePollInvitees.AsNoTracking().Include(i => i.Answers).Where(i => i.PollId == poll.Id).ToListAsync(ct);
        var seeAll = organiser || !poll.HideAnswers;
        var rows = invitees.Where(i => seeAll || i.Id == me?.Id)
            .OrderBy(i => i.Id == me?.Id ? 0 : 1).ThenBy(i => i.Name, StringComparer.CurrentCulture)
            .Select(i => new DatePollRow(i.Id, i.Name, i.Answers.ToDictionary(a => a.SlotId, a => a.Choice), i.Comment, i.AnsweredAt is not null, i.Id == me?.Id))
            .ToList();
        var slots = poll.Slots.OrderBy(s => s.Start).Select(s => new DatePollSlotView(s.Id, s.Start, s.End,
            rows.Count(r => r.Answers.TryGetValue(s.Id, out var c) && c == DatePollChoice.Yes),
            rows.Count(r => r.Answers.TryGetValue(s.Id, out var c) && c == DatePollChoice.IfNeedBe),
            rows.Count(r => r.Answers.TryGetValue(s.Id, out var c) && c == DatePollChoice.No))).ToList();
        var (title, path) = await MeetingTitleAsync(poll, language, ct);
        return new DatePollView(poll.Id, poll.MeetingId, title, poll.Status, poll.HideAnswers, organiser, poll.PickedSlotId, slots, rows,
            rows.FirstOrDefault(r => r.IsMe), path, invitees.Count);
    }

    private async Task<(string Title, string Path)> MeetingTitleAsync(DatePoll poll, string language, CancellationToken ct)
    {
        if (poll.MeetingIsRoom)
        {
            var room = await db.Rooms.AsNoTracking().Where(r => r.Id == poll.MeetingId).Select(r => new { r.Title }).FirstOrDefaultAsync(ct);
            return (room?.Title ?? "—", $"/meetings/{poll.MeetingId}");
        }
        var entry = await calendar.GetAsync(poll.MeetingId, ct);
        return (entry?.Title.For(language) ?? "—", entry?.LinkPath ?? "/");
    }

    /// <summary>
    /// The poll, the reader's own invitee row (null for an organiser who was not asked) and whether they organise the
    /// meeting. A link: its invitee, never the organiser. Signed in: an invitee, or whoever may organise the meeting.
    /// </summary>
    private async Task<(DatePoll Poll, DatePollInvitee? Me, bool Organiser)> ResolveAsync(DatePollAccess access, CancellationToken ct)
    {
        if (access.ByLink)
        {
            if (!SecureToken.LooksValid(access.Token)) throw DomainException.NotFound();
            var hash = SecureToken.Hash(access.Token!);
            var invitee = await db.DatePollInvitees.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct) ?? throw DomainException.NotFound();
            var linked = await LoadAsync(invitee.PollId, ct);
            // Removed from the meeting since: the link stops showing the others' answers too.
            if (!await StillInMeetingAsync(linked, invitee, ct)) throw new DomainException("Polls.Error.NotInvited") { IsForbidden = true };
            return (linked, invitee, false);
        }
        var poll = await LoadAsync(access.PollId!.Value, ct);
        var userId = access.UserId!.Value;
        var me = await db.DatePollInvitees.AsNoTracking().FirstOrDefaultAsync(i => i.PollId == poll.Id && i.UserId == userId, ct);
        var r = Ref(poll);
        bool organises;
        try
        {
            await scheduler.RequireOrganiserAsync(r, userId, ct);
            organises = true;
        }
        catch (DomainException ex) when (ex.IsForbidden)
        {
            organises = false; // a person of the meeting who does not organise it
        }
        if (!organises && me is null) throw new DomainException("Polls.Error.NotInvited") { IsForbidden = true };
        return (poll, me, organises);
    }

    private async Task<DatePoll> LoadAsync(Guid pollId, CancellationToken ct)
        => await db.DatePolls.AsNoTracking().Include(p => p.Slots).FirstOrDefaultAsync(p => p.Id == pollId, ct) ?? throw DomainException.NotFound();

    private static MeetingRef Ref(DatePoll poll) => poll.MeetingIsRoom ? MeetingRef.OfRoom(poll.MeetingId) : MeetingRef.OfCalendarEntry(poll.MeetingId);

    // ------------------------------------------------------------------ answer

    /// <summary>Yes / if need be / no for one slot (a second answer replaces the first). Refused on a closed poll, for
    /// someone no longer in the meeting, or for a slot that is not the poll's.</summary>
    public async Task AnswerAsync(DatePollAccess access, Guid? slotId, DatePollChoice? choice, CancellationToken ct = default)
    {
        // Who answers first: someone not asked learns nothing from the checks of the fields.
        var (poll, invitee) = await AnswerableAsync(access, ct);
        if (choice is not { } c || !Enum.IsDefined(c)) throw new DomainException("Polls.Error.Choice") { Field = "Choice" };
        if (slotId is not { } sid || poll.Slots.All(s => s.Id != sid)) throw new DomainException("Polls.Error.UnknownSlot") { Field = "Slot" };
        var tracked = await db.DatePollInvitees.Include(i => i.Answers).FirstAsync(i => i.Id == invitee.Id, ct);
        if (tracked.Answers.FirstOrDefault(a => a.SlotId == sid) is { } answer) answer.Choice = c;
        else tracked.Answers.Add(new DatePollAnswer { InviteeId = tracked.Id, SlotId = sid, Choice = c });
        tracked.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>All slots at once (the form without script posts them together). Slots left out keep their answer.</summary>
    public async Task AnswerAllAsync(DatePollAccess access, IReadOnlyDictionary<Guid, DatePollChoice> choices, CancellationToken ct = default)
    {
        var (poll, invitee) = await AnswerableAsync(access, ct);
        if (choices.Count == 0) throw new DomainException("Polls.Error.Choice") { Field = "Choice" };
        if (choices.Keys.Any(k => poll.Slots.All(s => s.Id != k))) throw new DomainException("Polls.Error.UnknownSlot") { Field = "Slot" };
        if (choices.Values.Any(v => !Enum.IsDefined(v))) throw new DomainException("Polls.Error.Choice") { Field = "Choice" };
        var tracked = await db.DatePollInvitees.Include(i => i.Answers).FirstAsync(i => i.Id == invitee.Id, ct);
        foreach (var (sid, c) in choices)
        {
            if (tracked.Answers.FirstOrDefault(a => a.SlotId == sid) is { } answer) answer.Choice = c;
            else tracked.Answers.Add(new DatePollAnswer { InviteeId = tracked.Id, SlotId = sid, Choice = c });
        }
        tracked.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A comment beside the answers (empty removes it).</summary>
    public async Task CommentAsync(DatePollAccess access, string? comment, CancellationToken ct = default)
    {
        var (_, invitee) = await AnswerableAsync(access, ct);
        var text = Validation.RequireText(comment, DatePollInvitee.CommentMaxLength, "Comment", required: false);
        var tracked = await db.DatePollInvitees.FirstAsync(i => i.Id == invitee.Id, ct);
        tracked.Comment = text.Length == 0 ? null : text;
        await db.SaveChangesAsync(ct);
    }

    private async Task<(DatePoll Poll, DatePollInvitee Invitee)> AnswerableAsync(DatePollAccess access, CancellationToken ct)
    {
        var (poll, me, _) = await ResolveAsync(access, ct);
        if (me is null) throw new DomainException("Polls.Error.NotInvited") { IsForbidden = true };
        if (!poll.IsOpen) throw new DomainException("Polls.Error.Closed");
        if (!access.ByLink && !await StillInMeetingAsync(poll, me, ct)) throw new DomainException("Polls.Error.NotInvited") { IsForbidden = true };
        return (poll, me);
    }

    /// <summary>Someone removed from the meeting since the poll opened no longer answers (their link stops too).</summary>
    private Task<bool> StillInMeetingAsync(DatePoll poll, DatePollInvitee invitee, CancellationToken ct)
        => poll.MeetingIsRoom
            ? db.RoomParticipants.AnyAsync(p => p.RoomId == poll.MeetingId && p.UserId == invitee.UserId, ct)
            : db.CalendarInvitees.AnyAsync(i => i.EntryId == poll.MeetingId && i.RemovedAt == null && i.Email == invitee.Email, ct);

    // ------------------------------------------------------------------ pick

    /// <summary>
    /// The organiser picks a slot: the poll closes (claimed first, so two organisers picking at once cannot both move
    /// the meeting) and the meeting moves there through the one life cycle — everyone invited gets the calendar update.
    /// When the slot is the meeting's provisional date already, calendars are right and each person asked gets a short
    /// "date confirmed" mail instead. A refused move reopens the poll; answers are never touched.
    /// </summary>
    public async Task PickAsync(Guid pollId, Guid userId, Guid? slotId, CancellationToken ct = default)
    {
        var poll = await LoadAsync(pollId, ct);
        var r = Ref(poll);
        await scheduler.RequireOrganiserAsync(r, userId, ct);
        if (!poll.IsOpen) throw new DomainException("Polls.Error.Closed");
        var slot = poll.Slots.FirstOrDefault(s => s.Id == slotId) ?? throw new DomainException("Polls.Error.PickSlot") { Field = "Slot" };
        var now = clock.GetUtcNow();
        if (slot.Start < now) throw new DomainException("Polls.Error.SlotPassed") { Field = "Slot" };
        var panel = await scheduler.PanelAsync(r, userId, ct);

        var claimed = await db.DatePolls.Where(p => p.Id == pollId && p.Status == DatePollStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, DatePollStatus.Picked).SetProperty(p => p.PickedSlotId, slot.Id).SetProperty(p => p.ClosedAt, now), ct);
        if (claimed == 0) throw new DomainException("Polls.Error.Closed");
        bool moved;
        try
        {
            moved = await scheduler.MoveAsync(r, userId, new MeetingMove(slot.Start, slot.End, panel.Location, panel.VideoUrl), ct);
        }
        catch
        {
            await db.DatePolls.Where(p => p.Id == pollId && p.Status == DatePollStatus.Picked)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, DatePollStatus.Open).SetProperty(p => p.PickedSlotId, (Guid?)null).SetProperty(p => p.ClosedAt, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
        if (!moved)
        {
            var invitees = await db.DatePollInvitees.AsNoTracking().Where(i => i.PollId == pollId).ToListAsync(ct);
            foreach (var i in invitees)
            {
                var l = i.Language;
                var body = new MailBody()
                    .Paragraph(texts.Format("Calendar.Mail.Greeting", l, MailBody.Escape(i.Name)))
                    .Paragraph(texts.Format("Polls.Mail.Chosen.Intro", l, MailBody.Escape(panel.Title), MailBody.Escape(CalendarTime.FormatRange(slot.Start, slot.End, l))))
                    .Paragraph(texts.Get("Polls.Mail.Chosen.Calendar", l));
                await outbox.EnqueueAsync(db, new MailRequest
                {
                    ToAddress = i.Email, ToName = i.Name, Language = l, Kind = "DatePollChosen", DedupKey = $"date-poll-chosen:{pollId}:{i.Id}",
                    Subject = texts.Format("Polls.Mail.Chosen.Subject", l, panel.Title, CalendarTime.FormatDate(slot.Start, l)), BodyMarkdown = body.ToString(),
                }, ct);
            }
            await db.SaveChangesAsync(ct);
        }
        LogPicked(log, pollId);
    }

    // ------------------------------------------------------------------ mails

    /// <summary>The invitation (or the one reminder) with the slots and the person's link: the poll page for staff, a personal link otherwise.</summary>
    internal async Task MailAsync(DatePoll poll, DatePollInvitee i, string? token, string title, string organiser, bool reminder, CancellationToken ct)
    {
        var l = i.Language;
        var link = app.Value.Link(token is null ? $"/polls/{poll.Id}" : $"/polls/answer/{token}");
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, MailBody.Escape(i.Name)))
            .Paragraph(texts.Format(reminder ? "Polls.Mail.Reminder.Intro" : "Polls.Mail.Invite.Intro", l, MailBody.Escape(organiser), MailBody.Escape(title)));
        foreach (var s in poll.Slots.OrderBy(s => s.Start)) body.Item(MailBody.Escape(CalendarTime.FormatRange(s.Start, s.End, l)));
        body.EndList()
            .Paragraph(texts.Format("Polls.Mail.Invite.Link", l, link))
            .Note(texts.Get(token is null ? "Polls.Mail.Invite.SignIn" : "Polls.Mail.Invite.Personal", l));
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = i.Email, ToName = i.Name, Language = l, Kind = reminder ? "DatePollReminder" : "DatePollInvitation",
            DedupKey = $"date-poll{(reminder ? "-reminder" : "")}:{poll.Id}:{i.Id}",
            Subject = texts.Format(reminder ? "Polls.Mail.Reminder.Subject" : "Polls.Mail.Invite.Subject", l, title),
            BodyMarkdown = body.ToString(),
        }, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Date poll {PollId} opened: {Slots} slot(s), {Invitees} invitee(s)")]
    private static partial void LogOpened(ILogger logger, Guid pollId, int slots, int invitees);

    [LoggerMessage(Level = LogLevel.Information, Message = "Date poll {PollId}: slot picked, meeting scheduled")]
    private static partial void LogPicked(ILogger logger, Guid pollId);
}
