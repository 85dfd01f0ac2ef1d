using System.Text;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>
/// The team debrief meeting (débriefing d'équipe) as a room protocol: the team's visitors present their day in turn,
/// the team shares what surprised it, then decides what it adopts (decisions and actions with owners). 90 minutes.
/// </summary>
public sealed class ImmersionTeamDebriefProtocol : IProtocolSource
{
    public const string Key = "immersion-team-debrief";

    /// <summary>Decisions and actions are written in the feature's minutes section, beside the gathered points.</summary>
    private static readonly MinutesContent Minutes = new(Attendance: true, Phases: true, Decisions: false, Actions: false, Notes: true, Votes: true);

    public IEnumerable<Protocol> Protocols =>
    [
        new Protocol(Key, "Immersion.Protocol.TeamDebrief",
        [
            new("welcome", "Phase.Welcome", 5, PhaseKind.Discussion, PhasePolicy.Open),
            new("tour", "Immersion.Phase.Tour", 35, PhaseKind.Round, PhasePolicy.Open with { QueueOpen = false }),
            new("surprises", "Immersion.Phase.Surprises", 20, PhaseKind.Discussion, PhasePolicy.Open),
            new("bring-back", "Immersion.Phase.BringBack", 25, PhaseKind.Decisions, PhasePolicy.Voting),
            new("closing", "Immersion.Phase.Closing", 5, PhaseKind.Round, PhasePolicy.Open with { QueueOpen = false }),
        ],
        Minutes, ["rapporteur"]),
    ];
}

/// <summary>One visitor's shared debrief as the team debrief gathers it (never the private notes).</summary>
public sealed record GatheredDebrief(Guid PlacementId, string Visitor, string Partner, DateOnly Date, string Text)
{
    public DebriefSections Sections => DebriefSections.Parse(Text);
}

/// <summary>
/// The four prompts of a shared debrief found in its Markdown by their headings (in any of the three languages).
/// A debrief written without headings is kept whole in <see cref="Other"/>.
/// </summary>
public sealed record DebriefSections(string Saw, string Contacts, string Surprised, string BringBack, string Other)
{
    public bool Structured => Saw.Length + Contacts.Length + Surprised.Length + BringBack.Length > 0;

    /// <summary>The points to bring back to the team: that section, or the whole text when it has no headings.</summary>
    public string BringBackOrAll => Structured ? BringBack : Other;

    public static DebriefSections Parse(string? markdown)
    {
        var parts = new StringBuilder[5];
        for (var i = 0; i < parts.Length; i++) parts[i] = new StringBuilder();
        var current = 4;
        foreach (var raw in (markdown ?? "").Replace("\r", "").Split('\n'))
        {
            if (HeadingOf(raw) is { } heading && Kind(heading) is { } kind) { current = kind; continue; }
            parts[current].AppendLine(raw);
        }
        return new DebriefSections(parts[0].ToString().Trim(), parts[1].ToString().Trim(), parts[2].ToString().Trim(), parts[3].ToString().Trim(), parts[4].ToString().Trim());
    }

    /// <summary>A Markdown heading ("## …") or a line in bold alone ("**…**"), as people write prompts.</summary>
    private static string? HeadingOf(string line)
    {
        var t = line.Trim();
        if (t.StartsWith('#')) return t.TrimStart('#').Trim();
        if (t.Length > 4 && t.StartsWith("**", StringComparison.Ordinal) && t.EndsWith("**", StringComparison.Ordinal)) return t.Trim('*').Trim();
        return null;
    }

    private static int? Kind(string heading)
    {
        var h = heading.ToLowerInvariant().TrimEnd(':', ' ');
        if (h.Contains("ramène") || h.Contains("ramener") || h.Contains("meebreng") || h.Contains("bring back") || h.Contains("mee terug")) return 3;
        if (h.Contains("étonn") || h.Contains("etonn") || h.Contains("verras") || h.Contains("verwonder") || h.Contains("surpris")) return 2;
        if (h.Contains("contact")) return 1;
        if (h.Contains("j'ai vu") || h.Contains("ce que j’ai vu") || h.Contains("wat ik zag") || h.Contains("what i saw") || h.Contains("gezien")) return 0;
        return null;
    }
}

