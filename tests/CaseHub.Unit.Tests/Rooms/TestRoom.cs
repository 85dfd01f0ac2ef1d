using CaseHub.Core.Common;
using CaseHub.Core.Rooms;

namespace CaseHub.Unit.Tests.Rooms;

/// <summary>
/// A network meeting held in memory, as the room engine would load it: the room, its phase plan (the protocol's six
/// phases), its participants and its live state, plus the decisions, actions and votes recorded so far. The people:
/// the chair, a co-chair, a participant who is the rapporteur, a plain participant, and an observer.
/// </summary>
internal sealed class TestRoom
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Protocol Protocol = new NetworkMeetingProtocol().Protocols.Single();

    public Room Room { get; }
    public RoomLiveState State { get; private set; }
    public List<RoomPhase> Phases { get; }
    public List<RoomParticipant> Participants { get; } = [];
    public List<Decision> Decisions { get; } = [];
    public List<ActionItem> Actions { get; } = [];
    public List<Vote> Votes { get; } = [];
    public DateTimeOffset Now { get; set; } = T0;

    public RoomParticipant Chair { get; }
    public RoomParticipant CoChair { get; }
    public RoomParticipant Rapporteur { get; }
    public RoomParticipant Member { get; }
    public RoomParticipant Observer { get; }

    public TestRoom()
    {
        Room = new Room { Title = "Réunion de réseau", ProtocolKey = Protocol.Key, Status = RoomStatus.Scheduled, ScheduledStart = T0, ScheduledEnd = T0.AddHours(2) };
        Phases = Protocol.Phases.Select((p, i) => new RoomPhase
        {
            RoomId = Room.Id, Order = i, TemplateKey = p.Key, NameKey = p.NameKey, PlannedMinutes = p.DefaultMinutes, Kind = p.Kind,
        }).ToList();
        Chair = Add(RoomRole.Chair);
        CoChair = Add(RoomRole.CoChair);
        Rapporteur = Add(RoomRole.Participant, "rapporteur");
        Member = Add(RoomRole.Participant);
        Observer = Add(RoomRole.Observer);
        State = RoomLiveState.For(Chair.UserId);
    }

    private RoomParticipant Add(RoomRole role, string? protocolRole = null)
    {
        var p = new RoomParticipant { RoomId = Room.Id, UserId = Guid.NewGuid(), Role = role, ProtocolRole = protocolRole, JoinOrder = Participants.Count, InvitedAt = T0 };
        Participants.Add(p);
        return p;
    }

    /// <summary>The room as <paramref name="caller"/>'s command sees it now.</summary>
    public LiveRoom As(RoomParticipant caller) => new(Room, State, caller, Protocol, Now);

    public RoomParticipant? Find(Guid? userId) => Participants.FirstOrDefault(p => p.UserId == userId);

    /// <summary>The room started by the chair with everyone but the observer connected.</summary>
    public static TestRoom Started()
    {
        var room = new TestRoom();
        RoomCommands.Start(room.As(room.Chair), room.Phases, room.Participants.Where(p => p != room.Observer));
        return room;
    }

    /// <summary>Goes to the phase with template <paramref name="key"/> (the chair's command).</summary>
    public void GoTo(string key)
        => RoomCommands.GoToPhase(As(Chair), Phases, State.PhaseIndex, Phases.FindIndex(p => p.TemplateKey == key));

    /// <summary>Stores an outcome's insert or delete in the in-memory lists, as the engine stores it in the database.</summary>
    public RoomSlices Store(RoomOutcome outcome)
    {
        switch (outcome.Insert)
        {
            case Decision d: Decisions.Add(d); break;
            case ActionItem a: Actions.Add(a); break;
            case Vote v: Votes.Add(v); break;
        }
        switch (outcome.Delete)
        {
            case Decision d: Decisions.Remove(d); break;
            case ActionItem a: Actions.Remove(a); break;
        }
        return outcome.Slices;
    }

    /// <summary>Who may vote: participants (not observers) who are present.</summary>
    public HashSet<Guid> EligibleVoters()
        => Participants.Where(p => p.Role != RoomRole.Observer && p.Attendance == Attendance.Present).Select(p => p.UserId).ToHashSet();

    /// <summary>Everything a rule may change, as text: compared before and after a refused command.</summary>
    public string Snapshot()
        => string.Join("\n", [
            State.Serialize(),
            $"{Room.Status} {Room.StartedAt:O} {Room.ClosedAt:O} {Room.FinalNotes}",
            .. Phases.Select(p => $"{p.Order} {p.StartedAt:O} {p.EndedAt:O}"),
            .. Participants.Select(p => $"{p.UserId} {p.Attendance} {p.AttendanceNote}"),
            .. Decisions.Select(d => $"{d.Id} {d.Text}"),
            .. Actions.Select(a => $"{a.Id} {a.Text} {a.OwnerId} {a.DueDate} {a.Status} {a.CompletedAt:O}"),
            .. Votes.Select(v => $"{v.Id} {v.Status} {v.RevealedAt:O} " + string.Join(",", v.Ballots.Select(b => $"{b.UserId}:{b.Option}:{b.Reason}:{b.Data}"))),
        ]);

    public static string Refused(Action command) => Assert.Throws<DomainException>(command).TextKey;
}
