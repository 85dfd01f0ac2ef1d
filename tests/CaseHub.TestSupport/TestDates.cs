namespace CaseHub.TestSupport;

/// <summary>Dates for tests that run on any day: immersion offers must fall on working days.</summary>
public static class TestDates
{
    /// <summary>The date itself on a weekday, else the Monday after.</summary>
    public static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    /// <summary>The first Monday on or after the date (then Monday + 0…4 are all working days).</summary>
    public static DateOnly MondayOnOrAfter(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);
}