public sealed record TeamDebriefInput
{
    public Guid TeamId { get; init; }
    public string? Title { get; init; }
    public DateOnly Date { get; init; }
    public TimeOnly Start { get; init; } = new(14, 0);
    public TimeOnly End { get; init; } = new(15, 30);
    public string? Place { get; init; }
    public string? VideoUrl { get; init; }
}

/// <summary>A scheduled team debrief: its event, team and room.</summary>
public sealed record TeamDebriefMeeting(ImmersionEvent Event, string TeamName, Room Room);

/// <summary>
/// Schedules team debrief meetings (calendar event + live room) and gathers, for the room's participants only, the
/// shared debriefs of the team's visitors in the campaign. The team lead chairs: what the team adopts is theirs to
/// decide; the coordinator who schedules it takes part (and keeps the directory fed from what is said).
/// </summary>
public sealed class ImmersionTeamDebriefs(CaseHubDbContext db, ImmersionCampaigns campaigns, ImmersionTeams teamCoverage, MeetingScheduler scheduler, RoomEngine engine,
    IRoomNotes notes, TextCatalog texts, TimeProvider clock)
{
    public const string ContextType = "immersion-team-debrief";

    /// <summary>Teams of the campaign the user may schedule a debrief for: all for a coordinator, the teams they lead otherwise.</summary>
    public async Task<List<TeamCoverage>> SchedulableTeamsAsync(Guid campaignId, Guid userId, bool isCoordinator, CancellationToken ct = default)
    {
        var teams = await teamCoverage.ListAsync(campaignId, ct);
        return isCoordinator ? teams : teams.Where(t => t.LeadUserId == userId).ToList();
    }

    public async Task<List<TeamDebriefMeeting>> ListAsync(Guid campaignId, CancellationToken ct = default)
    {
        var events = await db.ImmersionEvents.AsNoTracking().Where(e => e.CampaignId == campaignId && e.Kind == ImmersionEventKind.TeamDebrief && e.RoomId != null)
            .OrderBy(e => e.Start).ToListAsync(ct);
        var roomIds = events.Select(e => e.RoomId!.Value).ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var teamIds = events.Select(e => e.TeamId).ToList();
        var names = await db.Services.AsNoTracking().Where(s => teamIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return events.Where(e => rooms.ContainsKey(e.RoomId!.Value))
            .Select(e => new TeamDebriefMeeting(e, e.TeamId is { } t && names.TryGetValue(t, out var n) ? n : "", rooms[e.RoomId!.Value])).ToList();
    }

    /// <summary>
    /// Creates the event (kind TeamDebrief) and its room with the team's placed visitors and the team lead; invitations
    /// (mail + iCalendar) go to every participant. Only a coordinator or the team's lead. Saves once.
    /// </summary>
    public async Task<TeamDebriefMeeting> ScheduleAsync(Guid campaignId, TeamDebriefInput input, Guid userId, bool isCoordinator, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var team = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.TeamId, ct);
        if (team is null || (!isCoordinator && team.LeadUserId != userId)) throw new DomainException("Immersion.TeamDebrief.Error.Team") { Field = "TeamId" };
        var visitors = await VisitorsAsync(campaignId, team.Id, ct);
        if (visitors.Count == 0) throw new DomainException("Immersion.TeamDebrief.Error.NoVisitors") { Field = "TeamId" };
        var start = CalendarTime.FromLocal(input.Date, input.Start);
        var end = CalendarTime.FromLocal(input.Date, input.End);
        if (end <= start) throw new DomainException("Immersion.Error.TimeOrder") { Field = "End" };
        if (start < clock.GetUtcNow()) throw new DomainException("Immersion.Error.EventInPast") { Field = "Date" };
        var video = RoomService.ValidateUrl(input.VideoUrl);
        var place = Validation.RequireText(input.Place, CalendarEntry.LocationMaxLength, "Place", required: video is null);
        var title = string.IsNullOrWhiteSpace(input.Title)
            ? texts.Format("Immersion.TeamDebrief.DefaultTitle", Languages.Default, team.Name)
            : Validation.RequireText(input.Title, ImmersionEvent.TitleMaxLength, "Title");
        if (title.Length > ImmersionEvent.TitleMaxLength) title = title[..ImmersionEvent.TitleMaxLength];

        var participants = visitors.Select(v => new ParticipantSpec(v, RoomRole.Participant)).ToList();
        if (team.LeadUserId is { } lead && await db.Users.AnyAsync(u => u.Id == lead && u.ErasedAt == null, ct))
        {
            participants.RemoveAll(p => p.UserId == lead);
            participants.Insert(0, new ParticipantSpec(lead, RoomRole.Chair));
        }
        var ev = new ImmersionEvent
        {
            CampaignId = c.Id, Kind = ImmersionEventKind.TeamDebrief, Title = title, Start = start, End = end,
            Place = place.Length > 0 ? place : video!, TeamId = team.Id,
        };
        // The event, the room and its invitation are one change: the scheduler saves, the transaction makes it atomic.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ImmersionEvents.Add(ev);
        var spec = new RoomSpec(title, ImmersionTeamDebriefProtocol.Key, start, end, place.Length > 0 ? place : null, video,
            texts.Format("Immersion.TeamDebrief.Purpose", Languages.Default, c.Name), participants)
        {
            ContextType = ContextType, ContextId = ev.Id,
        };
        var room = await scheduler.CreateAsync(spec, userId, ct);
        var entry = await db.CalendarEntries.AsNoTracking().FirstAsync(e => e.OwnerType == MeetingScheduler.CalendarOwnerType && e.OwnerId == room.Id, ct);
        ev.RoomId = room.Id;
        ev.CalendarEntryId = entry.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new TeamDebriefMeeting(ev, team.Name, room);
    }

    /// <summary>The team debrief behind a room, or null when the room is not one.</summary>
    public async Task<ImmersionEvent?> EventOfRoomAsync(Guid roomId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().Where(r => r.Id == roomId).Select(r => new { r.ContextType, r.ContextId }).FirstOrDefaultAsync(ct);
        if (room is not { ContextType: ContextType, ContextId: { } id }) return null;
        return await db.ImmersionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
    }

    /// <summary>The shared debriefs of the team's visitors, for a participant of the room (404 for anybody else).</summary>
    public async Task<List<GatheredDebrief>> GatherForAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        await engine.RequireMemberAsync(roomId, userId, ct);
        var ev = await EventOfRoomAsync(roomId, ct) ?? throw DomainException.NotFound();
        return await GatherAsync(ev, ct);
    }

    public Task<List<GatheredDebrief>> GatherAsync(ImmersionEvent ev, CancellationToken ct = default) => TeamDebriefGathering.GatherAsync(db, notes, ev, ct);

    private async Task<List<Guid>> VisitorsAsync(Guid campaignId, Guid teamId, CancellationToken ct)
        => await (from p in db.ImmersionPlacements
                  join w in db.ImmersionParticipants on p.ParticipantId equals w.Id
                  join u in db.Users on w.UserId equals u.Id
                  where p.CampaignId == campaignId && p.OfferDateId != null && w.TeamId == teamId && u.ErasedAt == null
                  select w.UserId).Distinct().ToListAsync(ct);
}

