using CaseHub.Core.Common;
using CaseHub.Core.Rooms;
using static CaseHub.Unit.Tests.Rooms.TestRoom;

namespace CaseHub.Unit.Tests.Rooms;

/// <summary>
/// The room engine's command rules in memory (<see cref="RoomCommands"/>): who may do what, in which phase, with which
/// input; what changes, which slices are broadcast; and that a re-sent command changes nothing. The same rules run
/// behind the hub in the Web room tests, with real clients.
/// </summary>
public class RoomCommandsTests
{
    // ---- life cycle, phases and timer ---------------------------------------------------------------------

    [Fact]
    public void The_chair_starts_the_meeting_on_its_first_phase_and_whoever_is_connected_is_present()
    {
        var r = new TestRoom();
        r.Member.Attendance = Attendance.Excused;
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.Start(r.As(r.CoChair), r.Phases, [])));

        var slices = RoomCommands.Start(r.As(r.Chair), r.Phases, [r.Chair, r.Rapporteur, r.Member, r.Observer]);

        Assert.Equal(RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round | RoomSlices.Participants, slices);
        Assert.Equal(RoomStatus.Live, r.Room.Status);
        Assert.Equal(T0, r.Room.StartedAt);
        Assert.Equal(T0, r.Phases[0].StartedAt);
        Assert.Equal(0, r.State.PhaseIndex);
        Assert.Equal(T0.AddMinutes(5), r.State.TimerEndsAt);
        Assert.Equal([Attendance.Present, Attendance.Unknown, Attendance.Present, Attendance.Excused, Attendance.Unknown],
            r.Participants.Select(p => p.Attendance)); // the co-chair is not connected; excused and observers stay as they are
        Assert.Equal(RoomSlices.None, RoomCommands.Start(r.As(r.Chair), r.Phases, []));
    }

    [Fact]
    public void A_meeting_without_phases_or_already_closed_does_not_start()
    {
        var r = new TestRoom();
        Assert.Equal("Rooms.Error.NoPhases", Refused(() => RoomCommands.Start(r.As(r.Chair), [], [])));
        r.Room.Status = RoomStatus.Cancelled;
        Assert.Equal("Rooms.Error.Closed", Refused(() => RoomCommands.Start(r.As(r.Chair), r.Phases, [])));
    }

    [Fact]
    public void Moving_between_phases_records_actual_times_restarts_the_timer_and_ends_the_round()
    {
        var r = Started();
        r.Now = T0.AddMinutes(7);
        var scheduled = new TestRoom();
        Assert.Equal("Rooms.Error.NotStarted", Refused(() => RoomCommands.GoToPhase(scheduled.As(scheduled.Chair), scheduled.Phases, -1, 1)));
        RoomCommands.StartRound(r.As(r.Chair), r.Participants, 60, Guid.NewGuid());

        Assert.Equal(RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round, RoomCommands.GoToPhase(r.As(r.Chair), r.Phases, 0, 2));

        Assert.Equal(T0.AddMinutes(7), r.Phases[0].EndedAt);
        Assert.Equal(T0.AddMinutes(7), r.Phases[2].StartedAt);
        Assert.Equal(T0.AddMinutes(27), r.State.TimerEndsAt);
        Assert.Null(r.State.Round);
        // A repeated click ("from phase 0") and a move to itself change nothing; a phase outside the plan is refused.
        Assert.Equal(RoomSlices.None, RoomCommands.GoToPhase(r.As(r.Chair), r.Phases, 0, 3));
        Assert.Equal(RoomSlices.None, RoomCommands.GoToPhase(r.As(r.Chair), r.Phases, 2, 2));
        Assert.Equal("Rooms.Error.NoSuchPhase", Refused(() => RoomCommands.GoToPhase(r.As(r.Chair), r.Phases, 2, 6)));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.GoToPhase(r.As(r.Member), r.Phases, 2, 3)));

        // Going back keeps the first start of a phase and opens it again.
        r.Now = T0.AddMinutes(9);
        RoomCommands.GoToPhase(r.As(r.Chair), r.Phases, 2, 0);
        Assert.Equal(T0, r.Phases[0].StartedAt);
        Assert.Null(r.Phases[0].EndedAt);
        Assert.Equal(T0.AddMinutes(9), r.Phases[2].EndedAt);
    }

    [Fact]
    public void Added_time_counts_from_now_when_overtime_and_a_resent_command_adds_nothing()
    {
        var r = Started(); // the welcome phase ends at T0 + 5 min
        var command = Guid.NewGuid();
        Assert.Equal(RoomSlices.Timer, RoomCommands.AddTime(r.As(r.Chair), 120, command));
        Assert.Equal(T0.AddMinutes(7), r.State.TimerEndsAt);
        Assert.Equal(RoomSlices.None, RoomCommands.AddTime(r.As(r.Chair), 120, command));
        Assert.Equal(T0.AddMinutes(7), r.State.TimerEndsAt);

        r.Now = T0.AddMinutes(10); // three minutes overtime
        RoomCommands.AddTime(r.As(r.Chair), 60, Guid.NewGuid());
        Assert.Equal(T0.AddMinutes(11), r.State.TimerEndsAt);
        RoomCommands.AddTime(r.As(r.Chair), -30, Guid.NewGuid());
        Assert.Equal(T0.AddMinutes(10.5), r.State.TimerEndsAt);

        Assert.Equal("Error.OutOfRange", Refused(() => RoomCommands.AddTime(r.As(r.Chair), 0, Guid.NewGuid())));
        Assert.Equal("Error.OutOfRange", Refused(() => RoomCommands.AddTime(r.As(r.Chair), 3601, Guid.NewGuid())));
        Assert.Equal("Error.OutOfRange", Refused(() => RoomCommands.AddTime(r.As(r.Chair), int.MinValue, Guid.NewGuid()))); // no overflow
        Assert.Equal("Rooms.Error.MissingCommandId", Refused(() => RoomCommands.AddTime(r.As(r.Chair), 60, Guid.Empty)));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.AddTime(r.As(r.CoChair), 60, Guid.NewGuid())));
    }

    [Fact]
    public void A_paused_timer_keeps_the_seconds_left_and_resumes_from_them()
    {
        var r = Started();
        r.Now = T0.AddMinutes(2);
        Assert.Equal(RoomSlices.Timer, RoomCommands.SetTimerRunning(r.As(r.Chair), false));
        Assert.Equal(180, r.State.PausedRemainingSeconds);
        Assert.Null(r.State.TimerEndsAt);
        Assert.Equal(RoomSlices.None, RoomCommands.SetTimerRunning(r.As(r.Chair), false));
        RoomCommands.AddTime(r.As(r.Chair), 60, Guid.NewGuid());
        Assert.Equal(240, r.State.PausedRemainingSeconds);

        r.Now = T0.AddMinutes(30);
        Assert.Equal(RoomSlices.Timer, RoomCommands.SetTimerRunning(r.As(r.Chair), true));
        Assert.Equal(T0.AddMinutes(34), r.State.TimerEndsAt);
        Assert.Equal(240, r.State.RemainingSeconds(r.Now));
    }

    [Fact]
    public void Closing_stops_the_clock_keeps_the_notes_clears_the_floor_and_cancels_an_open_vote()
    {
        var r = Started();
        RoomCommands.RaiseHand(r.As(r.Member), r.Phases);
        RoomCommands.GiveFloor(r.As(r.Chair), null, null, Guid.NewGuid());
        RoomCommands.RaiseHand(r.As(r.Rapporteur), r.Phases);
        r.GoTo("agenda");
        r.Store(RoomCommands.OpenVote(r.As(r.Chair), r.Phases, new RoomEngine.OpenVoteRequest(Guid.NewGuid(), "Budget ?", ["oui", "non"], false, false), false, false));
        r.Now = T0.AddMinutes(12);

        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.Close(r.As(r.CoChair), r.Phases, r.Votes, "notes")));
        var slices = RoomCommands.Close(r.As(r.Chair), r.Phases, r.Votes, "Les notes");

        Assert.Equal(RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Queue | RoomSlices.Round | RoomSlices.Votes, slices);
        Assert.Equal((RoomStatus.Closed, (DateTimeOffset?)T0.AddMinutes(12), "Les notes"), (r.Room.Status, r.Room.ClosedAt, r.Room.FinalNotes));
        Assert.Equal(T0.AddMinutes(12), r.Phases[2].EndedAt);
        Assert.False(r.State.IsRunning);
        Assert.Equal(8 * 60, r.State.PausedRemainingSeconds); // the agenda phase (20 minutes) started at T0
        Assert.Null(r.State.Speaker);
        Assert.Empty(r.State.Queue);
        Assert.Equal(VoteStatus.Cancelled, r.Votes.Single().Status);
        Assert.Equal(RoomSlices.None, RoomCommands.Close(r.As(r.Chair), r.Phases, r.Votes, "later"));
        Assert.Equal("Les notes", r.Room.FinalNotes);
        Assert.Equal("Rooms.Error.Closed", Refused(() => RoomCommands.RaiseHand(r.As(r.Member), r.Phases)));
    }

    // ---- speaking queue ----------------------------------------------------------------------------------------

    [Fact]
    public void Hands_are_raised_once_in_phases_with_an_open_queue_and_lowered_by_oneself_or_the_chair()
    {
        var r = Started();
        Assert.Equal(RoomSlices.Queue, RoomCommands.RaiseHand(r.As(r.Member), r.Phases));
        Assert.Equal(RoomSlices.None, RoomCommands.RaiseHand(r.As(r.Member), r.Phases));
        Assert.Equal(RoomSlices.Queue, RoomCommands.RaiseHand(r.As(r.Rapporteur), r.Phases));
        Assert.Equal([r.Member.UserId, r.Rapporteur.UserId], r.State.Queue.Select(q => q.UserId));
        Assert.Equal("Rooms.Error.ObserverReadOnly", Refused(() => RoomCommands.RaiseHand(r.As(r.Observer), r.Phases)));

        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.LowerHand(r.As(r.Member), r.Rapporteur.UserId)));
        Assert.Equal(RoomSlices.Queue, RoomCommands.LowerHand(r.As(r.Member), r.Member.UserId));
        Assert.Equal(RoomSlices.Queue, RoomCommands.LowerHand(r.As(r.Chair), r.Rapporteur.UserId));
        Assert.Equal(RoomSlices.None, RoomCommands.LowerHand(r.As(r.Chair), r.Rapporteur.UserId));

        r.GoTo("check-in"); // a round: nobody asks for the floor
        Assert.Equal("Rooms.Error.QueueClosed", Refused(() => RoomCommands.RaiseHand(r.As(r.Member), r.Phases)));
        Assert.Equal("Rooms.Error.NotStarted", Refused(() => RoomCommands.RaiseHand(new TestRoom().As(r.Member), r.Phases)));
    }

    [Fact]
    public void The_floor_goes_to_the_first_in_the_queue_or_a_named_participant_with_the_rooms_limit()
    {
        var r = Started();
        r.Room.SpeakingLimitSeconds = 90;
        RoomCommands.RaiseHand(r.As(r.Member), r.Phases);
        RoomCommands.RaiseHand(r.As(r.Rapporteur), r.Phases);
        var command = Guid.NewGuid();

        Assert.Equal(RoomSlices.Queue, RoomCommands.GiveFloor(r.As(r.Chair), null, null, command));
        Assert.Equal(new Speaker(r.Member.UserId, T0, 90), r.State.Speaker);
        Assert.Equal([r.Rapporteur.UserId], r.State.Queue.Select(q => q.UserId));
        Assert.Equal(RoomSlices.None, RoomCommands.GiveFloor(r.As(r.Chair), null, null, command)); // re-sent: the rapporteur waits

        var stranger = Guid.NewGuid();
        Assert.Equal("Rooms.Error.NotAParticipant", Refused(() => RoomCommands.GiveFloor(r.As(r.Chair), stranger, r.Find(stranger), Guid.NewGuid())));
        Assert.Equal(RoomSlices.Queue, RoomCommands.GiveFloor(r.As(r.Chair), r.CoChair.UserId, r.CoChair, Guid.NewGuid()));
        Assert.Equal(r.CoChair.UserId, r.State.Speaker!.UserId);
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.GiveFloor(r.As(r.CoChair), null, null, Guid.NewGuid())));
    }

    [Fact]
    public void Giving_the_floor_from_an_empty_queue_is_refused_without_spending_the_command()
    {
        var r = Started();
        var command = Guid.NewGuid();
        Assert.Equal("Rooms.Error.QueueEmpty", Refused(() => RoomCommands.GiveFloor(r.As(r.Chair), null, null, command)));
        RoomCommands.RaiseHand(r.As(r.Member), r.Phases);
        Assert.Equal(RoomSlices.Queue, RoomCommands.GiveFloor(r.As(r.Chair), null, null, command)); // the same click, now that someone waits
        Assert.Equal(r.Member.UserId, r.State.Speaker!.UserId);
    }

    [Fact]
    public void A_turn_is_ended_by_the_speaker_or_the_chair_and_a_stale_end_does_nothing()
    {
        var r = Started();
        RoomCommands.RaiseHand(r.As(r.Member), r.Phases);
        RoomCommands.GiveFloor(r.As(r.Chair), null, null, Guid.NewGuid());
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.EndSpeaker(r.As(r.Rapporteur), r.Member.UserId)));
        Assert.Equal(RoomSlices.None, RoomCommands.EndSpeaker(r.As(r.Rapporteur), r.Rapporteur.UserId)); // not the speaker: nothing to end
        Assert.Equal(RoomSlices.Queue, RoomCommands.EndSpeaker(r.As(r.Member), r.Member.UserId));
        Assert.Null(r.State.Speaker);
        Assert.Equal(RoomSlices.None, RoomCommands.EndSpeaker(r.As(r.Chair), r.Member.UserId));
    }

    // ---- rounds ------------------------------------------------------------------------------------------------

    [Fact]
    public void A_round_takes_the_people_present_in_invitation_order_not_observers_nor_those_excused_absent_or_who_never_came()
    {
        var r = Started();
        r.CoChair.Attendance = Attendance.Excused;
        r.Member.Attendance = Attendance.Unknown; // invited, never came
        r.Observer.Attendance = Attendance.Present; // present, yet an observer never takes a turn
        r.Participants.Reverse(); // the order comes from JoinOrder, not from how the participants were read
        var command = Guid.NewGuid();

        Assert.Equal(RoomSlices.Round, RoomCommands.StartRound(r.As(r.Chair), r.Participants, 30, command));
        Assert.Equal([r.Chair.UserId, r.Rapporteur.UserId], r.State.Round!.Order);
        Assert.Equal((0, T0, 30), (r.State.Round.Index, r.State.Round.TurnStartedAt, r.State.Round.TurnSeconds));
        Assert.Equal(RoomSlices.None, RoomCommands.StartRound(r.As(r.Chair), r.Participants, 30, command));
        Assert.Equal("Error.OutOfRange", Refused(() => RoomCommands.StartRound(r.As(r.Chair), r.Participants, 5, Guid.NewGuid())));
        Assert.Equal("Rooms.Error.RoundEmpty", Refused(() => RoomCommands.StartRound(r.As(r.Chair), [r.Observer], null, Guid.NewGuid())));
    }

    [Fact]
    public void Absent_people_and_the_protocols_sit_out_roles_take_no_turn()
    {
        var r = Started();
        r.Member.Attendance = Attendance.Absent;
        RoomCommands.StartRound(r.As(r.Chair), r.Participants, null, Guid.NewGuid());
        Assert.Equal([r.Chair.UserId, r.CoChair.UserId, r.Rapporteur.UserId], r.State.Round!.Order);

        // A protocol whose rounds are about someone (the intervision narrator): that role sits the rounds out.
        var sitOut = new LiveRoom(r.Room, r.State, r.Chair, TestRoom.Protocol with { RoundSitOutRoles = ["rapporteur"] }, r.Now);
        RoomCommands.StartRound(sitOut, r.Participants, null, Guid.NewGuid());
        Assert.Equal([r.Chair.UserId, r.CoChair.UserId], r.State.Round!.Order);
    }

    [Fact]
    public void The_person_whose_turn_it_is_or_the_chair_moves_the_round_on_and_only_the_chair_skips()
    {
        var r = Started();
        RoomCommands.StartRound(r.As(r.Chair), r.Participants, null, Guid.NewGuid()); // chair, co-chair, rapporteur, member
        r.Now = T0.AddMinutes(1);
        Assert.Equal(RoomSlices.Round, RoomCommands.AdvanceRound(r.As(r.Chair), 0, skip: false));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.AdvanceRound(r.As(r.Member), 1, skip: false)));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.AdvanceRound(r.As(r.CoChair), 1, skip: true)));
        Assert.Equal(RoomSlices.Round, RoomCommands.AdvanceRound(r.As(r.CoChair), 1, skip: false));
        Assert.Equal(RoomSlices.None, RoomCommands.AdvanceRound(r.As(r.CoChair), 1, skip: false)); // a double click
        Assert.Equal(RoomSlices.Round, RoomCommands.AdvanceRound(r.As(r.Chair), 2, skip: true));
        Assert.Equal([r.Rapporteur.UserId], r.State.Round!.Skipped);
        Assert.Equal(r.Member.UserId, r.State.Round.Current);
        Assert.Equal(T0.AddMinutes(1), r.State.Round.TurnStartedAt);
        RoomCommands.AdvanceRound(r.As(r.Member), 3, skip: false);
        Assert.True(r.State.Round.Done);
        Assert.Null(r.State.Round.Current);
        Assert.Equal(RoomSlices.None, RoomCommands.EndRound(r.As(r.Chair)));
    }

    [Fact]
    public void The_chair_ends_a_round_before_its_last_turn()
    {
        var r = Started();
        Assert.Equal(RoomSlices.None, RoomCommands.EndRound(r.As(r.Chair)));
        RoomCommands.StartRound(r.As(r.Chair), r.Participants, null, Guid.NewGuid());
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.EndRound(r.As(r.CoChair))));
        Assert.Equal(RoomSlices.Round, RoomCommands.EndRound(r.As(r.Chair)));
        Assert.True(r.State.Round!.Done);
    }

    // ---- attendance, chair ---------------------------------------------------------------------------------------

    [Fact]
    public void The_chair_records_attendance_with_an_optional_note_even_before_the_start()
    {
        var r = new TestRoom();
        Assert.Equal(RoomSlices.Participants, RoomCommands.SetAttendance(r.As(r.Chair), r.Member, Attendance.Excused, "  malade  "));
        Assert.Equal((Attendance.Excused, "malade"), (r.Member.Attendance, r.Member.AttendanceNote));
        Assert.Equal(RoomSlices.None, RoomCommands.SetAttendance(r.As(r.Chair), r.Member, Attendance.Excused, "malade"));
        Assert.Equal(RoomSlices.Participants, RoomCommands.SetAttendance(r.As(r.Chair), r.Member, Attendance.Present, ""));
        Assert.Null(r.Member.AttendanceNote);

        Assert.Equal("Error.InvalidValue", Refused(() => RoomCommands.SetAttendance(r.As(r.Chair), r.Member, (Attendance)9, null)));
        Assert.Equal("Error.TooLong", Refused(() => RoomCommands.SetAttendance(r.As(r.Chair), r.Member, Attendance.Excused, new string('x', 501))));
        Assert.Equal("Rooms.Error.NotAParticipant", Refused(() => RoomCommands.SetAttendance(r.As(r.Chair), null, Attendance.Present, null)));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.SetAttendance(r.As(r.CoChair), r.Member, Attendance.Absent, null)));
        r.Room.Status = RoomStatus.Closed;
        Assert.Equal("Rooms.Error.Closed", Refused(() => RoomCommands.SetAttendance(r.As(r.Chair), r.Member, Attendance.Absent, null)));
    }

    [Fact]
    public void The_chair_hands_over_for_good_to_a_participant_but_never_to_an_observer()
    {
        var r = Started();
        Assert.Equal("Rooms.Error.ObserverCannotChair", Refused(() => RoomCommands.HandOver(r.As(r.Chair), r.Observer.UserId, r.Observer)));
        Assert.Equal("Rooms.Error.NotAParticipant", Refused(() => RoomCommands.HandOver(r.As(r.Chair), Guid.NewGuid(), null)));
        Assert.Equal(RoomSlices.None, RoomCommands.HandOver(r.As(r.Chair), r.Chair.UserId, r.Chair));
        Assert.Equal(RoomSlices.Chair, RoomCommands.HandOver(r.As(r.Chair), r.Member.UserId, r.Member));
        Assert.Equal((r.Member.UserId, r.Member.UserId), (r.State.ChairId, r.State.ActingChairId));
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.HandOver(r.As(r.Chair), r.CoChair.UserId, r.CoChair)));
    }

    [Fact]
    public void On_arrival_a_participant_of_a_live_room_is_present_and_the_designated_chair_takes_the_chair_back()
    {
        var r = new TestRoom();
        RoomCommands.Start(r.As(r.Chair), r.Phases, [r.Chair]);
        r.State.HandOver(r.CoChair.UserId, permanent: false); // the chair's connection was lost
        Assert.Equal(RoomSlices.Participants, RoomCommands.Arrive(r.Room, r.State, r.CoChair));
        Assert.Equal(Attendance.Present, r.CoChair.Attendance);
        Assert.Equal(RoomSlices.None, RoomCommands.Arrive(r.Room, r.State, r.Observer));
        Assert.Equal(Attendance.Unknown, r.Observer.Attendance);

        Assert.Equal(RoomSlices.Chair, RoomCommands.Arrive(r.Room, r.State, r.Chair));
        Assert.Equal(r.Chair.UserId, r.State.ActingChairId);

        Assert.Equal(RoomSlices.Chair, RoomCommands.MarkChairAbsence(r.Room, r.State, chairOnline: false, T0.AddMinutes(3)));
        Assert.Equal(T0.AddMinutes(3), r.State.ChairAbsentSince);
        Assert.Equal(RoomSlices.None, RoomCommands.MarkChairAbsence(r.Room, r.State, chairOnline: false, T0.AddMinutes(4))); // the clock runs from the first
        Assert.Equal(RoomSlices.Chair, RoomCommands.Arrive(r.Room, r.State, r.Chair));
        Assert.Null(r.State.ChairAbsentSince);
        Assert.Equal(RoomSlices.None, RoomCommands.MarkChairAbsence(r.Room, r.State, chairOnline: true, T0.AddMinutes(5)));
    }

    // ---- decisions and action items ------------------------------------------------------------------------------

    [Fact]
    public void Decisions_are_recorded_by_the_chair_co_chair_or_rapporteur_once_per_client_id()
    {
        var r = Started();
        r.GoTo("decisions");
        var id = Guid.NewGuid();
        Assert.Equal("Rooms.Error.DecisionRole", Refused(() => RoomCommands.AddDecision(r.As(r.Member), id, "Oui", null)));
        Assert.Equal("Error.Required", Refused(() => RoomCommands.AddDecision(r.As(r.Rapporteur), id, "  ", null)));
        Assert.Equal("Rooms.Error.MissingCommandId", Refused(() => RoomCommands.AddDecision(r.As(r.Rapporteur), Guid.Empty, "Oui", null)));

        var outcome = RoomCommands.AddDecision(r.As(r.Rapporteur), id, " On garde le local ", null);
        Assert.Equal(RoomSlices.Decisions, r.Store(outcome));
        var d = Assert.IsType<Decision>(outcome.Insert);
        Assert.Equal((id, r.Room.Id, "On garde le local", r.Rapporteur.UserId, T0, 4), (d.Id, d.RoomId, d.Text, d.RecordedBy, d.RecordedAt, d.PhaseOrder));
        Assert.Same(RoomOutcome.Unchanged, RoomCommands.AddDecision(r.As(r.CoChair), id, "On garde le local", d)); // re-sent
        Assert.Equal("Error.InvalidValue", Refused(() => RoomCommands.AddDecision(r.As(r.Chair), id, "x", new Decision { Id = id, RoomId = Guid.NewGuid() })));

        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.RemoveDecision(r.As(r.Rapporteur), d)));
        Assert.Equal(RoomSlices.Decisions, r.Store(RoomCommands.RemoveDecision(r.As(r.Chair), d)));
        Assert.Empty(r.Decisions);
        Assert.Same(RoomOutcome.Unchanged, RoomCommands.RemoveDecision(r.As(r.Chair), null));
    }

    [Fact]
    public void Action_items_need_a_participant_as_owner_and_a_due_date_within_three_years()
    {
        var r = Started();
        var today = DateOnly.FromDateTime(T0.UtcDateTime);
        var stranger = Guid.NewGuid();
        Assert.Equal("Rooms.Error.ObserverReadOnly", Refused(() => RoomCommands.AddAction(r.As(r.Observer), Guid.NewGuid(), "Appeler", null, null, null, null)));
        Assert.Equal("Rooms.Error.OwnerNotParticipant", Refused(() => RoomCommands.AddAction(r.As(r.Member), Guid.NewGuid(), "Appeler", stranger, r.Find(stranger), null, null)));
        Assert.Equal("Rooms.Error.DueDateRange", Refused(() => RoomCommands.AddAction(r.As(r.Member), Guid.NewGuid(), "Appeler", null, null, today.AddDays(-2), null)));
        Assert.Equal("Rooms.Error.DueDateRange", Refused(() => RoomCommands.AddAction(r.As(r.Member), Guid.NewGuid(), "Appeler", null, null, today.AddYears(3).AddDays(1), null)));

        var id = Guid.NewGuid();
        var outcome = RoomCommands.AddAction(r.As(r.Member), id, "Appeler le CPAS", r.Rapporteur.UserId, r.Rapporteur, today.AddDays(-1), null);
        Assert.Equal(RoomSlices.Actions, r.Store(outcome));
        var a = r.Actions.Single();
        Assert.Equal((id, "Appeler le CPAS", (Guid?)r.Rapporteur.UserId, r.Member.UserId, ActionStatus.Open), (a.Id, a.Text, a.OwnerId, a.CreatedBy, a.Status));
        Assert.Same(RoomOutcome.Unchanged, RoomCommands.AddAction(r.As(r.Member), id, "Appeler le CPAS", null, null, null, a));
    }

    [Fact]
    public void An_action_item_is_changed_by_its_creator_its_owner_or_the_chair_and_removed_by_its_creator_or_the_chair()
    {
        var r = Started();
        r.Store(RoomCommands.AddAction(r.As(r.Member), Guid.NewGuid(), "Appeler", r.Rapporteur.UserId, r.Rapporteur, null, null));
        var a = r.Actions.Single();
        Assert.Equal("Error.Forbidden", Refused(() => RoomCommands.UpdateAction(r.As(r.CoChair), a, "x", null, null, null, ActionStatus.Open)));
        Assert.Equal("Error.NotFound", Refused(() => RoomCommands.UpdateAction(r.As(r.Chair), null, "x", null, null, null, ActionStatus.Open)));
        Assert.Equal("Error.InvalidValue", Refused(() => RoomCommands.UpdateAction(r.As(r.Member), a, "x", null, null, null, (ActionStatus)7)));

        r.Now = T0.AddMinutes(30);
        Assert.Equal(RoomSlices.Actions, RoomCommands.UpdateAction(r.As(r.Rapporteur), a, "Appeler Mme X", r.Rapporteur.UserId, r.Rapporteur, null, ActionStatus.Done));
        Assert.Equal((ActionStatus.Done, (DateTimeOffset?)T0.AddMinutes(30)), (a.Status, a.CompletedAt));
        Assert.Equal(RoomSlices.None, RoomCommands.UpdateAction(r.As(r.Chair), a, "Appeler Mme X", r.Rapporteur.UserId, r.Rapporteur, null, ActionStatus.Done));
        Assert.Equal(RoomSlices.Actions, RoomCommands.UpdateAction(r.As(r.Chair), a, "Appeler Mme X", null, null, null, ActionStatus.Open));
        Assert.Null(a.CompletedAt);

        Assert.Equal("Error.Forbidden", Refused(() => RoomCommands.RemoveAction(r.As(r.Rapporteur), a)));
        Assert.Equal(RoomSlices.Actions, r.Store(RoomCommands.RemoveAction(r.As(r.Member), a)));
        Assert.Empty(r.Actions);
        Assert.Same(RoomOutcome.Unchanged, RoomCommands.RemoveAction(r.As(r.Member), null));
    }

    [Fact]
    public void Marking_an_action_done_records_when_and_opening_it_again_forgets_it()
    {
        var a = new ActionItem { Text = "Appeler" };
        Assert.Equal(RoomSlices.Actions, RoomCommands.SetActionDone(a, true, T0));
        Assert.Equal((ActionStatus.Done, (DateTimeOffset?)T0), (a.Status, a.CompletedAt));
        Assert.Equal(RoomSlices.None, RoomCommands.SetActionDone(a, true, T0.AddDays(1)));
        Assert.Equal(RoomSlices.Actions, RoomCommands.SetActionDone(a, false, T0.AddDays(1)));
        Assert.Equal((ActionStatus.Open, null), (a.Status, a.CompletedAt));
    }

    // ---- votes ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_vote_opens_in_a_voting_phase_with_two_to_ten_distinct_options_one_at_a_time()
    {
        var r = Started();
        static RoomEngine.OpenVoteRequest Ask(params string[] options) => new(Guid.NewGuid(), "Quel local ?", options, true, false);
        Assert.Equal("Rooms.Error.NoVotingInPhase", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", "B"), false, false)));
        r.GoTo("agenda");
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.OpenVote(r.As(r.CoChair), r.Phases, Ask("A", "B"), false, false)));
        Assert.Equal("Rooms.Error.VoteOptionCount", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", " ", ""), false, false)));
        Assert.Equal("Rooms.Error.VoteOptionCount", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask([.. Enumerable.Range(0, 11).Select(i => $"o{i}")]), false, false)));
        Assert.Equal("Rooms.Error.VoteOptionsDuplicate", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("Oui", "oui"), false, false)));
        Assert.Equal("Error.TooLong", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", new string('b', 101)), false, false)));
        Assert.Equal("Rooms.Error.MissingCommandId", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", "B") with { Id = Guid.Empty }, false, false)));
        Assert.Equal("Rooms.Error.VoteAlreadyOpen", Refused(() => RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", "B"), false, anotherOpen: true)));
        Assert.Same(RoomOutcome.Unchanged, RoomCommands.OpenVote(r.As(r.Chair), r.Phases, Ask("A", "B"), idTaken: true, anotherOpen: true));

        var request = Ask(" Salle 1 ", "Salle 2") with { ContextType = "committee", ContextId = Guid.NewGuid() };
        var outcome = RoomCommands.OpenVote(r.As(r.Chair), r.Phases, request, false, false);
        var v = Assert.IsType<Vote>(outcome.Insert);
        Assert.Equal(RoomSlices.Votes, outcome.Slices);
        Assert.Equal((request.Id, r.Room.Id, "Salle 1\nSalle 2", VoteStatus.Open, 2, "committee"), (v.Id, v.RoomId, v.Options, v.Status, v.PhaseOrder, v.ContextType));
    }

    [Fact]
    public void Ballots_stay_one_per_voter_and_the_vote_is_revealed_when_every_present_participant_has_voted()
    {
        var r = Started(); // present: chair, co-chair, rapporteur, member
        r.GoTo("agenda");
        r.Store(RoomCommands.OpenVote(r.As(r.Chair), r.Phases, new RoomEngine.OpenVoteRequest(Guid.NewGuid(), "Local ?", ["A", "B"], false, false), false, false));
        var vote = r.Votes.Single();
        BallotOutcome Cast(RoomParticipant who, string option, string? reason = null)
        {
            var why = RoomCommands.CheckBallot(r.As(who), vote, option, reason);
            var cast = RoomCommands.CastBallot(r.As(who), vote, option, why, null, r.EligibleVoters());
            return cast;
        }

        Assert.Equal("Rooms.Error.ObserverReadOnly", Refused(() => RoomCommands.CheckBallot(r.As(r.Observer), vote, "A", null)));
        Assert.Equal("Rooms.Error.VoteUnknownOption", Refused(() => RoomCommands.CheckBallot(r.As(r.Member), vote, "C", null)));
        Assert.Equal("Error.NotFound", Refused(() => RoomCommands.CheckBallot(r.As(r.Member), null, "A", null)));
        Assert.Equal("", RoomCommands.CheckBallot(r.As(r.Member), vote, "A", "parce que")); // this vote takes no reason

        var first = Cast(r.Member, "A");
        Assert.Equal(RoomSlices.Votes, first.Outcome.Slices); // the room sees one more "has voted"
        Assert.IsType<Ballot>(first.Outcome.Insert);
        Assert.Equal(new BallotView(r.Member.UserId, "A", null, null), first.Mine);
        var changed = Cast(r.Member, "B");
        Assert.Equal(RoomSlices.None, changed.Outcome.Slices); // a change is nobody else's business
        Assert.Null(changed.Outcome.Insert);
        Assert.Equal("B", Assert.Single(vote.Ballots).Option);

        Cast(r.Chair, "A");
        Cast(r.CoChair, "B");
        Assert.Equal(VoteStatus.Open, vote.Status);
        r.Now = T0.AddMinutes(3);
        Assert.Equal(RoomSlices.Votes, Cast(r.Rapporteur, "A").Outcome.Slices);
        Assert.Equal((VoteStatus.Revealed, (DateTimeOffset?)T0.AddMinutes(3)), (vote.Status, vote.RevealedAt));
        Assert.Equal("Rooms.Error.VoteClosed", Refused(() => RoomCommands.CheckBallot(r.As(r.Member), vote, "A", null)));
        Assert.Equal(RoomSlices.None, RoomCommands.RevealVote(r.As(r.Chair), vote));
    }

    [Fact]
    public void A_reason_is_kept_where_the_vote_asks_for_one_and_feature_data_has_a_size_limit()
    {
        var r = Started();
        r.GoTo("decisions");
        r.Store(RoomCommands.OpenVote(r.As(r.Chair), r.Phases, new RoomEngine.OpenVoteRequest(Guid.NewGuid(), "Octroi ?", ["Oui", "Non"], true, true), false, false));
        var vote = r.Votes.Single();
        Assert.Equal("Motif", RoomCommands.CheckBallot(r.As(r.Member), vote, "Oui", " Motif "));
        Assert.Equal("Error.TooLong", Refused(() => RoomCommands.CheckBallot(r.As(r.Member), vote, "Oui", new string('m', 2001))));
        Assert.Equal("Error.TooLong", Refused(() => RoomCommands.CastBallot(r.As(r.Member), vote, "Oui", "", new string('d', 4001), r.EligibleVoters())));
        var cast = RoomCommands.CastBallot(r.As(r.Member), vote, "Oui", "Motif", "{\"months\":3}", r.EligibleVoters());
        Assert.Equal(new BallotView(r.Member.UserId, "Oui", "Motif", "{\"months\":3}"), cast.Mine);
    }

    [Fact]
    public void Only_the_chair_reveals_or_cancels_an_open_vote()
    {
        var r = Started();
        r.GoTo("agenda");
        r.Store(RoomCommands.OpenVote(r.As(r.Chair), r.Phases, new RoomEngine.OpenVoteRequest(Guid.NewGuid(), "Q ?", ["A", "B"], false, false), false, false));
        var vote = r.Votes.Single();
        Assert.Equal("Rooms.Error.ChairOnly", Refused(() => RoomCommands.RevealVote(r.As(r.CoChair), vote)));
        Assert.Equal("Error.NotFound", Refused(() => RoomCommands.CancelVote(r.As(r.Chair), null)));
        Assert.Equal(RoomSlices.Votes, RoomCommands.CancelVote(r.As(r.Chair), vote));
        Assert.Equal(VoteStatus.Cancelled, vote.Status);
        Assert.Equal(RoomSlices.None, RoomCommands.RevealVote(r.As(r.Chair), vote));
        Assert.Equal(RoomSlices.None, RoomCommands.CancelVote(r.As(r.Chair), vote));
    }

    // ---- every refusal leaves the room as it was -------------------------------------------------------------------

    /// <summary>
    /// Random commands from random people (observers and strangers' ids included) on one room for a whole meeting:
    /// each is either applied or refused, and a refused one has changed nothing — the guarantee an in-memory room (one
    /// writer per room, no database to roll back) relies on. A fixed seed per case: a failure reproduces.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_refused_command_changes_nothing(int seed)
    {
        var random = new Random(seed);
        var r = new TestRoom();
        var commands = new List<Guid>();
        Guid CommandId() => commands.Count > 0 && random.Next(4) == 0 ? commands[random.Next(commands.Count)] : Remember(random.Next(20) == 0 ? Guid.Empty : Guid.NewGuid());
        Guid Remember(Guid id) { commands.Add(id); return id; }
        Guid Someone() => random.Next(8) == 0 ? Guid.NewGuid() : r.Participants[random.Next(r.Participants.Count)].UserId;
        string? Text() => random.Next(6) switch { 0 => null, 1 => " ", 2 => new string('x', 2100), _ => "texte " + random.Next(100) };
        int Index() => random.Next(-1, r.Phases.Count + 1);
        var applied = 0;
        var refused = new HashSet<string>();

        for (var step = 0; step < 600; step++)
        {
            r.Now = r.Now.AddSeconds(random.Next(1, 90));
            // Half the commands come from whoever holds the chair, so the meeting really starts and moves on.
            var caller = random.Next(2) == 0 ? r.Find(r.State.ActingChairId)! : r.Participants[random.Next(r.Participants.Count)];
            var c = r.As(caller);
            var vote = r.Votes.Count > 0 && random.Next(5) > 0 ? r.Votes[random.Next(r.Votes.Count)] : null;
            var to = Someone();
            void CastBallot()
            {
                var option = random.Next(4) == 0 ? "Z" : "B";
                var why = RoomCommands.CheckBallot(c, vote, option, Text());
                r.Store(RoomCommands.CastBallot(c, vote, option, why, random.Next(10) == 0 ? new string('d', 4001) : null, r.EligibleVoters()).Outcome);
            }
            Action command = random.Next(step > 540 ? 24 : 23) switch
            {
                0 => () => RoomCommands.Start(c, random.Next(10) == 0 ? [] : r.Phases, r.Participants.Where(_ => random.Next(2) == 0).ToList()),
                1 or 2 => () => RoomCommands.GoToPhase(c, r.Phases, random.Next(3) > 0 ? r.State.PhaseIndex : Index(), Index()),
                3 => () => RoomCommands.AddTime(c, random.Next(-4000, 4000), CommandId()),
                4 => () => RoomCommands.SetTimerRunning(c, random.Next(2) == 0),
                5 or 6 => () => RoomCommands.RaiseHand(c, r.Phases),
                7 => () => RoomCommands.LowerHand(c, Someone()),
                8 => () => RoomCommands.GiveFloor(c, random.Next(2) == 0 ? null : to, r.Find(to), CommandId()),
                9 => () => RoomCommands.EndSpeaker(c, r.State.Speaker?.UserId ?? Someone()),
                10 => () => RoomCommands.StartRound(c, r.Participants, random.Next(4) == 0 ? random.Next(-5, 5000) : null, CommandId()),
                11 => () => RoomCommands.AdvanceRound(c, r.State.Round?.Index ?? 0, random.Next(3) == 0),
                12 => () => RoomCommands.EndRound(c),
                13 => () => RoomCommands.SetAttendance(c, r.Find(to), (Attendance)random.Next(5), Text()),
                14 => () => RoomCommands.HandOver(c, to, r.Find(to)),
                15 => () => r.Store(RoomCommands.AddDecision(c, CommandId(), Text(), r.Decisions.FirstOrDefault())),
                16 => () => r.Store(RoomCommands.RemoveDecision(c, r.Decisions.FirstOrDefault())),
                17 => () => r.Store(RoomCommands.AddAction(c, CommandId(), Text(), to, r.Find(to), DateOnly.FromDateTime(r.Now.UtcDateTime).AddDays(random.Next(-3, 2000)), null)),
                18 => () => RoomCommands.UpdateAction(c, r.Actions.FirstOrDefault(), Text(), to, r.Find(to), null, (ActionStatus)random.Next(4)),
                19 => () => r.Store(RoomCommands.RemoveAction(c, r.Actions.FirstOrDefault())),
                20 => () => r.Store(RoomCommands.OpenVote(c, r.Phases, new RoomEngine.OpenVoteRequest(CommandId(), Text(), random.Next(3) == 0 ? ["A"] : ["A", "B", "C"], random.Next(2) == 0, false),
                    false, r.Votes.Any(v => v.Status == VoteStatus.Open))),
                21 => CastBallot,
                22 => () => (random.Next(2) == 0 ? (Func<LiveRoom, Vote?, RoomSlices>)RoomCommands.RevealVote : RoomCommands.CancelVote)(c, vote),
                _ => () => RoomCommands.Close(c, r.Phases, r.Votes, Text()),
            };
            var before = r.Snapshot();
            try
            {
                command();
                applied++;
            }
            catch (DomainException ex)
            {
                refused.Add(ex.TextKey);
                Assert.True(before == r.Snapshot(), $"step {step}: {ex.TextKey} changed the room");
            }
        }
        // The walk went through a whole meeting: many commands applied, many different refusals.
        Assert.True(applied > 150, $"{applied} applied");
        Assert.True(refused.Count >= 10, string.Join(", ", refused));
    }
}
