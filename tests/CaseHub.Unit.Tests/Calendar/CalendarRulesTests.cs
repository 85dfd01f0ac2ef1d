using CaseHub.Core.Calendar;

namespace CaseHub.Unit.Tests.Calendar;

/// <summary>Recurrence rules, dates in words and Brussels wall-clock time.</summary>
public class CalendarRulesTests
{
    private static readonly DateTimeOffset Start = CalendarTime.FromLocal(2026, 4, 14, 9, 30);
    private static readonly DateTimeOffset End = CalendarTime.FromLocal(2026, 4, 14, 12, 0);

    [Theory]
    [InlineData("FREQ=WEEKLY;COUNT=3;BYDAY=SU")]
    [InlineData("FREQ=MONTHLY;INTERVAL=2;UNTIL=20261231T225900Z;BYDAY=-1FR")]
    [InlineData("FREQ=MONTHLY;COUNT=4;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")]
    [InlineData("FREQ=MONTHLY;COUNT=12;BYMONTHDAY=15")]
    public void Rules_round_trip(string rule) => Assert.Equal(rule, Recurrence.Parse(rule)!.ToRule());

    [Theory]
    [InlineData("fr", "mardi 14 avril 2026, 09:30–12:00")]
    [InlineData("nl", "dinsdag 14 april 2026, 09:30–12:00")]
    [InlineData("en", "Tuesday 14 April 2026, 09:30–12:00")]
    public void Dates_read_naturally_in_each_language(string language, string expected)
        => Assert.Equal(expected, CalendarTime.FormatRange(Start, End, language));

    [Fact]
    public void Brussels_wall_clock_times_convert_across_DST_gaps_and_overlaps()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), CalendarTime.FromLocal(2026, 3, 29, 10, 0));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero), CalendarTime.FromLocal(2026, 10, 25, 10, 0));
        // 02:30 does not exist on 29 March: it becomes 03:30 summer time.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), CalendarTime.FromLocal(2026, 3, 29, 2, 30));
        // 02:30 happens twice on 25 October: the first (summer time) is taken.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), CalendarTime.FromLocal(2026, 10, 25, 2, 30));
    }
}