/// <summary>
/// The team debrief in the meetings' life cycle: its room's organiser (a coordinator), the team lead who chairs it, or
/// any coordinator organises it; CPAS staff may be invited; the visitors prepare by writing their shared debrief
/// (reached from the campaign page) and have prepared once it holds something. Moved, renamed or re-placed from the
/// meeting's own page, its immersion event (what the campaign page and its lists show) takes the room's title, time
/// and place in the same save; the calendar entry is the room's.
/// </summary>
public sealed class TeamDebriefMeetingType(CaseHubDbContext db, People people, IRoomNotes notes) : MeetingType(db, people)
{
    private static readonly string[] CoordinatorRoles = [Roles.Coordinator, Roles.Administrator];

    public override string Key => ImmersionTeamDebriefs.ContextType;

    public override string PreparationTextKey => "Immersion.TeamDebrief.Prepare";

    public override async Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct)
        => await base.MayOrganiseAsync(meeting, userId, ct) || await People.IsInAnyRoleAsync(userId, CoordinatorRoles, ct);

    public override async Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        await base.RequireInvitableAsync(meeting, userId, ct);
        if (!await People.IsStaffAsync(userId, ct)) throw new DomainException("Immersion.TeamDebrief.Error.StaffOnly") { Field = "PersonId" };
    }

    public override async Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct)
    {
        var all = await base.InvitableAsync(meeting, ct);
        var staff = await People.StaffAmongAsync(all.Select(p => p.Id), ct);
        return all.Where(p => staff.Contains(p.Id)).ToList();
    }

    public override async Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct)
    {
        var id = meeting.ContextId;
        // Scheduling adds the event and creates the room's invitation in one save: the event may not be stored yet.
        var campaignId = Db.ImmersionEvents.Local.FirstOrDefault(e => e.Id == id)?.CampaignId
                         ?? await Db.ImmersionEvents.AsNoTracking().Where(e => e.Id == id).Select(e => (Guid?)e.CampaignId).FirstOrDefaultAsync(ct);
        return campaignId is { } c ? ImmersionLinks.CampaignPath(c) : await base.PreparationPathAsync(meeting, ct);
    }

    /// <summary>Each visitor of the team has prepared once their shared debrief holds something; the others have nothing to prepare.</summary>
    public override async Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct)
    {
        var id = meeting.ContextId;
        var ev = await Db.ImmersionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (ev?.TeamId is not { } teamId) return new Dictionary<Guid, bool>();
        var placements = await (from p in Db.ImmersionPlacements
                                join w in Db.ImmersionParticipants on p.ParticipantId equals w.Id
                                where p.CampaignId == ev.CampaignId && w.TeamId == teamId && p.OfferDateId != null
                                select new { p.Id, w.UserId }).AsNoTracking().ToListAsync(ct);
        var result = new Dictionary<Guid, bool>();
        foreach (var p in Preparing(meeting, participants))
        {
            var mine = placements.Where(x => x.UserId == p.UserId).ToList();
            if (mine.Count == 0) continue;
            var written = false;
            foreach (var x in mine) written |= (await notes.GetTextAsync(ImmersionLinks.DebriefNotesKey(x.Id), ct)).Trim().Length > 0;
            result[p.UserId] = written;
        }
        return result;
    }

    public override async Task FollowAsync(Meeting meeting, MeetingChange change, CancellationToken ct)
    {
        if (change.Kind != MeetingChangeKind.Moved || meeting.Room is not { } room) return;
        if (room.ContextId is not { } id || await Db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == id && e.RoomId == room.Id, ct) is not { } ev) return;
        ev.Start = room.ScheduledStart;
        ev.End = room.ScheduledEnd;
        // A room title may be longer than an event's: the event keeps what fits.
        ev.Title = room.Title.Length > ImmersionEvent.TitleMaxLength ? room.Title[..ImmersionEvent.TitleMaxLength] : room.Title;
        // Place as at scheduling: the room's place, else its video link (kept as it was when the link is longer than a place may be).
        if ((room.Location ?? room.VideoUrl) is { } place && place.Length <= CalendarEntry.LocationMaxLength) ev.Place = place;
    }
}

