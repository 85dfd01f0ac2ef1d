using CaseHub.Core.Common;
using CaseHub.Core.Immersion.Matching;

namespace CaseHub.Unit.Tests.Immersion;

public class SpeedMeetingRotationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 3)]   // more groups than partners
    [InlineData(4, 4)]
    [InlineData(3, 12)]  // more partners than groups (the December speed-meeting: a dozen partners)
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(9, 1)]
    public void Every_group_meets_every_partner_once_in_the_minimum_number_of_rounds(int groups, int partners)
    {
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(groups, partners, Start));

        Assert.Equal(Math.Max(groups, partners), schedule.Rounds.Count);
        var meetings = schedule.Rounds.SelectMany(r => r.Meetings).ToList();
        Assert.Equal(groups * partners, meetings.Count);
        Assert.Equal(groups * partners, meetings.Select(m => (m.Group, m.Partner)).Distinct().Count());
        AssertNoClash(schedule);
        AssertTimes(schedule, TimeSpan.FromMinutes(15));
        Assert.Equal(Start + TimeSpan.FromMinutes(15 * Math.Max(groups, partners)), schedule.End);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 12)]
    [InlineData(4, 4)]
    public void Agendas_list_every_round_with_the_counterpart_or_a_wait(int groups, int partners)
    {
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(groups, partners, Start));
        var rounds = schedule.Rounds.Count;

        Assert.Equal(groups, schedule.ByGroup.Count);
        Assert.Equal(partners, schedule.ByPartner.Count);
        for (var g = 0; g < groups; g++)
        {
            var agenda = schedule.ByGroup[g];
            Assert.Equal(Enumerable.Range(1, rounds).Cast<int?>(), agenda.Select(i => i.Round));
            Assert.Equal(Enumerable.Range(0, partners).Cast<int?>(), agenda.Where(i => i.Kind == AgendaItemKind.Meeting).Select(i => i.With).Order());
            Assert.Equal(rounds - partners, agenda.Count(i => i.Kind == AgendaItemKind.Waiting));
            Assert.True(agenda.Zip(agenda.Skip(1)).All(x => x.First.End <= x.Second.Start));
        }
        for (var p = 0; p < partners; p++)
        {
            var agenda = schedule.ByPartner[p];
            Assert.Equal(rounds - groups, agenda.Count(i => i.Kind == AgendaItemKind.Waiting));
            foreach (var item in agenda.Where(i => i.Kind == AgendaItemKind.Meeting))
                Assert.Contains(schedule.Rounds[item.Round!.Value - 1].Meetings, m => m.Partner == p && m.Group == item.With && m.Start == item.Start);
        }
    }

    [Fact]
    public void Breaks_come_every_k_rounds_but_not_after_the_last_and_shift_the_later_rounds()
    {
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(4, 6, Start)
        {
            SlotLength = TimeSpan.FromMinutes(10), BreakEveryRounds = 3, BreakLength = TimeSpan.FromMinutes(20),
        });

        Assert.Equal(6, schedule.Rounds.Count);
        var pause = Assert.Single(schedule.Breaks);
        Assert.Equal(3, pause.AfterRound);
        Assert.Equal((Start.AddMinutes(30), Start.AddMinutes(50)), (pause.Start, pause.End));
        Assert.Equal(Start.AddMinutes(50), schedule.Rounds[3].Start);
        Assert.Equal(Start.AddMinutes(80), schedule.End);
        Assert.All(schedule.ByGroup.Concat(schedule.ByPartner), agenda =>
        {
            Assert.Equal(7, agenda.Count);
            Assert.Equal(AgendaItemKind.Break, agenda[3].Kind);
            Assert.Equal(pause.Start, agenda[3].Start);
        });
        AssertTimes(schedule, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_break_length_defaults_to_one_slot()
    {
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(2, 5, Start) { BreakEveryRounds = 2 });

        Assert.Equal([2, 4], schedule.Breaks.Select(b => b.AfterRound));
        Assert.All(schedule.Breaks, b => Assert.Equal(TimeSpan.FromMinutes(15), b.End - b.Start));
        Assert.Equal(Start.AddMinutes(15 * 7), schedule.End);
    }

    [Fact]
    public void A_subset_of_pairs_meets_once_each_in_as_many_rounds_as_the_busiest_group_or_partner()
    {
        var rng = new Random(3);
        for (var instance = 0; instance < 200; instance++)
        {
            int groups = rng.Next(1, 15), partners = rng.Next(1, 15);
            var density = rng.NextDouble();
            var pairs = (from g in Enumerable.Range(0, groups) from p in Enumerable.Range(0, partners)
                         where rng.NextDouble() < density select new SpeedMeetingPair(g, p)).ToList();

            var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(groups, partners, Start) { Pairs = pairs });

            var busiest = pairs.Count == 0 ? 0 : Math.Max(pairs.GroupBy(x => x.Group).Max(x => x.Count()), pairs.GroupBy(x => x.Partner).Max(x => x.Count()));
            Assert.Equal(busiest, schedule.Rounds.Count);
            var met = schedule.Rounds.SelectMany(r => r.Meetings).Select(m => new SpeedMeetingPair(m.Group, m.Partner)).ToList();
            Assert.Equal(pairs.OrderBy(x => (x.Group, x.Partner)), met.OrderBy(x => (x.Group, x.Partner)));
            AssertNoClash(schedule);
        }
    }

    [Fact]
    public void The_full_set_given_as_pairs_also_takes_the_minimum()
    {
        var pairs = (from g in Enumerable.Range(0, 7) from p in Enumerable.Range(0, 5) select new SpeedMeetingPair(g, p)).ToList();
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(7, 5, Start) { Pairs = pairs });
        Assert.Equal(7, schedule.Rounds.Count);
        Assert.Equal(35, schedule.Rounds.Sum(r => r.Meetings.Count));
        AssertNoClash(schedule);
    }

    [Fact]
    public void Nobody_to_meet_gives_an_empty_schedule()
    {
        var schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(0, 5, Start) { BreakEveryRounds = 1 });
        Assert.Empty(schedule.Rounds);
        Assert.Empty(schedule.Breaks);
        Assert.All(schedule.ByPartner, Assert.Empty);
        Assert.Equal(Start, schedule.End);
    }

    [Theory]
    [InlineData(-1, 3, 15, null, null, "Immersion.SpeedMeeting.Error.Count")]
    [InlineData(2, -3, 15, null, null, "Immersion.SpeedMeeting.Error.Count")]
    [InlineData(2, 3, 0, null, null, "Immersion.SpeedMeeting.Error.SlotLength")]
    [InlineData(2, 3, 15, 0, null, "Immersion.SpeedMeeting.Error.BreakEvery")]
    [InlineData(2, 3, 15, 2, -5, "Immersion.SpeedMeeting.Error.BreakLength")]
    public void Impossible_settings_are_refused_with_a_text_key(int groups, int partners, int slotMinutes, int? breakEvery, int? breakMinutes, string key)
    {
        var request = new SpeedMeetingRequest(groups, partners, Start)
        {
            SlotLength = TimeSpan.FromMinutes(slotMinutes),
            BreakEveryRounds = breakEvery,
            BreakLength = breakMinutes is { } b ? TimeSpan.FromMinutes(b) : null,
        };
        Assert.Equal(key, Assert.Throws<DomainException>(() => SpeedMeetingRotation.Plan(request)).TextKey);
    }

    [Fact]
    public void Pairs_outside_the_groups_or_partners_or_asked_twice_are_refused()
    {
        var outside = new SpeedMeetingRequest(2, 2, Start) { Pairs = [new(0, 0), new(2, 1)] };
        var twice = new SpeedMeetingRequest(2, 2, Start) { Pairs = [new(0, 1), new(0, 1)] };

        var ex = Assert.Throws<DomainException>(() => SpeedMeetingRotation.Plan(outside));
        Assert.Equal(("Immersion.SpeedMeeting.Error.PairOutOfRange", 3, 2), (ex.TextKey, (int)ex.Args[0]!, (int)ex.Args[1]!));
        Assert.Equal("Immersion.SpeedMeeting.Error.DuplicatePair", Assert.Throws<DomainException>(() => SpeedMeetingRotation.Plan(twice)).TextKey);
    }

    private static void AssertNoClash(SpeedMeetingSchedule schedule)
    {
        foreach (var round in schedule.Rounds)
        {
            Assert.Equal(round.Meetings.Count, round.Meetings.Select(m => m.Group).Distinct().Count());
            Assert.Equal(round.Meetings.Count, round.Meetings.Select(m => m.Partner).Distinct().Count());
            Assert.All(round.Meetings, m => Assert.Equal(round.Number, m.Round));
        }
    }

    private static void AssertTimes(SpeedMeetingSchedule schedule, TimeSpan slot)
    {
        for (var r = 0; r < schedule.Rounds.Count; r++)
        {
            var round = schedule.Rounds[r];
            Assert.Equal(r + 1, round.Number);
            Assert.Equal(slot, round.End - round.Start);
            if (r > 0) Assert.True(round.Start >= schedule.Rounds[r - 1].End);
            Assert.All(round.Meetings, m => Assert.Equal((round.Start, round.End), (m.Start, m.End)));
        }
        Assert.Equal(schedule.Rounds[0].Start, Start);
    }
}
