using System.Globalization;
using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Localization;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.DiscoveryDays;

public class OrganiserTests
{
    [Fact]
    public async Task Moving_the_day_sends_confirmed_people_an_update_with_a_higher_sequence_and_waiting_people_a_mail()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test", "nl");
        var newDate = CalendarTime.LocalDate(day.Start).AddDays(2);
        var input = DiscoverySetup.Input(newDate, capacity: 1) with { StartTime = new TimeOnly(13, 30), EndTime = new TimeOnly(17, 0) };

        await bed.InScopeAsync<DiscoveryDayService>(s => s.UpdateAsync(day.Id, input));

        var moved = await bed.DayAsync(day.Id);
        Assert.Equal(CalendarTime.FromLocal(newDate, new TimeOnly(13, 30)), moved.Start);
        var a = await bed.MailsToAsync("a@partner.test");
        var update = a.Single(m => m.Kind == "CalendarUpdate");
        Assert.Equal("REQUEST", update.Method);
        Assert.True(update.Sequence > a.Single(m => m.Kind == "DiscoveryConfirmed").Sequence);
        Assert.Contains("09:00", update.Text);  // what it was…
        Assert.Contains("13:30", update.Text);  // …and what it is
        var b = (await bed.MailsToAsync("b@partner.test")).Last();
        Assert.Equal("DiscoveryDayMoved", b.Kind);
        Assert.Contains("13:30", b.Text);
        var parsed = await IcalJs.ParseAsync([update.CalendarPart!.Text]);
        Assert.Equal(moved.Start, parsed[0].Master.Dtstart!.Utc);
    }

    [Fact]
    public async Task Cancelling_the_day_cancels_every_calendar_and_tells_the_waiting_list()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        await bed.InScopeAsync<DiscoveryDayService>(s => s.CancelAsync(day.Id, "Travaux dans le bâtiment"));
        await bed.InScopeAsync<DiscoveryDayService>(s => s.CancelAsync(day.Id, "again")); // nothing more

        var cancel = (await bed.MailsToAsync("a@partner.test")).Last();
        Assert.Equal("CalendarCancel", cancel.Kind);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Contains("Travaux dans le bâtiment", cancel.Text);
        Assert.Equal("DiscoveryDayCancelled", (await bed.MailsToAsync("b@partner.test")).Last().Kind);
        Assert.All(await bed.BookingsAsync(day.Id), b => Assert.Equal((BookingStatus.Cancelled, CancelledBy.DayCancelled), (b.Status, b.CancelledBy!.Value)));
        Assert.Equal(0, (await bed.DayAsync(day.Id)).SeatsTaken);
        Assert.Equal(4, (await bed.MailsAsync()).Count);
    }

    [Fact]
    public async Task An_organiser_ends_a_booking_and_the_seat_goes_on()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        var a = (await bed.BookingsAsync(day.Id))[0];
        await bed.InScopeAsync<DiscoveryDayService>(s => s.CancelBookingAsync(day.Id, a.Id));
        Assert.Equal("DiscoveryBookingEnded", (await bed.MailsToAsync("a@partner.test")).Last().Kind);
        Assert.Contains("L'organisation a annulé", (await bed.MailsToAsync("a@partner.test")).Last().Text);
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(day.Id))[1].Status);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task Check_in_marks_only_confirmed_people()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        var bookings = await bed.BookingsAsync(day.Id);
        // Weeks ahead the list cannot be ticked: the message says when check-in opens (12 hours before, by default).
        var early = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[0].Id, true)));
        Assert.Equal("Discovery.Error.CheckInNotOpen", early.TextKey);
        Assert.Equal(CalendarTime.ToLocal(day.Start.AddHours(-12)), early.Args.Single());
        Assert.Null((await bed.BookingsAsync(day.Id))[0].CheckedInAt);
        bed.Clock.SetUtcNow(day.Start.AddHours(-11));
        Assert.True(await bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[0].Id, true)));
        Assert.False(await bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[1].Id, true)));
        Assert.NotNull((await bed.BookingsAsync(day.Id))[0].CheckedInAt);
        Assert.True(await bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[0].Id, false)));
        Assert.Null((await bed.BookingsAsync(day.Id))[0].CheckedInAt);
        var rows = await bed.InScopeAsync<DiscoveryDayService, IReadOnlyList<DiscoveryDayRow>>(s => s.ListAsync(past: false));
        var row = rows.Single();
        Assert.Equal((1, 1, 0, 0), (row.Confirmed, row.Waitlisted, row.Offered, row.CheckedIn));

        // A day after the day's end, late corrections are over.
        bed.Clock.SetUtcNow(day.End.AddHours(25));
        var late = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[0].Id, true)));
        Assert.Equal("Discovery.Error.CheckInClosed", late.TextKey);
        Assert.Null((await bed.BookingsAsync(day.Id))[0].CheckedInAt);
    }

    [Fact]
    public async Task Publishing_checks_the_form_and_creates_the_calendar_entry_and_the_questionnaire()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var date = bed.Today().AddDays(10);
        async Task<DomainException> Refused(DiscoveryDayInput i)
            => await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryDayService, DiscoveryDay>(s => s.CreateAsync(i, null)));

        Assert.Equal("Title", (await Refused(DiscoverySetup.Input(date) with { Title = "" })).Field);
        Assert.Equal("EndTime", (await Refused(DiscoverySetup.Input(date) with { EndTime = new TimeOnly(8, 0) })).Field);
        Assert.Equal("DeadlineDate", (await Refused(DiscoverySetup.Input(date) with { DeadlineDate = date.AddDays(1) })).Field);
        Assert.Equal("Capacity", (await Refused(DiscoverySetup.Input(date) with { Capacity = 0 })).Field);
        Assert.Equal("Audience", (await Refused(DiscoverySetup.Input(date) with { Audience = DiscoveryAudience.None })).Field);
        Assert.Equal("Languages", (await Refused(DiscoverySetup.Input(date) with { Languages = [] })).Field);
        Assert.Equal("Date", (await Refused(DiscoverySetup.Input(bed.Today().AddDays(-1)))).Field);
        Assert.Equal("ContactEmail", (await Refused(DiscoverySetup.Input(date) with { ContactEmail = "nope" })).Field);
        var line = await Refused(DiscoverySetup.Input(date) with { Programme = "09:00 Accueil\nmidi lunch" });
        Assert.Equal(("Discovery.Error.ProgrammeLine", 2), (line.TextKey, (int)line.Args[0]!));
        Assert.Empty(await bed.DbAsync(db => db.DiscoveryDays.ToListAsync()));
        Assert.Empty(await bed.DbAsync(db => db.CalendarEntries.ToListAsync()));

        var day = await bed.CreateDayAsync();
        var entry = await bed.DbAsync(db => db.CalendarEntries.SingleAsync(e => e.Id == day.CalendarEntryId));
        Assert.Equal((DiscoveryDay.OwnerType, day.Id, day.Start), (entry.OwnerType, entry.OwnerId, entry.Start));
        var form = await bed.DbAsync(db => db.FeedbackForms.Include(f => f.Questions).SingleAsync(f => f.Id == day.FeedbackFormId));
        Assert.True(form.Anonymous);
        Assert.Equal(4, form.Questions.Count);
        Assert.Equal(["09:00 Accueil", "10:00 Visite du service social", "14:30 Échanges"],
            (await bed.DbAsync(db => db.DiscoveryProgrammeItems.Where(p => p.DayId == day.Id).OrderBy(p => p.Position).ToListAsync())).Select(p => $"{p.Time:HH\\:mm} {p.Text}"));
    }

    [Fact]
    public async Task The_csv_opens_in_excel_with_accents_localized_headers_and_no_formulas()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, DiscoverySetup.Request("a@partner.test", "=HYPERLINK(\"http://evil.test\";\"clic\")") with { Organisation = "Éole; asbl", Needs = "+sans gluten" }));
        await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, DiscoverySetup.Request("b@partner.test", "@Zoé") with { Organisation = "-Ligue" }));

        var detail = await bed.InScopeAsync<DiscoveryDayService, DiscoveryDayDetail>(s => s.GetAsync(day.Id));
        var texts = TextCatalog.LoadFrom(typeof(TextCatalog).Assembly);
        var exporter = new CaseHub.Core.Exports.Exporter(texts);
        CaseHub.Core.Exports.ExportFile Export(string language) => exporter.Write(DiscoveryExports.Registrants(detail, texts, language),
            CaseHub.Core.Exports.ExportFormat.Csv, language, DiscoveryExports.FileBase(detail, checkIn: false));
        var file = Export("fr");
        var bytes = file.Content;
        Assert.Equal("discovery-day-" + CalendarTime.LocalDate(day.Start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".csv", file.FileName);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Statut;Position en liste d'attente;Nom;Organisation;E-mail", lines[0]);
        Assert.StartsWith("Confirmé;;\"'=HYPERLINK(\"\"http://evil.test\"\";\"\"clic\"\")\";\"Éole; asbl\";a@partner.test;fr;'+sans gluten;", lines[1]);
        Assert.StartsWith("Liste d'attente;1;'@Zoé;'-Ligue;b@partner.test", lines[2]);

        // Headers follow the reader's language; the separator stays ";" (what Excel expects under Belgian regional settings).
        Assert.StartsWith("Status;Waiting-list position;Name", Encoding.UTF8.GetString(Export("en").Content[3..]));
    }
}