/// <summary>
/// The programme's meetings without a room — speed-meeting, partners' meeting, preparation morning — in the meetings'
/// life cycle: the coordination organises them; the invitees (partners by address, workers) are the participants;
/// anyone with an account may be added. Moved, the event follows; cancelled, it leaves the campaign's list as before.
/// </summary>
public sealed class ImmersionEventMeetingType(CaseHubDbContext db, People people) : MeetingType(db, people)
{
    private static readonly string[] CoordinatorRoles = [Roles.Coordinator, Roles.Administrator];

    public override string Key => ImmersionLinks.EventOwnerType;

    public override bool WithoutRoom => true;

    public override Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct) => People.IsInAnyRoleAsync(userId, CoordinatorRoles, ct);

    public override Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct) => Task.FromResult(meeting.Entry?.LinkPath ?? "/immersion");

    public override Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct)
        => Task.FromResult<IReadOnlyDictionary<Guid, bool>>(new Dictionary<Guid, bool>());

    public override async Task FollowAsync(Meeting meeting, MeetingChange change, CancellationToken ct)
    {
        var id = meeting.ContextId;
        if (meeting.Entry is not { } entry || await Db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == id, ct) is not { } ev) return;
        switch (change.Kind)
        {
            case MeetingChangeKind.Moved:
                ev.Start = entry.Start;
                ev.End = entry.End;
                ev.Place = entry.Location ?? ev.Place;
                break;
            case MeetingChangeKind.Cancelled:
                Db.ImmersionEvents.Remove(ev);
                break;
        }
    }
}

