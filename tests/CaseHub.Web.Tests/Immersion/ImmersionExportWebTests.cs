using System.Globalization;
using System.Net;
using CaseHub.Web.Tests.Exports;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Immersion;

public partial class ImmersionWebTests
{
    [Fact]
    public async Task The_matching_results_download_as_csv_and_excel_for_the_coordinator_only()
    {
        var s = await CampaignAsync(workers: 1);
        var w = s.Workers[0];
        using var worker = await SignedInAsync(w.Email!);
        using (var r = await worker.SubmitToAsync($"/immersion/{s.CampaignId}/choose", $"/immersion/{s.CampaignId}/choose?handler=Save",
                   ("Ranking[0]", s.Offer.Dates[0].Id.ToString()), ("Ranking[1]", s.Offer.Dates[1].Id.ToString())))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using var coord = await SignedInAsync(Coordinator);
        var v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Run", ("Version", v.ToString(CultureInfo.InvariantCulture)), ("Seed", "7")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var team = await fx.App.WithDbAsync(db => db.Services.Where(x => x.Id == w.ServiceId).Select(x => x.Name).SingleAsync());
        Assert.Contains("id=\"matching-xlsx\"", await coord.GetStringAsync($"/immersion/{s.CampaignId}/matching"));

        var csv = await ExportFiles.CsvAsync(coord, $"/immersion/{s.CampaignId}/matching?handler=Csv");
        Assert.Equal(new[] { "Travailleur", "E-mail", "Équipe", "Offre", "Partenaire / service d'accueil", "Date", "Rang du choix", "Attribution", "Position au tirage", "Invitation envoyée" }, csv[0]);
        var row = Assert.Single(csv.Skip(1));
        Assert.Equal(new[] { w.DisplayName, w.Email!, team, "Médiation scolaire", s.Offer.Organisation, s.Offer.Dates[0].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "1", "par l'attribution automatique", "1", "non" }, row);

        ExportFiles.UseLanguage(coord, fx.App.BaseAddress, "nl");
        using (var book = await ExportFiles.XlsxAsync(coord, $"/immersion/{s.CampaignId}/matching?handler=Xlsx"))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal("Toewijzingen", sheet.Name);
            Assert.Equal(new[] { "Medewerker", "E-mail", "Team", "Aanbod" }, ExportFiles.Rows(sheet)[0][..4]);
            Assert.Equal(w.DisplayName, sheet.Cell(2, 1).GetString());
            Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 6).DataType);
            Assert.Equal(s.Offer.Dates[0].Date.ToDateTime(TimeOnly.MinValue), sheet.Cell(2, 6).GetDateTime());
            Assert.Equal(XLDataType.Number, sheet.Cell(2, 7).DataType);
            Assert.Equal(1, sheet.Cell(2, 7).GetDouble());
            Assert.Equal("door de automatische toewijzing", sheet.Cell(2, 8).GetString());
            Assert.False(sheet.Cell(2, 10).GetBoolean());
        }
        Assert.True(await fx.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Immersion.MatchingExported" && a.TargetId == s.CampaignId.ToString())));

        // The worker taking part and a staff member outside the campaign get "not found".
        using var stranger = await SignedInAsync("as@demo.casehub.test");
        foreach (var handler in new[] { "Csv", "Xlsx" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/immersion/{s.CampaignId}/matching?handler={handler}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/immersion/{s.CampaignId}/matching?handler={handler}")).StatusCode);
        }
    }
}
