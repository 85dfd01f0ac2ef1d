using System.Globalization;
using System.Net;
using CaseHub.Core.Conferences;
using CaseHub.Core.Demo;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.DiscoveryDays;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.Web.Tests.Exports.ExportFiles;

namespace CaseHub.Web.Tests.Exports;

/// <summary>Every export downloaded over real HTTP and opened as a spreadsheet would: headers in the reader's language,
/// values and cell types, and who is turned away.</summary>
public class ExportWebTests(AppFixture fx) : IClassFixture<AppFixture>
{
    private const string Coordinator = "coordination@demo.casehub.test";
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    private async Task<FormClient> SignedInAsync(string email, string language = "fr")
    {
        var client = fx.App.NewClient();
        await client.SignInAsync(email, DemoData.Password);
        UseLanguage(client, fx.App.BaseAddress, language);
        return client;
    }

    private static async Task AssertDeniedAsync(FormClient client, string url)
    {
        using var r = await client.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.NotFound || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/")),
            $"{url}: {r.StatusCode} {r.Headers.Location}");
    }

    private Task<bool> AuditedAsync(string action, string? targetId = null)
        => fx.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == action && (targetId == null || a.TargetId == targetId)));

    [Fact]
    public async Task Registrants_and_check_in_list_open_as_csv_and_excel_in_the_organisers_language_and_only_for_organisers()
    {
        var tag = Tag();
        var day = await DiscoveryWeb.PublishAsync(fx.App, 1, "Journée export " + tag);
        using var p = fx.App.NewClient();
        using (await DiscoveryWeb.PostFormAsync(p, day.Id, await DiscoveryWeb.OpenFormAsync(p, day.Id), $"zoe.{tag}@partner-web.test", "=Zoé Export")) { }
        using (await DiscoveryWeb.PostFormAsync(p, day.Id, await DiscoveryWeb.OpenFormAsync(p, day.Id), $"yann.{tag}@partner-web.test", "Yann Attente")) { }
        var zoe = (await DiscoveryWeb.BookingsAsync(fx.App, day.Id)).Single(b => b.Name == "=Zoé Export");
        // Arrived (set in the database: check-in itself only opens on the day, 20 days from now).
        await fx.App.WithDbAsync(db => db.DiscoveryBookings.Where(b => b.Id == zoe.Id).ExecuteUpdateAsync(x => x.SetProperty(b => b.CheckedInAt, DateTimeOffset.UtcNow)));
        var arrivedAt = (await DiscoveryWeb.BookingsAsync(fx.App, day.Id)).Single(b => b.Id == zoe.Id).CheckedInAt!.Value;

        // The page shows both lists' buttons.
        using var fr = await SignedInAsync(Coordinator);
        var page = await fr.GetStringAsync($"/organise/discovery-days/{day.Id}");
        foreach (var id in new[] { "export-csv", "export-xlsx", "export-checkin-csv", "export-checkin-xlsx" }) Assert.Contains($"id=\"{id}\"", page);

        // Registrants, CSV in French: the formula-looking name is neutralised, the waiting list has its position.
        var csv = await CsvAsync(fr, $"/organise/discovery-days/{day.Id}/registrants.csv");
        Assert.Equal(new[] { "Statut", "Position en liste d'attente", "Nom", "Organisation", "E-mail" }, csv[0][..5]);
        Assert.Equal(new[] { "Confirmé", "", "'=Zoé Export" }, csv[1][..3]);
        Assert.Equal(new[] { "Liste d'attente", "1", "Yann Attente" }, csv[2][..3]);
        Assert.Equal(CaseHub.Core.Calendar.CalendarTime.ToLocal(arrivedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), csv[1][Column(csv[0], "Arrivé à")]);

        // Registrants, Excel in Dutch: real numbers and dates, the name kept as text (not a formula).
        using var nl = await SignedInAsync(Coordinator, "nl");
        using (var book = await XlsxAsync(nl, $"/organise/discovery-days/{day.Id}/registrants.xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Ingeschrevenen", sheet.Name);
            var rows = Rows(sheet);
            Assert.Equal(new[] { "Status", "Plaats op de wachtlijst", "Naam", "Organisatie", "E-mail", "Taal" }, rows[0][..6]);
            Assert.Equal("=Zoé Export", sheet.Cell(2, 3).GetString());
            Assert.False(sheet.Cell(2, 3).HasFormula);
            Assert.Equal(XLDataType.Number, sheet.Cell(3, 2).DataType);
            Assert.Equal(1, sheet.Cell(3, 2).GetDouble());
            Assert.Equal(XLDataType.DateTime, sheet.Cell(2, Column(rows[0], "Aangekomen om") + 1).DataType);
            Assert.Equal(CaseHub.Core.Calendar.CalendarTime.ToLocal(arrivedAt), sheet.Cell(2, Column(rows[0], "Aangekomen om") + 1).GetDateTime(), TimeSpan.FromSeconds(1));
            Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
            Assert.Equal(1, sheet.SheetView.SplitRow);
        }

        // Check-in list, CSV in English: confirmed people only, with presence.
        using var en = await SignedInAsync(Coordinator, "en");
        var list = await CsvAsync(en, $"/organise/discovery-days/{day.Id}/check-in.csv");
        Assert.Equal(new[] { "Name", "Organisation", "Language", "Needs (accessibility, meals)", "Present", "Arrived at" }, list[0]);
        var row = Assert.Single(list.Skip(1));
        Assert.Equal(("'=Zoé Export", "yes"), (row[0], row[4]));
        using (var book = await XlsxAsync(fr, $"/organise/discovery-days/{day.Id}/check-in.xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Liste de présence", sheet.Name);
            Assert.Equal("Présent", sheet.Cell(1, 5).GetString());
            Assert.Equal(XLDataType.Boolean, sheet.Cell(2, 5).DataType);
            Assert.True(sheet.Cell(2, 5).GetBoolean());
        }
        Assert.True(await AuditedAsync("Discovery.RegistrantsExported", day.Id.ToString()));
        Assert.True(await AuditedAsync("Discovery.CheckInListExported", day.Id.ToString()));

        // The list of days, with counts as real numbers.
        Assert.Contains("id=\"days-xlsx\"", await fr.GetStringAsync("/organise/discovery-days"));
        var days = await CsvAsync(en, "/organise/discovery-days?handler=Csv");
        Assert.Equal(new[] { "Start", "End", "Day", "Place", "Status", "Seats", "Confirmed" }, days[0][..7]);
        var dayRow = Assert.Single(days, x => x[2] == day.Title);
        Assert.Equal(("1", "1", "1"), (dayRow[5], dayRow[6], dayRow[Column(days[0], "Attended")]));
        using (var book = await XlsxAsync(nl, "/organise/discovery-days?handler=Xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Kennismakingsdagen", sheet.Name);
            var r = Rows(sheet).FindIndex(x => x[2] == day.Title) + 1;
            Assert.Equal(XLDataType.DateTime, sheet.Cell(r, 1).DataType);
            Assert.Equal(CaseHub.Core.Calendar.CalendarTime.ToLocal(day.Start), sheet.Cell(r, 1).GetDateTime());
            Assert.Equal(1, sheet.Cell(r, Column(Rows(sheet)[0], "Op de wachtlijst") + 1).GetDouble());
        }

        // A partner worker and an anonymous visitor get nothing; an unknown day is 404.
        using var partner = await SignedInAsync("partner2@demo.casehub.test");
        using var anonymous = fx.App.NewClient();
        foreach (var url in new[] { "registrants.csv", "registrants.xlsx", "check-in.csv", "check-in.xlsx" }.Select(f => $"/organise/discovery-days/{day.Id}/{f}"))
        {
            await AssertDeniedAsync(partner, url);
            await AssertDeniedAsync(anonymous, url);
        }
        await AssertDeniedAsync(partner, "/organise/discovery-days?handler=Xlsx");
        Assert.Equal(HttpStatusCode.NotFound, (await fr.GetAsync($"/organise/discovery-days/{Guid.NewGuid()}/check-in.xlsx")).StatusCode);
    }

    [Fact]
    public async Task Conference_actions_are_exported_for_members_of_the_case_only()
    {
        var tag = Tag();
        var (roomId, asId, asName) = await fx.App.WithDbAsync(async db =>
        {
            var room = await (from c in db.Conferences join k in db.ConferenceCases on c.CaseId equals k.Id where k.Code == "DEMO-2026-014" select c.RoomId).FirstAsync();
            var user = await db.Users.FirstAsync(u => u.Email == "as@demo.casehub.test");
            return (room, user.Id, user.DisplayName);
        });
        var today = CaseHub.Core.Calendar.CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        await fx.App.WithDbAsync(db =>
        {
            db.ActionItems.Add(new ActionItem
            {
                Id = Guid.CreateVersion7(), RoomId = roomId, Text = "=Appeler l'employeur " + tag, OwnerId = asId, DueDate = today.AddDays(-2),
                Status = ActionStatus.Open, CreatedBy = asId, CreatedAt = DateTimeOffset.UtcNow
            });
            return db.SaveChangesAsync();
        });

        // A member (the social worker), in Dutch, as Excel.
        using var member = await SignedInAsync("as@demo.casehub.test", "nl");
        Assert.Contains("id=\"actions-xlsx\"", await member.GetStringAsync("/conferences"));
        using (var book = await XlsxAsync(member, "/conferences?handler=ActionsXlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Acties", sheet.Name);
            var rows = Rows(sheet);
            Assert.Equal(new[] { "Dossiercode", "Dienst", "Overleg van", "Actie", "Verantwoordelijke", "Vervaldatum" }, rows[0][..6]);
            var r = rows.FindIndex(x => x[3].EndsWith(tag, StringComparison.Ordinal)) + 1;
            Assert.True(r > 1);
            Assert.Equal(("DEMO-2026-014", "=Appeler l'employeur " + tag, asName), (sheet.Cell(r, 1).GetString(), sheet.Cell(r, 4).GetString(), sheet.Cell(r, 5).GetString()));
            Assert.False(sheet.Cell(r, 4).HasFormula);
            Assert.Equal(today.AddDays(-2).ToDateTime(TimeOnly.MinValue), sheet.Cell(r, 6).GetDateTime());
            Assert.True(sheet.Cell(r, Column(rows[0], "Te laat") + 1).GetBoolean());
        }
        // The facilitator, in French, as CSV.
        using var chair = await SignedInAsync("facilitator@demo.casehub.test");
        var csv = await CsvAsync(chair, "/conferences?handler=ActionsCsv");
        Assert.Equal(new[] { "Code du dossier", "Service", "Concertation du", "Action", "Responsable", "Échéance" }, csv[0][..6]);
        var line = Assert.Single(csv, x => x[3].EndsWith(tag, StringComparison.Ordinal));
        Assert.Equal(("DEMO-2026-014", "'=Appeler l'employeur " + tag, today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "oui"),
            (line[0], line[3], line[5], line[Column(csv[0], "En retard")]));
        Assert.True(await AuditedAsync("Conferences.ActionsExported"));

        // Someone who is not a member of the case gets a file without its actions; an anonymous visitor signs in first.
        using var outsider = await SignedInAsync("conseiller@demo.casehub.test", "en");
        var theirs = await CsvAsync(outsider, "/conferences?handler=ActionsCsv");
        Assert.Equal("Case code", theirs[0][0]);
        Assert.DoesNotContain(theirs, x => x.Any(c => c.Contains(tag)));
        await AssertDeniedAsync(fx.App.NewClient(), "/conferences?handler=ActionsXlsx");
    }

    [Fact]
    public async Task Case_law_and_partner_directory_open_in_excel_with_localized_headers_and_typed_cells()
    {
        using var chair = await SignedInAsync("facilitator@demo.casehub.test");
        Assert.Contains("id=\"export-xlsx\"", await chair.GetStringAsync("/committees/case-law"));
        using (var book = await XlsxAsync(chair, "/committees/case-law?handler=xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Jurisprudence interne", sheet.Name);
            var rows = Rows(sheet);
            Assert.Equal("Référence", rows[0][0]);
            Assert.True(rows.Count > 1, "the demo has reference decisions");
            Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 5).DataType);
            Assert.True(sheet.AutoFilter.IsEnabled);
        }
        var law = await CsvAsync(chair, "/committees/case-law?handler=csv");
        Assert.Equal("Référence", law[0][0]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", law[1][4]);
        Assert.True(await AuditedAsync("Committees.CaseLawExported"));

        using var staff = await SignedInAsync("as@demo.casehub.test", "en");
        Assert.Contains("id=\"directory-csv\"", await staff.GetStringAsync("/immersion/directory"));
        using (var book = await XlsxAsync(staff, "/immersion/directory?handler=Xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Partner directory", sheet.Name);
            Assert.Equal(XLDataType.Text, sheet.Cell(1, 1).DataType);
            Assert.Equal(11, sheet.LastColumnUsed()!.ColumnNumber());
        }
        var dir = await CsvAsync(staff, "/immersion/directory?handler=Csv");
        Assert.Equal(11, dir[0].Length);
        Assert.Equal("Linked organisation", dir[0][1]);
        Assert.All(dir, r => Assert.Equal(11, r.Length));
        Assert.True(await AuditedAsync("Immersion.DirectoryExported"));

        // A partner worker never gets the case law; the directory they may read (consented contacts, no internal notes), so export too.
        using var partner = await SignedInAsync("partner@demo.casehub.test");
        foreach (var url in new[] { "/committees/case-law?handler=xlsx", "/committees/case-law?handler=csv" })
            await AssertDeniedAsync(partner, url);
        var partnerDir = await CsvAsync(partner, "/immersion/directory?handler=Csv");
        Assert.Equal(dir.Count, partnerDir.Count);
    }
}