/// <summary>Reads the shared debriefs ("…:debrief" notes) of the placements of the event's team in its campaign. Private notes are never read.</summary>
internal static class TeamDebriefGathering
{
    public static async Task<List<GatheredDebrief>> GatherAsync(CaseHubDbContext db, IRoomNotes notes, ImmersionEvent ev, CancellationToken ct)
    {
        if (ev.TeamId is not { } teamId) return [];
        var rows = await (from p in db.ImmersionPlacements
                          join w in db.ImmersionParticipants on p.ParticipantId equals w.Id
                          join d in db.ImmersionOfferDates on p.OfferDateId equals d.Id
                          join o in db.ImmersionOffers on d.OfferId equals o.Id
                          where p.CampaignId == ev.CampaignId && w.CampaignId == ev.CampaignId && w.TeamId == teamId
                          select new { p.Id, w.Name, o.Organisation, d.Date }).AsNoTracking().ToListAsync(ct);
        var list = new List<GatheredDebrief>();
        foreach (var r in rows.OrderBy(r => r.Date).ThenBy(r => r.Name, StringComparer.Ordinal))
            list.Add(new GatheredDebrief(r.Id, r.Name, r.Organisation, r.Date, (await notes.GetTextAsync(ImmersionLinks.DebriefNotesKey(r.Id), ct)).Trim()));
        return list;
    }
}

/// <summary>
/// The team debrief's part of the minutes: the points each visitor brought back (from their shared debrief), then what
/// the team decided and the actions with owners. Every participant may read all of it (same for every reader).
/// </summary>
public sealed class ImmersionTeamDebriefMinutesSection(CaseHubDbContext db, IRoomNotes notes, TextCatalog texts) : IMinutesSection
{
    public string ContextType => ImmersionTeamDebriefs.ContextType;

    public async Task<string?> BuildAsync(Room room, Guid? readerId, string language, CancellationToken ct)
    {
        var ev = await db.ImmersionEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == room.ContextId, ct);
        if (ev is null) return null;
        var culture = Languages.Culture(language);
        string T(string key, params object?[] args) => texts.Format(key, language, args);
        var sb = new StringBuilder();
        sb.AppendLine(culture, $"## {T("Immersion.TeamDebrief.Minutes.BringBack")}").AppendLine();
        var gathered = await TeamDebriefGathering.GatherAsync(db, notes, ev, ct);
        var any = false;
        foreach (var g in gathered)
        {
            var points = g.Sections.BringBackOrAll;
            if (points.Length == 0) continue;
            any = true;
            sb.AppendLine(culture, $"### {MinutesService.Escape(g.Visitor)} — {MinutesService.Escape(g.Partner)} ({g.Date.ToString("d MMMM", culture)})").AppendLine();
            foreach (var line in points.Split('\n').Where(l => l.Trim().Length > 0))
            {
                var t = line.Trim();
                sb.AppendLine("- " + MinutesService.Escape(t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal) ? t[2..] : t));
            }
            sb.AppendLine();
        }
        if (!any) sb.AppendLine(T("Minutes.None")).AppendLine();

        var participants = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == room.Id).Select(p => new { p.UserId, p.User!.DisplayName }).ToListAsync(ct);
        var names = participants.ToDictionary(p => p.UserId, p => p.DisplayName);
        var decisions = (await db.Decisions.AsNoTracking().Where(d => d.RoomId == room.Id).ToListAsync(ct)).OrderBy(d => d.RecordedAt).ToList();
        sb.AppendLine(culture, $"## {T("Immersion.TeamDebrief.Minutes.Adopted")}").AppendLine();
        if (decisions.Count == 0) sb.AppendLine(T("Minutes.None"));
        foreach (var d in decisions) sb.AppendLine(culture, $"- {MinutesService.Escape(d.Text)}");
        sb.AppendLine();
        await MinutesService.AppendActionsAsync(db, texts, sb, room.Id, names, language, ct);
        return sb.ToString();
    }
}
