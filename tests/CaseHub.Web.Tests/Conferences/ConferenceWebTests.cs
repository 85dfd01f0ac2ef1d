using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CaseHub.Core.Conferences;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Conferences;

/// <summary>
/// A case conference through the pages and real SignalR clients: sealed positions, visibility per role on pages, hub
/// messages, minutes mails and the export; removal from the case cuts live access.
/// </summary>
public class ConferenceWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string CpasSecret = "Suivi psychiatrique en cours";   // the AS's CPAS-only position
    private const string AiText = "Prête pour une formation courte";    // the AI's position, for all participants
    private const string PartnerPrivate = "Place libre en mai";         // the partner's author-and-facilitator position

    private async Task<FormClient> SignInAsync(string email)
    {
        var c = f.App.NewClient();
        await c.SignInAsync(email, Core.Demo.DemoData.Password);
        return c;
    }

    /// <summary>The id of a demo CPAS service (cases choose theirs from the list).</summary>
    private Task<string> ServiceAsync(string name = "Service social général")
        => f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == name)).Id.ToString());

    /// <summary>Case + members + conference through the facilitator's pages; returns (caseId, conferenceId, roomId).</summary>
    private async Task<(Guid CaseId, Guid ConferenceId, Guid RoomId)> PrepareThroughPagesAsync(FormClient facilitator, string code)
    {
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", code), ("ServiceId", await ServiceAsync()),
            ("Summary", "Personne seule ; désaccord sur la disposition au travail."), ("Themes", "Health"), ("Themes", "Employment"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var caseId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var page = $"/conferences/cases/{caseId}";
        foreach (var (email, party) in new[] { (RoomFixture.As, "SocialWorker"), (RoomFixture.Ai, "InsertionAgent"), (RoomFixture.Partner, "Partner") })
        {
            var r = await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", (await f.UserIdAsync(email)).ToString()), ("Party", party));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var date = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Date", date), new("StartTime", "10:00"), new("EndTime", "11:30"), new("Location", "CPAS, salle 2"), new("Agenda", "Positions, carte, orientation"),
        };
        foreach (var email in new[] { RoomFixture.As, RoomFixture.Ai, RoomFixture.Partner }) fields.Add(new("Participants", (await f.UserIdAsync(email)).ToString()));
        var prepared = await facilitator.SubmitAsync($"{page}/prepare", fields);
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var conferenceId = Guid.Parse(prepared.Headers.Location!.OriginalString.Split('/').Last());
        var roomId = await f.App.WithDbAsync(db => db.Conferences.Where(c => c.Id == conferenceId).Select(c => c.RoomId).SingleAsync());
        return (caseId, conferenceId, roomId);
    }

    private static Task<HttpResponseMessage> WritePositionAsync(FormClient who, Guid conferenceId, string situation, Visibility visibility)
        => who.SubmitToAsync($"/conferences/{conferenceId}", $"/conferences/{conferenceId}?handler=Position",
            ("Mine.Situation", situation), ("Mine.ProposedOrientation", "Proposition"), ("Mine.Visibility", visibility.ToString()), ("Mine.PersonVoice", "false"));

    private static async Task<(RoomClient Client, ConcurrentQueue<string> Signals)> ConnectAsync(CaseHubFactory app, string email, Guid roomId)
    {
        var client = await RoomClient.ConnectAsync(app, email);
        var signals = new ConcurrentQueue<string>();
        client.Connection.On<JsonElement>("Conference", e => signals.Enqueue(e.GetRawText()));
        await client.JoinAsync(roomId);
        return (client, signals);
    }

    private static async Task<JsonElement> ConferenceStateAsync(RoomClient c, Guid roomId) => await c.Connection.InvokeAsync<JsonElement>("ConferenceState", roomId);

    [Fact]
    public async Task Case_text_with_an_IBAN_is_refused_with_a_warning_and_nothing_is_saved()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var response = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", "WEB-PII-1"), ("ServiceId", await ServiceAsync()),
            ("Summary", "Le loyer est versé sur BE68 5390 0754 7034."));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("IBAN", html);
        // The warning names the finding by its masked preview; the full value is only in the author's own text (the
        // highlighted copy in the guard panel and the form field).
        var alert = System.Net.WebUtility.HtmlDecode(html)[System.Net.WebUtility.HtmlDecode(html).IndexOf("Ce texte contient", StringComparison.Ordinal)..];
        alert = alert[..alert.IndexOf('<', StringComparison.Ordinal)];
        Assert.DoesNotContain("5390 0754", alert);
        Assert.Contains("**** ****", alert);
        Assert.Contains("<mark class=\"pii-flag\" data-kind=\"Iban\"", html);
        Assert.False(await f.App.WithDbAsync(db => db.ConferenceCases.AnyAsync(c => c.Code == "WEB-PII-1")));
    }

    [Fact]
    public async Task A_conference_keeps_positions_sealed_then_shows_each_role_only_what_it_may_see_everywhere()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        using var asWeb = await SignInAsync(RoomFixture.As);
        using var aiWeb = await SignInAsync(RoomFixture.Ai);
        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        using var councillor = await SignInAsync(RoomFixture.Councillor);
        var (caseId, conferenceId, roomId) = await PrepareThroughPagesAsync(facilitator, "WEB-2026-001");

        // Invitations with a calendar request went out.
        var invitation = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Ai && m.Message.Subject!.Contains("WEB-2026-001"))).Single();
        Assert.Contains(invitation.Message.BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.MediaSubtype == "calendar");

        Assert.Equal(HttpStatusCode.Redirect, (await WritePositionAsync(asWeb, conferenceId, CpasSecret, Visibility.CpasOnly)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WritePositionAsync(aiWeb, conferenceId, AiText, Visibility.AllParticipants)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WritePositionAsync(partnerWeb, conferenceId, PartnerPrivate, Visibility.AuthorAndFacilitator)).StatusCode);

        // Sealed: nobody but the author and the facilitator reads a position before the room opens them.
        Assert.DoesNotContain(CpasSecret, await PageAsync(aiWeb, $"/conferences/{conferenceId}"));
        Assert.DoesNotContain(AiText, await PageAsync(asWeb, $"/conferences/{conferenceId}"));
        Assert.Contains(CpasSecret, await PageAsync(facilitator, $"/conferences/{conferenceId}"));
        Assert.DoesNotContain(AiText, await PageAsync(partnerWeb, $"/conferences/cases/{caseId}"));
        // Not on the case: not found, on every page.
        foreach (var url in new[] { $"/conferences/cases/{caseId}", $"/conferences/{conferenceId}", $"/conferences/{conferenceId}/live" })
            Assert.Equal(HttpStatusCode.NotFound, (await councillor.GetAsync(url)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await asWeb.GetAsync($"/conferences/cases/{caseId}/prepare")).StatusCode); // role check

        var (chair, chairSignals) = await ConnectAsync(f.App, RoomFixture.Chair, roomId);
        var (ai, aiSignals) = await ConnectAsync(f.App, RoomFixture.Ai, roomId);
        var (partner, partnerSignals) = await ConnectAsync(f.App, RoomFixture.Partner, roomId);
        await using var _1 = chair; await using var _2 = ai; await using var _3 = partner;
        await using var outsider = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await Assert.ThrowsAsync<HubException>(() => ConferenceStateAsync(outsider, roomId));

        var aiBefore = await ConferenceStateAsync(ai, roomId);
        Assert.DoesNotContain(CpasSecret, aiBefore.GetRawText());
        Assert.Equal(2, aiBefore.GetProperty("sealedCount").GetInt32());

        await chair.Connection.InvokeAsync<bool>("Start", roomId);
        // A position edited once the room is open is refused.
        var late = await WritePositionAsync(asWeb, conferenceId, "Changée en réunion", Visibility.CpasOnly);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("ne peuvent plus être modifiées", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));

        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<bool>("OpenPositions", roomId)); // chair only
        Assert.True(await chair.Connection.InvokeAsync<bool>("OpenPositions", roomId));
        await WaitAsync(() => !aiSignals.IsEmpty && !partnerSignals.IsEmpty);
        Assert.All(partnerSignals.Concat(aiSignals), s => Assert.Equal($"\"{roomId}\"", s)); // a signal, never content

        var aiAfter = (await ConferenceStateAsync(ai, roomId)).GetRawText();
        Assert.Contains(CpasSecret, aiAfter);
        Assert.DoesNotContain(PartnerPrivate, aiAfter);
        var partnerAfter = (await ConferenceStateAsync(partner, roomId)).GetRawText();
        Assert.DoesNotContain(CpasSecret, partnerAfter);
        Assert.Contains(AiText, partnerAfter);
        Assert.Contains(PartnerPrivate, partnerAfter);

        Assert.True(await chair.Connection.InvokeAsync<bool>("AddPoint", roomId, Guid.NewGuid(), "Disagreement", "Disposition au travail", "AS : pas encore ; AI : oui"));
        await chair.Connection.InvokeAsync<bool>("AddAction", roomId, Guid.NewGuid(), "Inscrire à la formation courte", ai.UserId, null);
        var review = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await chair.Connection.InvokeAsync<bool>("RecordOutcome", roomId, new { orientationKey = "training", noAgreement = false, reviewDate = review });
        await chair.Connection.InvokeAsync<bool>("Close", roomId);

        // Nothing CPAS-only ever reached the partner's connection.
        Assert.DoesNotContain(partner.Received, r => r.Json.Contains(CpasSecret));

        // Minutes mails: the partner's copy (Dutch) omits CPAS-only content; the AI's has it.
        var partnerMail = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && m.Message.Subject!.Contains("WEB-2026-001") && m.Text.Contains("Opleiding"))).Single();
        Assert.DoesNotContain(CpasSecret, partnerMail.Text);
        Assert.Contains(AiText, partnerMail.Text);
        var aiMail = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Ai && m.Text.Contains("Formation") && m.Message.Subject!.Contains("WEB-2026-001") && m.Text.Contains(AiText))).Single();
        Assert.Contains(CpasSecret, aiMail.Text);
        Assert.DoesNotContain(PartnerPrivate, aiMail.Text);

        // Minutes page and export, timeline: same rule.
        Assert.DoesNotContain(CpasSecret, await PageAsync(partnerWeb, $"/conferences/{conferenceId}/minutes"));
        Assert.DoesNotContain(CpasSecret, await PageAsync(partnerWeb, $"/conferences/{conferenceId}/minutes?download=true"));
        Assert.Contains(CpasSecret, await PageAsync(aiWeb, $"/conferences/{conferenceId}/minutes?download=true"));
        var partnerCase = await PageAsync(partnerWeb, $"/conferences/cases/{caseId}");
        Assert.DoesNotContain(CpasSecret, partnerCase);
        Assert.Contains("Inscrire à la formation courte", partnerCase);
        Assert.Contains(CpasSecret, await PageAsync(asWeb, $"/conferences/cases/{caseId}"));
        // The generic minutes page (no reader-specific section) shows no restricted position to anyone.
        Assert.DoesNotContain(CpasSecret, await PageAsync(aiWeb, $"/meetings/{roomId}/minutes"));

        var saved = await f.App.WithDbAsync(db => db.ConferenceCases.SingleAsync(c => c.Id == caseId));
        Assert.Equal("training", saved.CurrentOrientation);
    }

    [Fact]
    public async Task A_participant_removed_from_the_case_loses_access_at_once_including_the_live_connection()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        var (caseId, conferenceId, roomId) = await PrepareThroughPagesAsync(facilitator, "WEB-2026-002");
        var (partner, _) = await ConnectAsync(f.App, RoomFixture.Partner, roomId);
        await using var partnerConnection = partner;
        Assert.Equal(HttpStatusCode.OK, (await partnerWeb.GetAsync($"/conferences/{conferenceId}/live")).StatusCode);

        var page = $"/conferences/cases/{caseId}";
        var removed = await facilitator.SubmitToAsync(page, page + "?handler=RemoveMember", ("UserId", partner.UserId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        await partner.WaitForAsync("Removed", _ => true);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync($"/conferences/{conferenceId}")).StatusCode);
        await using var again = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await Assert.ThrowsAsync<HubException>(() => again.JoinAsync(roomId));
        await Assert.ThrowsAsync<HubException>(() => ConferenceStateAsync(again, roomId));
    }

    [Fact]
    public async Task The_facilitator_edits_the_case_from_its_page_with_the_PII_guard_and_others_may_not()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        using var asWeb = await SignInAsync(RoomFixture.As);
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", "WEB-EDIT-1"), ("ServiceId", await ServiceAsync()), ("Summary", "Suivi santé."));
        var caseId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var page = $"/conferences/cases/{caseId}";
        var asId = await f.UserIdAsync(RoomFixture.As);
        Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", asId.ToString()), ("Party", "SocialWorker"))).StatusCode);
        var form = await PageAsync(facilitator, page);
        Assert.Contains("WEB-EDIT-1", form); // the edit form is pre-filled
        var seen = StampIn(form);

        // An IBAN in the summary: warning with a masked preview, the form stays open with what was typed, nothing saved.
        var service = await ServiceAsync();
        var antenna = await ServiceAsync("Antenne Nord");
        var refused = await facilitator.SubmitToAsync(page, page + "?handler=Edit", ("Edit.Code", "WEB-EDIT-1"), ("Edit.ServiceId", service),
            ("Edit.Summary", "Loyer versé sur BE68 5390 0754 7034, logement trouvé."), ("Edit.Orientation", "housing"), ("Edit.Stamp", seen));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("IBAN", html);
        Assert.Contains("<details class=\"conf-edit\" open", html);
        Assert.Equal("Suivi santé.", (await f.App.WithDbAsync(db => db.ConferenceCases.SingleAsync(c => c.Id == caseId))).Summary);

        var saved = await facilitator.SubmitToAsync(page, page + "?handler=Edit", ("Edit.Code", "web-edit-1b"), ("Edit.ServiceId", antenna),
            ("Edit.Summary", "Logement trouvé."), ("Edit.Orientation", "housing"), ("Edit.Stamp", seen));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A second edit made from the same (now old) page: refused, nothing overwritten, the typed version kept in the
        // form, which now carries the current stamp so saving again is a deliberate overwrite.
        var stale = await facilitator.SubmitToAsync(page, page + "?handler=Edit", ("Edit.Code", "WEB-EDIT-1"), ("Edit.ServiceId", service),
            ("Edit.Summary", "Version concurrente."), ("Edit.Stamp", seen));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleHtml = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Quelqu'un d'autre a modifié ce dossier entre-temps", staleHtml);
        Assert.Contains("Version concurrente.", staleHtml);
        Assert.NotEqual(seen, StampIn(staleHtml));
        var c = await f.App.WithDbAsync(db => db.ConferenceCases.SingleAsync(x => x.Id == caseId));
        Assert.Equal(("WEB-EDIT-1B", "Logement trouvé.", Guid.Parse(antenna), "housing"), (c.Code, c.Summary, c.ServiceId, c.CurrentOrientation));
        Assert.True(await f.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Conferences.CaseUpdated" && a.TargetId == caseId.ToString())));
        var casePage = await PageAsync(facilitator, page);
        Assert.Contains("Accompagnement logement", casePage); // the orientation's label, not its key

        // A member who does not facilitate: no edit form, and a forged post is forbidden.
        Assert.DoesNotContain("conf-edit", await PageAsync(asWeb, page));
        var forged = await asWeb.SubmitToAsync(page, page + "?handler=Edit", ("Edit.Code", "HACK-1"), ("Edit.ServiceId", antenna));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    private static string StampIn(string html)
        => System.Text.RegularExpressions.Regex.Match(html, "name=\"Edit.Stamp\" value=\"([0-9A-F]+)\"").Groups[1].Value is { Length: > 0 } s
            ? s : throw new Xunit.Sdk.XunitException("no case stamp in the edit form");

    [Fact]
    public async Task After_the_meeting_an_action_is_updated_on_the_case_page_a_stale_edit_is_refused_and_a_removed_member_loses_the_closed_room()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        using var aiWeb = await SignInAsync(RoomFixture.Ai);
        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        var (caseId, conferenceId, roomId) = await PrepareThroughPagesAsync(facilitator, "WEB-2026-ACT");
        var (chair, _) = await ConnectAsync(f.App, RoomFixture.Chair, roomId);
        await using (chair)
        {
            await chair.Connection.InvokeAsync<bool>("Start", roomId);
            await chair.Connection.InvokeAsync<bool>("AddAction", roomId, Guid.NewGuid(), "Envoyer l'attestation de formation", await f.UserIdAsync(RoomFixture.Ai), null);
            await chair.Connection.InvokeAsync<bool>("Close", roomId);
        }
        var action = await f.App.WithDbAsync(db => db.ActionItems.SingleAsync(a => a.RoomId == roomId));
        var stamp = CaseActionService.Stamp(action);
        var page = $"/conferences/cases/{caseId}";
        Assert.Contains($"name=\"Followup.Stamp\" value=\"{stamp}\"", await aiWeb.GetStringAsync(page)); // the owner may edit

        var due = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var asId = await f.UserIdAsync(RoomFixture.As);
        var moved = await facilitator.SubmitToAsync(page, page + "?handler=Action", ("Followup.Id", action.Id.ToString()), ("Followup.Stamp", stamp),
            ("Followup.OwnerId", asId.ToString()), ("Followup.DueDate", due), ("Followup.Status", "Open"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        // The AI still had the old state on screen: their "done" is refused with a clear message, nothing saved.
        var stale = await aiWeb.SubmitToAsync(page, page + "?handler=Action", ("Followup.Id", action.Id.ToString()), ("Followup.Stamp", stamp),
            ("Followup.OwnerId", action.OwnerId.ToString()!), ("Followup.DueDate", ""), ("Followup.Status", "Done"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("modifiée entre-temps", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        var now = await f.App.WithDbAsync(db => db.ActionItems.SingleAsync(a => a.Id == action.Id));
        Assert.Equal((asId, ActionStatusOpen, due), (now.OwnerId!.Value, now.Status, now.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        // No longer the owner: the AI cannot change it at all.
        var notOwner = await aiWeb.SubmitToAsync(page, page + "?handler=Action", ("Followup.Id", action.Id.ToString()), ("Followup.Stamp", CaseActionService.Stamp(now)),
            ("Followup.OwnerId", asId.ToString()), ("Followup.DueDate", due), ("Followup.Status", "Done"));
        Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);

        // Taken off the case, the partner loses the closed conference: minutes (both pages), export and the room.
        Assert.Equal(HttpStatusCode.OK, (await partnerWeb.GetAsync($"/meetings/{roomId}/minutes")).StatusCode);
        var generic = await partnerWeb.GetAsync($"/meetings/{roomId}/room"); // the generic room page leads to the conference's own
        Assert.Equal(HttpStatusCode.Redirect, generic.StatusCode);
        Assert.Equal($"/conferences/{conferenceId}/live", generic.Headers.Location!.OriginalString);
        var partnerId = await f.UserIdAsync(RoomFixture.Partner);
        Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=RemoveMember", ("UserId", partnerId.ToString()))).StatusCode);
        foreach (var url in new[] { $"/meetings/{roomId}/minutes", $"/meetings/{roomId}/room", $"/meetings/{roomId}/projector", $"/conferences/{conferenceId}/minutes", $"/conferences/{conferenceId}/minutes?download=true", page })
            Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync(url)).StatusCode);
        await using var again = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await Assert.ThrowsAsync<HubException>(() => again.JoinAsync(roomId));
        Assert.Equal(HttpStatusCode.OK, (await aiWeb.GetAsync($"/meetings/{roomId}/minutes")).StatusCode); // others keep it
    }

    private const Core.Rooms.ActionStatus ActionStatusOpen = Core.Rooms.ActionStatus.Open;

    /// <summary>The page's text with HTML entities decoded (Razor encodes accented letters).</summary>
    private static async Task<string> PageAsync(FormClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static async Task WaitAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(25);
        }
    }
}
