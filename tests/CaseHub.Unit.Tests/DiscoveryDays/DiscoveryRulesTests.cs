using CaseHub.Core.DiscoveryDays;

namespace CaseHub.Unit.Tests.DiscoveryDays;

/// <summary>The offer window of a freed seat, programme lines and CSV cells.</summary>
public class DiscoveryRulesTests
{
    [Theory]
    [InlineData(240, 24, 24.0)]   // ten days ahead: the organiser's 24 hours
    [InlineData(48, 24, 12.0)]    // two days ahead: a quarter of the time left
    [InlineData(8, 24, 2.0)]      // eight hours ahead: two hours
    [InlineData(3, 24, null)]     // three hours ahead: 45 minutes is too short, the seat is given at once
    public void The_offer_window_shrinks_as_the_day_approaches(double hoursBefore, int offerHours, double? expectedHours)
    {
        var now = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var day = new DiscoveryDay { Start = now.AddHours(hoursBefore), WaitlistMode = WaitlistMode.TimedOffer, OfferHours = offerHours };
        var window = DiscoverySeats.OfferWindow(day, now, new DiscoveryDayOptions());
        Assert.Equal(expectedHours, window?.TotalHours);
        var immediate = new DiscoveryDay { Start = day.Start, WaitlistMode = WaitlistMode.Immediate, OfferHours = offerHours };
        Assert.Null(DiscoverySeats.OfferWindow(immediate, now, new DiscoveryDayOptions()));
    }

    [Theory]
    [InlineData("09:30 Accueil", 9, 30, "Accueil")]
    [InlineData("9h30 – Accueil", 9, 30, "Accueil")]
    [InlineData("14.00: Atelier budget", 14, 0, "Atelier budget")]
    [InlineData(" 8:05 - Café ", 8, 5, "Café")]
    public void Programme_lines_accept_the_usual_ways_to_write_a_time(string line, int h, int m, string text)
    {
        var item = Assert.Single(DiscoveryDayService.ParseProgramme(line + "\n\n"));
        Assert.Equal((new TimeOnly(h, m), text), item);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+32 2 000 00 00", "'+32 2 000 00 00")]
    [InlineData("-", "'-")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Zoé", "Zoé")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Csv_cells_are_neutralised_and_quoted(string value, string expected)
        => Assert.Equal(expected, CaseHub.Core.Exports.CsvWriter.Cell(value));
}
