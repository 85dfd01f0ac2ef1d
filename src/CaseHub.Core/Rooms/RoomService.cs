using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

public sealed record ParticipantSpec(Guid UserId, RoomRole Role, string? ProtocolRole = null);

public sealed record PhaseSpec(string TemplateKey, string? Title, int Minutes);

public sealed record RoomSpec(
    string? Title,
    string ProtocolKey,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Location,
    string? VideoUrl,
    string? Purpose,
    IReadOnlyList<ParticipantSpec> Participants,
    IReadOnlyList<PhaseSpec>? Phases = null,
    int? SpeakingLimitSeconds = null)
{
    public string? ContextType { get; init; }
    public Guid? ContextId { get; init; }
}

/// <summary>Creates meetings from a protocol and adjusts their plan before they start (who is invited, when and where:
/// <see cref="MeetingScheduler"/>, the meetings' one life cycle).</summary>
public sealed class RoomService(CaseHubDbContext db, ProtocolCatalog protocols, TimeProvider clock)
{
    public const int MaxParticipants = 200;
    public const int MaxPhases = 40;
    public const int MaxPhaseMinutes = 480;

    /// <summary>Roles allowed to create meetings.</summary>
    public static readonly string[] OrganiserRoles = [Roles.Administrator, Roles.Facilitator, Roles.Coordinator];

    /// <summary>Builds the room with its phases and participants (not saved: the caller's unit of work commits it,
    /// together with the invitations).</summary>
    public async Task<Room> CreateAsync(RoomSpec spec, Guid organiserId, CancellationToken ct = default)
    {
        var protocol = protocols.Get(spec.ProtocolKey);
        var title = Validation.RequireText(spec.Title, Room.TitleMaxLength, "Title");
        ValidateSchedule(spec.Start, spec.End);
        var location = Validation.RequireText(spec.Location, Room.LocationMaxLength, "Location", required: false);
        var video = ValidateUrl(spec.VideoUrl);
        var purpose = Validation.RequireText(spec.Purpose, Room.PurposeMaxLength, "Purpose", required: false);
        if (spec.SpeakingLimitSeconds is < 15 or > 3600) throw new DomainException("Error.OutOfRange", 15, 3600) { Field = "SpeakingLimitSeconds" };

        var participants = await ValidateParticipantsAsync(spec.Participants, protocol, organiserId, ct);
        var chair = participants.Single(p => p.Role == RoomRole.Chair);
        var room = new Room
        {
            Title = title,
            ProtocolKey = protocol.Key,
            ScheduledStart = spec.Start,
            ScheduledEnd = spec.End,
            Location = location.Length == 0 ? null : location,
            VideoUrl = video,
            Purpose = purpose.Length == 0 ? null : purpose,
            OrganiserId = organiserId,
            SpeakingLimitSeconds = spec.SpeakingLimitSeconds,
            ContextType = spec.ContextType,
            ContextId = spec.ContextId,
            CreatedAt = clock.GetUtcNow(),
            StateJson = RoomLiveState.For(chair.UserId).Serialize(),
        };
        room.Phases.AddRange(BuildPhases(protocol, spec.Phases));
        var order = 0;
        foreach (var p in participants)
            room.Participants.Add(new RoomParticipant { UserId = p.UserId, Role = p.Role, ProtocolRole = p.ProtocolRole, JoinOrder = order++, InvitedAt = room.CreatedAt });
        db.Rooms.Add(room);
        return room;
    }

    /// <summary>Replaces the phase plan (names and durations) — only before the meeting starts, by its organiser or chair.</summary>
    public async Task UpdatePlanAsync(Guid roomId, Guid userId, IReadOnlyList<PhaseSpec> phases, CancellationToken ct = default)
    {
        var room = await LoadEditableAsync(roomId, userId, ct);
        var protocol = protocols.Get(room.ProtocolKey);
        var fresh = BuildPhases(protocol, phases);
        if (protocol.FixedPlan && !fresh.Select(p => p.TemplateKey).SequenceEqual(room.Phases.OrderBy(p => p.Order).Select(p => p.TemplateKey)))
            throw new DomainException("Rooms.Error.FixedPlan");
        db.RoomPhases.RemoveRange(room.Phases);
        await db.SaveChangesAsync(ct); // the (RoomId, Order) index is unique: old rows go before new ones arrive
        foreach (var p in fresh) { p.RoomId = room.Id; db.RoomPhases.Add(p); }
        room.StateVersion++;
        await db.SaveChangesAsync(ct);
    }

