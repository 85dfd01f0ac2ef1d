using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CaseHub.Web.Tests.Immersion;

/// <summary>The immersion pages over real HTTP, mails through the real SMTP sink, invitations read by ical.js.</summary>
public partial class ImmersionWebTests(AppFixture fx) : IClassFixture<AppFixture>
{
    private const string Coordinator = "coordination@demo.casehub.test";

    private sealed record Setup(Guid CampaignId, string Token, List<AppUser> Workers, AppUser Lead, ImmersionOffer Offer);

    /// <summary>A fresh campaign (dates from today) with its own team (lead + workers), a partner and one offer on two dates.</summary>
    private async Task<Setup> CampaignAsync(int workers = 2, int capacity = 1)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var cpas = await fx.App.WithDbAsync(db => db.Organisations.Include(o => o.Services).FirstAsync(o => o.Name == DemoData.CpasName));
        var team = new Service { Name = "Équipe " + tag, OrganisationId = cpas.Id };
        await fx.App.WithDbAsync(db => { db.Services.Add(team); return db.SaveChangesAsync(); });
        var lead = await fx.App.CreateUserAsync($"lead.{tag}@cpas-web.test", "Lead " + tag, Roles.SocialWorker, organisationId: cpas.Id, serviceId: team.Id);
        await fx.App.WithDbAsync(async db => { (await db.Services.FirstAsync(s => s.Id == team.Id)).LeadUserId = lead.Id; return await db.SaveChangesAsync(); });
        var people = new List<AppUser>();
        for (var i = 0; i < workers; i++)
            people.Add(await fx.App.CreateUserAsync($"w{i}.{tag}@cpas-web.test", $"Worker{i} {tag}", Roles.SocialWorker, organisationId: cpas.Id, serviceId: team.Id));
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        Guid id = default;
        var token = "";
        ImmersionOffer offer = null!;
        await fx.App.WithScopeAsync(async sp =>
        {
            var c = await sp.GetRequiredService<ImmersionCampaigns>().CreateAsync(new CampaignInput
            {
                Name = "Immersions web " + tag, PeriodStart = today.AddDays(30), PeriodEnd = today.AddDays(50),
                OffersDeadline = today.AddDays(5), PreferencesDeadline = today.AddDays(10), MaxRanks = 3,
                ContactName = "Camille Coordination", ContactEmail = Coordinator,
            }, null);
            id = c.Id;
            token = await sp.GetRequiredService<ImmersionPartners>().InviteAsync(c.Id, "Maison des Médiations " + tag, "Hôte " + tag, $"host.{tag}@partner-web.test", "nl");
            offer = await sp.GetRequiredService<ImmersionOffers>().SavePartnerOfferAsync(token, null, new OfferInput
            {
                Title = "Médiation scolaire", Domain = "Médiation", Address = "Rue de l'École 3", WhatYouWillSee = "Une médiation entre une école et une famille (fictive).",
                ContactName = "Hôte " + tag, ContactEmail = $"host.{tag}@partner-web.test", DirectoryConsent = false,
                Dates = [new(TestDates.MondayOnOrAfter(today.AddDays(31)).AddDays(1), capacity), new(TestDates.MondayOnOrAfter(today.AddDays(31)).AddDays(8), capacity)], // two Tuesdays
            });
            await sp.GetRequiredService<ImmersionParticipants>().AddAsync(c.Id, people.Select(p => p.Id));
        });
        return new Setup(id, token, people, lead, offer);
    }

    private async Task<FormClient> SignedInAsync(string email)
    {
        var client = fx.App.NewClient();
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    private static async Task<int> VersionOfPageAsync(FormClient client, Guid campaignId)
        => int.Parse(VersionRegex().Match(await client.GetStringAsync($"/immersion/{campaignId}/matching")).Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Publish_sends_invitations_through_smtp_and_a_move_sends_an_update_with_a_higher_sequence()
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
        var board = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{s.CampaignId}/matching"));
        Assert.Contains("data-rank=\"1\" data-count=\"1\"", board);
        v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Publish", ("Version", v.ToString(CultureInfo.InvariantCulture))))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var invite = (await fx.Smtp.WaitForAsync(w.Email!)).Single();
        var part = invite.Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
        var ics = await IcalJs.ParseAsync(part.Text);
        Assert.Equal("REQUEST", ics.Method);
        var first = ics.Master;
        Assert.Equal(CalendarTime.FromLocal(s.Offer.Dates[0].Date, new TimeOnly(9, 0)), first.Dtstart!.Utc);
        Assert.Equal("Europe/Brussels", first.Dtstart.Tzid);
        Assert.True(first.Dtstart.ZoneResolved);
        Assert.Contains(first.Attendees, a => a.Email == w.Email);
        Assert.Contains(first.Attendees, a => a.Email == s.Lead.Email);
        Assert.DoesNotContain(first.Attendees, a => a.Email.StartsWith("host.", StringComparison.Ordinal)); // the host gets one invitation per day instead
        Assert.Equal("Rue de l'École 3", first.Location);
        // The host's own invitation for the day, in Dutch (the partner's language), listing the visitor.
        static TextPart Ics(SmtpSink.ReceivedMail m) => m.Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        static bool HasIcs(SmtpSink.ReceivedMail m) => m.Message.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar");
        var hostMail = (await fx.Smtp.WaitForAsync(m => m.To == s.Offer.ContactEmail && HasIcs(m))).Single();
        var hostIcs = await IcalJs.ParseAsync(Ics(hostMail).Text);
        Assert.Equal("REQUEST", hostIcs.Method);
        Assert.StartsWith("Inleefdag: Médiation scolaire", hostIcs.Master.Summary);
        Assert.NotEqual(first.Uid, hostIcs.Master.Uid);
        Assert.Equal([s.Offer.ContactEmail], hostIcs.Master.Attendees.Select(a => a.Email));
        Assert.Contains(w.DisplayName, hostIcs.Master.Description);
        Assert.Equal(first.Dtstart.Utc, hostIcs.Master.Dtstart!.Utc);

        // Publishing again sends nothing.
        v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Publish", ("Version", v.ToString(CultureInfo.InvariantCulture))))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("Rien de neuf à envoyer", WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{s.CampaignId}/matching")));

        // Move to the second date and publish: an update, same UID, higher SEQUENCE, new time.
        var participantId = await fx.App.WithDbAsync(db => db.ImmersionParticipants.Where(p => p.UserId == w.Id).Select(p => p.Id).SingleAsync());
        v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Move&participantId={participantId}",
                   ("Version", v.ToString(CultureInfo.InvariantCulture)), ("offerDateId", s.Offer.Dates[1].Id.ToString())))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Publish", ("Version", v.ToString(CultureInfo.InvariantCulture))))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var mails = await fx.Smtp.WaitForAsync(w.Email!, count: 2);
        var update = mails[^1].Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        var second = (await IcalJs.ParseAsync(update.Text)).Master;
        Assert.Equal(first.Uid, second.Uid);
        Assert.True(second.Sequence > first.Sequence, $"{second.Sequence} > {first.Sequence}");
        Assert.Equal(CalendarTime.FromLocal(s.Offer.Dates[1].Date, new TimeOnly(9, 0)), second.Dtstart!.Utc);
        // The host: the first day is cancelled (nobody left), the second day invited.
        var hostMails = await fx.Smtp.WaitForAsync(m => m.To == s.Offer.ContactEmail && HasIcs(m), count: 3);
        var hostAfter = await IcalJs.ParseAsync(hostMails.Skip(1).Select(m => Ics(m).Text));
        Assert.Contains(hostAfter, i => i.Method == "CANCEL" && i.Master.Uid == hostIcs.Master.Uid);
        Assert.Contains(hostAfter, i => i.Method == "REQUEST" && i.Master.Uid != hostIcs.Master.Uid && i.Master.Dtstart!.Utc == second.Dtstart.Utc && i.Master.Description!.Contains(w.DisplayName));

        // The worker sees the place and may open the debrief; a stranger may not.
        var mine = WebUtility.HtmlDecode(await worker.GetStringAsync($"/immersion/{s.CampaignId}/choose"));
        Assert.Contains("id=\"my-place\"", mine);
        var debrief = Regex.Match(mine, "/immersion/debrief/([0-9a-f-]{36})").Value;
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync(debrief)).StatusCode);
        using var lead = await SignedInAsync(s.Lead.Email!);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync(debrief)).StatusCode);
        using var stranger = await SignedInAsync("ai@demo.casehub.test");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(debrief)).StatusCode);
    }

    [Fact]
    public async Task Pages_check_role_and_membership_and_unknown_links_are_404()
    {
        var s = await CampaignAsync(workers: 1);
        using var stranger = await SignedInAsync("as@demo.casehub.test"); // a social worker, not in this campaign
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/immersion/{s.CampaignId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/immersion/{s.CampaignId}/choose")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/immersion/{s.CampaignId}/matching")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/immersion/{s.CampaignId}/debriefs")).StatusCode);

        using var worker = await SignedInAsync(s.Workers[0].Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync($"/immersion/{s.CampaignId}")).StatusCode); // to their own page
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"/immersion/{s.CampaignId}/choose")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/immersion/{s.CampaignId}/matching")).StatusCode);
        // A worker cannot post a coordinator's handler either.
        var page = await worker.GetStringAsync($"/immersion/{s.CampaignId}/choose");
        using (var r = await worker.PostAsync($"/immersion/{s.CampaignId}/matching?handler=Run", [KeyValuePair.Create("Version", "0")], FormClient.AntiforgeryToken(page)))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);

        // The team lead sees the campaign's team rule and sets it.
        using var lead = await SignedInAsync(s.Lead.Email!);
        var leadPage = WebUtility.HtmlDecode(await lead.GetStringAsync($"/immersion/{s.CampaignId}"));
        Assert.Contains("data-team=", leadPage);
        Assert.DoesNotContain("id=\"partners\"", leadPage);

        using var anonymous = fx.App.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/immersion/partner/" + new string('A', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/immersion/partner/" + s.Token)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/immersion/{s.CampaignId}")).StatusCode); // sign-in required
    }

    [Fact]
    public async Task A_partner_publishes_an_offer_by_magic_link_and_bad_input_gets_a_localized_error()
    {
        var s = await CampaignAsync(workers: 0);
        using var partner = fx.App.NewClient("nl");
        var url = "/immersion/partner/" + s.Token;
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        static (string, string)[] Fields(DateOnly date, string capacity) =>
        [
            ("Form.Title", "Jongerenonthaal"), ("Form.Domain", "Jeunesse"), ("Form.Address", "Tilleulstraat 1"), ("Form.WhatYouWillSee", "Het onthaal van jongeren."),
            ("Form.ContactName", "Piet Onthaal"), ("Form.ContactEmail", "piet@partner-web.test"), ("Form.StartTime", "09:30"), ("Form.EndTime", "15:30"),
            ("Form.Dates[0].Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Form.Dates[0].Capacity", capacity), ("Form.DirectoryConsent", "true"),
        ];
        using (var bad = await partner.SubmitAsync(url, Fields(today.AddDays(90), "2")))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("valt buiten de periode van de campagne", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        }
        // A Saturday: immersions are on working days (workers can only mark weekdays as unavailable).
        var saturday = TestDates.MondayOnOrAfter(today.AddDays(31)).AddDays(5);
        using (var weekend = await partner.SubmitAsync(url, Fields(saturday, "2")))
        {
            Assert.Equal(HttpStatusCode.OK, weekend.StatusCode);
            var said = WebUtility.HtmlDecode(await weekend.Content.ReadAsStringAsync());
            Assert.Contains(saturday.ToString("dddd d MMMM", CultureInfo.GetCultureInfo("nl-BE")) + " valt in het weekend", said);
        }
        Assert.False(await fx.App.WithDbAsync(db => db.ImmersionOffers.AnyAsync(o => o.CampaignId == s.CampaignId && o.Title == "Jongerenonthaal")));
        using (var ok = await partner.SubmitAsync(url, Fields(TestDates.MondayOnOrAfter(today.AddDays(31)).AddDays(3), "2"))) // a Thursday
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var html = WebUtility.HtmlDecode(await partner.GetStringAsync(url));
        Assert.Contains("Jongerenonthaal", html);
        var offer = await fx.App.WithDbAsync(db => db.ImmersionOffers.Include(o => o.Dates).SingleAsync(o => o.CampaignId == s.CampaignId && o.Title == "Jongerenonthaal"));
        Assert.Equal(new TimeOnly(9, 30), offer.StartTime);
        Assert.Equal(2, Assert.Single(offer.Dates).Capacity);
        // Listed in the directory with the contact (consent given), searchable by staff, exported as CSV.
        using var staff = await SignedInAsync("as@demo.casehub.test");
        var dir = WebUtility.HtmlDecode(await staff.GetStringAsync("/immersion/directory?q=jongerenonthaal"));
        Assert.Contains("piet@partner-web.test", dir);
        var csv = await staff.GetStringAsync("/immersion/directory?handler=Csv&q=jongerenonthaal");
        Assert.Contains("piet@partner-web.test", csv);
    }

    [Fact]
    public async Task The_team_lead_sets_the_coverage_rule_and_the_coordinator_edits_settings_with_clear_errors()
    {
        var s = await CampaignAsync(workers: 1);
        using var lead = await SignedInAsync(s.Lead.Email!);
        var teamId = s.Workers[0].ServiceId!.Value;
        using (var r = await lead.SubmitToAsync($"/immersion/{s.CampaignId}", $"/immersion/{s.CampaignId}?handler=TeamRule", ("teamId", teamId.ToString()), ("maxAway", "1")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(1, await fx.App.WithDbAsync(db => db.ImmersionTeamRules.Where(t => t.CampaignId == s.CampaignId && t.TeamId == teamId).Select(t => t.MaxAway).SingleAsync()));
        // Another team's lead is not this team's lead: 404.
        using var other = await SignedInAsync("as@demo.casehub.test");
        var page = await other.GetStringAsync("/immersion");
        using (var r = await other.PostAsync($"/immersion/{s.CampaignId}?handler=TeamRule", [KeyValuePair.Create("teamId", teamId.ToString()), KeyValuePair.Create("maxAway", "5")], FormClient.AntiforgeryToken(page)))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);

        using var coord = await SignedInAsync(Coordinator);
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        (string, string)[] Settings(DateOnly prefs) =>
        [
            ("Settings.Name", "Renamed campaign"), ("Settings.PeriodStart", today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Settings.PeriodEnd", today.AddDays(50).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Settings.OffersDeadline", today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Settings.PreferencesDeadline", prefs.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Settings.MaxRanks", "4"),
            ("Settings.Domains", "Médiation\nJeunesse"), ("Settings.ContactName", "Camille Coordination"), ("Settings.ContactEmail", Coordinator),
        ];
        using (var bad = await coord.SubmitToAsync($"/immersion/{s.CampaignId}", $"/immersion/{s.CampaignId}?handler=Settings", Settings(today.AddDays(31))))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("Les choix doivent être clôturés avant le début de la période d'immersion.", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        }
        using (var ok = await coord.SubmitToAsync($"/immersion/{s.CampaignId}", $"/immersion/{s.CampaignId}?handler=Settings", Settings(today.AddDays(12))))
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var c = await fx.App.WithDbAsync(db => db.ImmersionCampaigns.SingleAsync(x => x.Id == s.CampaignId));
        Assert.Equal(("Renamed campaign", 4), (c.Name, c.MaxRanks));
    }

    [Fact]
    public async Task Two_coordinators_moving_from_the_same_page_one_is_told_the_matching_changed()
    {
        var s = await CampaignAsync(workers: 2, capacity: 2);
        await fx.App.WithScopeAsync(async sp =>
        {
            var m = sp.GetRequiredService<ImmersionMatchingService>();
            await m.RunAsync(s.CampaignId, 3, 0);
        });
        using var a = await SignedInAsync(Coordinator);
        var other = await fx.App.CreateUserAsync($"coord2.{Guid.NewGuid():N}@cpas-web.test", "Second Coordinator", Roles.Coordinator);
        using var b = await SignedInAsync(other.Email!);
        var pageA = await a.GetStringAsync($"/immersion/{s.CampaignId}/matching");
        var pageB = await b.GetStringAsync($"/immersion/{s.CampaignId}/matching");
        var v = VersionRegex().Match(pageA).Groups[1].Value;
        var ids = await fx.App.WithDbAsync(db => db.ImmersionParticipants.Where(p => p.CampaignId == s.CampaignId).Select(p => p.Id).ToListAsync());
        using var ra = await a.PostAsync($"/immersion/{s.CampaignId}/matching?handler=Move&participantId={ids[0]}",
            [KeyValuePair.Create("Version", v), KeyValuePair.Create("offerDateId", s.Offer.Dates[1].Id.ToString())], FormClient.AntiforgeryToken(pageA));
        Assert.Equal(HttpStatusCode.Redirect, ra.StatusCode);
        using var rb = await b.PostAsync($"/immersion/{s.CampaignId}/matching?handler=Move&participantId={ids[1]}",
            [KeyValuePair.Create("Version", v), KeyValuePair.Create("offerDateId", s.Offer.Dates[1].Id.ToString())], FormClient.AntiforgeryToken(pageB));
        Assert.Equal(HttpStatusCode.OK, rb.StatusCode);
        Assert.Contains("Quelqu'un d'autre a modifié la répartition", WebUtility.HtmlDecode(await rb.Content.ReadAsStringAsync()));
        var placed = await fx.App.WithDbAsync(db => db.ImmersionPlacements.Where(p => p.CampaignId == s.CampaignId && p.OfferDateId == s.Offer.Dates[1].Id).CountAsync());
        Assert.Equal(1, placed);
    }

    [Fact]
    public async Task Two_workers_taking_the_last_free_place_through_the_page_only_one_gets_it()
    {
        var s = await CampaignAsync(workers: 2, capacity: 1);
        await fx.App.WithScopeAsync(async sp =>
        {
            var m = sp.GetRequiredService<ImmersionMatchingService>();
            await m.RunAsync(s.CampaignId, 3, 0); // nobody ranked
            await m.PublishAsync(s.CampaignId, 1);
        });
        var clients = new List<FormClient>();
        foreach (var w in s.Workers) clients.Add(await SignedInAsync(w.Email!));
        var pages = new List<string>();
        foreach (var c in clients) pages.Add(await c.GetStringAsync($"/immersion/{s.CampaignId}/choose"));
        Assert.All(pages, p => Assert.Contains("id=\"free-seats\"", p));
        var target = s.Offer.Dates[0].Id;
        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsync($"/immersion/{s.CampaignId}/choose?handler=Take&offerDateId={target}", [], FormClient.AntiforgeryToken(pages[i]))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("Cette date vient d'être complétée", WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync()));
        Assert.Equal(1, await fx.App.WithDbAsync(db => db.ImmersionPlacements.CountAsync(p => p.OfferDateId == target)));
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public async Task A_partner_lowering_a_capacity_while_a_worker_takes_the_seat_never_ends_over_capacity()
    {
        for (var round = 0; round < 3; round++)
        {
            var s = await CampaignAsync(workers: 1, capacity: 1);
            await fx.App.WithScopeAsync(async sp =>
            {
                var m = sp.GetRequiredService<ImmersionMatchingService>();
                await m.RunAsync(s.CampaignId, 3, 0); // nobody ranked
                await m.PublishAsync(s.CampaignId, 1);
            });
            using var worker = await SignedInAsync(s.Workers[0].Email!);
            using var partner = fx.App.NewClient();
            var editUrl = $"/immersion/partner/{s.Token}?offer={s.Offer.Id}";
            var choosePage = await worker.GetStringAsync($"/immersion/{s.CampaignId}/choose");
            var partnerPage = await partner.GetStringAsync(editUrl);
            var target = s.Offer.Dates[0];
            (string, string)[] fields =
            [
                ("Form.Title", s.Offer.Title), ("Form.Domain", s.Offer.Domain), ("Form.Address", s.Offer.Address), ("Form.WhatYouWillSee", s.Offer.WhatYouWillSee),
                ("Form.ContactName", s.Offer.ContactName), ("Form.ContactEmail", s.Offer.ContactEmail), ("Form.StartTime", "09:00"), ("Form.EndTime", "16:00"),
                ("Form.Dates[0].Date", target.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Form.Dates[0].Capacity", "0"),
                ("Form.Dates[1].Date", s.Offer.Dates[1].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Form.Dates[1].Capacity", "1"),
            ];
            var responses = await Task.WhenAll(
                worker.PostAsync($"/immersion/{s.CampaignId}/choose?handler=Take&offerDateId={target.Id}", [], FormClient.AntiforgeryToken(choosePage)),
                partner.PostAsync(editUrl, fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).ToList(), FormClient.AntiforgeryToken(partnerPage)));
            var (take, edit) = (responses[0], responses[1]);
            var (capacity, placed) = await fx.App.WithDbAsync(async db => (
                await db.ImmersionOfferDates.Where(d => d.Id == target.Id).Select(d => d.Capacity).SingleAsync(),
                await db.ImmersionPlacements.CountAsync(p => p.OfferDateId == target.Id)));
            Assert.True(placed <= capacity, $"{placed} placed on {capacity} place(s)");
            // One request wins; the other says why, in the person's language.
            if (take.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
                Assert.Contains("personne(s) y sont déjà placées", WebUtility.HtmlDecode(await edit.Content.ReadAsStringAsync()));
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
                Assert.Equal(0, capacity);
            }
            take.Dispose();
            edit.Dispose();
        }
    }

    [Fact]
    public async Task A_partner_withdraws_an_offer_by_magic_link_only_when_nobody_is_placed_on_it()
    {
        var s = await CampaignAsync(workers: 1, capacity: 1);
        var participantId = await fx.App.WithDbAsync(db => db.ImmersionParticipants.Where(p => p.CampaignId == s.CampaignId).Select(p => p.Id).SingleAsync());
        await fx.App.WithScopeAsync(async sp =>
        {
            var m = sp.GetRequiredService<ImmersionMatchingService>();
            await m.RunAsync(s.CampaignId, 3, 0);
            await m.MoveAsync(s.CampaignId, participantId, s.Offer.Dates[0].Id, 1);
        });
        using var partner = fx.App.NewClient();
        var url = "/immersion/partner/" + s.Token;
        var page = await partner.GetStringAsync(url);
        Assert.Contains($"data-withdraw=\"{s.Offer.Id}\"", page);
        using (var refused = await partner.PostAsync($"{url}?handler=Withdraw&offerId={s.Offer.Id}", [], FormClient.AntiforgeryToken(page)))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("1 personne(s) y sont placées", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }
        await fx.App.WithScopeAsync(sp => sp.GetRequiredService<ImmersionMatchingService>().MoveAsync(s.CampaignId, participantId, null, 2));
        using (var ok = await partner.PostAsync($"{url}?handler=Withdraw&offerId={s.Offer.Id}", [], FormClient.AntiforgeryToken(page)))
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.False(await fx.App.WithDbAsync(db => db.ImmersionOffers.AnyAsync(o => o.Id == s.Offer.Id)));
        Assert.DoesNotContain("data-withdraw=", await partner.GetStringAsync(url));
    }

    [Fact]
    public async Task A_partner_worker_reads_the_directory_without_the_coordinators_notes()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await fx.App.WithScopeAsync(sp => sp.GetRequiredService<PartnerDirectory>().SaveAsync(null, new DirectoryInput
        {
            Organisation = "Répertoire " + tag, Domains = "Logement", ContactName = "Nina Contact", ContactEmail = $"nina.{tag}@partner-web.test", ContactConsent = true,
            Notes = "Note interne " + tag,
        }));
        using var partnerWorker = await SignedInAsync("partner@demo.casehub.test");
        var html = WebUtility.HtmlDecode(await partnerWorker.GetStringAsync("/immersion/directory?q=" + tag));
        Assert.Contains("Répertoire " + tag, html);
        Assert.Contains($"nina.{tag}@partner-web.test", html);
        Assert.DoesNotContain("Note interne " + tag, html);
        using var staff = await SignedInAsync("as@demo.casehub.test");
        Assert.Contains("Note interne " + tag, WebUtility.HtmlDecode(await staff.GetStringAsync("/immersion/directory?q=" + tag)));
    }

    [Fact]
    public async Task The_demo_campaign_shows_its_status_and_the_speed_meeting_rotation()
    {
        using var coord = await SignedInAsync(Coordinator);
        var list = WebUtility.HtmlDecode(await coord.GetStringAsync("/immersion"));
        var id = Regex.Match(list, "/immersion/([0-9a-f-]{36})\">Immersions chez les partenaires").Groups[1].Value;
        Assert.NotEmpty(id);
        var status = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{id}"));
        Assert.Contains("Sans choix : Zoé Lambert", status);
        var speed = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{id}/speed-meeting?Groups=4&Slot=15"));
        Assert.Contains("data-rounds=\"4\"", speed); // 3 partners, 4 groups: max(3, 4) rounds
    }

    [GeneratedRegex("data-version=\"(\\d+)\"")]
    private static partial Regex VersionRegex();
}