    public static void ValidateSchedule(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start) throw new DomainException("Error.EndBeforeStart") { Field = "End" };
        if (end - start > TimeSpan.FromHours(24)) throw new DomainException("Rooms.Error.TooLong") { Field = "End" };
    }

    public static string? ValidateUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new DomainException("Rooms.Error.VideoUrl") { Field = "VideoUrl" };
        return uri.ToString();
    }

    private static List<RoomPhase> BuildPhases(Protocol protocol, IReadOnlyList<PhaseSpec>? specs)
    {
        var phases = specs is null
            ? protocol.Phases.Select(t => new PhaseSpec(t.Key, null, t.DefaultMinutes)).ToList()
            : specs.ToList();
        if (phases.Count == 0) throw new DomainException("Rooms.Error.NoPhases");
        if (phases.Count > MaxPhases) throw new DomainException("Rooms.Error.TooManyPhases", MaxPhases);
        var result = new List<RoomPhase>();
        foreach (var (spec, i) in phases.Select((p, i) => (p, i)))
        {
            var template = protocol.Phases.FirstOrDefault(t => t.Key == spec.TemplateKey) ?? throw new DomainException("Rooms.Error.UnknownPhase");
            if (spec.Minutes is < 1 or > MaxPhaseMinutes) throw new DomainException("Error.OutOfRange", 1, MaxPhaseMinutes) { Field = "Minutes" };
            var title = Validation.RequireText(spec.Title, RoomPhase.TitleMaxLength, "Title", required: false);
            result.Add(new RoomPhase
            {
                Order = i, TemplateKey = template.Key, NameKey = template.NameKey, Title = title.Length == 0 ? null : title,
                PlannedMinutes = spec.Minutes, Kind = template.Kind,
            });
        }
        return result;
    }

    private async Task<List<ParticipantSpec>> ValidateParticipantsAsync(IReadOnlyList<ParticipantSpec> specs, Protocol protocol, Guid organiserId, CancellationToken ct)
    {
        var list = specs.ToList();
        if (list.Select(p => p.UserId).Distinct().Count() != list.Count) throw new DomainException("Rooms.Error.DuplicateParticipant") { Field = "Participants" };
        if (list.Count(p => p.Role == RoomRole.Chair) > 1) throw new DomainException("Rooms.Error.OneChair") { Field = "Participants" };
        if (list.Any(p => !Enum.IsDefined(p.Role))) throw new DomainException("Error.InvalidValue") { Field = "Participants" };
        if (list.Any(p => !protocol.HasRole(p.ProtocolRole))) throw new DomainException("Rooms.Error.UnknownProtocolRole") { Field = "Participants" };
        // The organiser chairs unless someone else was named chair; they are always a participant.
        if (list.All(p => p.Role != RoomRole.Chair))
        {
            var self = list.FindIndex(p => p.UserId == organiserId);
            if (self >= 0) list[self] = list[self] with { Role = RoomRole.Chair };
            else list.Insert(0, new ParticipantSpec(organiserId, RoomRole.Chair));
        }
        else if (list.All(p => p.UserId != organiserId))
        {
            list.Insert(0, new ParticipantSpec(organiserId, RoomRole.Participant));
        }
        if (list.Count > MaxParticipants) throw new DomainException("Rooms.Error.TooManyParticipants", MaxParticipants) { Field = "Participants" };
        var ids = list.Select(p => p.UserId).ToList();
        var known = await db.Users.Where(u => ids.Contains(u.Id) && u.ErasedAt == null).CountAsync(ct);
        if (known != ids.Count) throw new DomainException("Rooms.Error.UnknownUser") { Field = "Participants" };
        return list;
    }

    private async Task<Room> LoadManageableAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        var room = await db.Rooms.Include(r => r.Participants).FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw DomainException.NotFound();
        var state = RoomLiveState.Deserialize(room.StateJson);
        if (room.OrganiserId != userId && state.ActingChairId != userId)
            throw room.Participants.Any(p => p.UserId == userId) ? DomainException.Forbidden() : DomainException.NotFound();
        if (room.Status is RoomStatus.Closed or RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Closed");
        return room;
    }

    private async Task<Room> LoadEditableAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        var room = await LoadManageableAsync(roomId, userId, ct);
        await db.Entry(room).Collection(r => r.Phases).LoadAsync(ct);
        if (room.Status != RoomStatus.Scheduled) throw new DomainException("Rooms.Error.AlreadyStarted");
        return room;
    }
}
