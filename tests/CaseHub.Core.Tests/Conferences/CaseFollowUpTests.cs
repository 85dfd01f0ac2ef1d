using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Tests.Conferences;

/// <summary>Editing a case and its members, handover mails, action follow-up after the meeting, orientation labels,
/// access of removed members to closed rooms, and the scope of the dashboard figures.</summary>
public class CaseFollowUpTests
{
    private static CaseInput Input(CoreTestHost<ConferenceCast> bed, string code, string? summary = "Suivi santé en cours.", string? orientation = null)
        => bed.Input(code, summary) with { Orientation = orientation };

    [Fact]
    public async Task The_facilitator_edits_a_case_and_the_audit_names_the_changed_fields_only()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        await bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, Input(bed, "cc-2026-001b", "Logement trouvé.", "housing")));
        var c = await bed.DbAsync(db => db.ConferenceCases.AsNoTracking().SingleAsync(x => x.Id == bed.Cast.CaseId));
        Assert.Equal("CC-2026-001B", c.Code);
        Assert.Equal("Logement trouvé.", c.Summary);
        Assert.Equal("housing", c.CurrentOrientation);
        var entry = await bed.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "Conferences.CaseUpdated"));
        Assert.Equal(bed.Cast.Facilitator, entry.ActorId);
        Assert.Contains("Summary", entry.Details);
        Assert.Contains("CurrentOrientation", entry.Details);
        Assert.DoesNotContain("Logement", entry.Details);
    }

    [Fact]
    public async Task An_edit_is_refused_for_a_taken_code_identifying_text_an_unknown_orientation_or_a_non_facilitator_and_nothing_is_saved()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        await bed.Cases(s => s.CreateAsync(Input(bed, "CC-2026-099"), bed.Cast.Facilitator));

        var taken = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, Input(bed, "cc-2026-099"))));
        Assert.Equal(("Conference.Error.CodeTaken", "Code"), (taken.TextKey, taken.Field));
        var pii = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, Input(bed, "CC-2026-001", "RN 85.07.30-033.61 à vérifier"))));
        Assert.Equal(("NationalNumber.Possible", "Summary"), (pii.Pii(), pii.Field)); // wrong check digits: a typo in a real number
        var orientation = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, Input(bed, "CC-2026-001", orientation: "made-up"))));
        Assert.Equal("Orientation", orientation.Field);
        var forbidden = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.As, Input(bed, "CC-2026-001", "Changé par l'AS"))));
        Assert.True(forbidden.IsForbidden);
        var outsider = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Outsider, Input(bed, "CC-2026-001"))));
        Assert.True(outsider.IsNotFound);

        // A word that is also a colleague's surname needs the confirmation, like on the create form.
        var possible = Input(bed, "CC-2026-001", "Orientation vers l'insertion envisagée.");
        await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, possible)));
        var c = await bed.DbAsync(db => db.ConferenceCases.AsNoTracking().SingleAsync(x => x.Id == bed.Cast.CaseId));
        Assert.Equal(("CC-2026-001", "Personne seule, suivi santé."), (c.Code, c.Summary));
        Assert.False(await bed.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Conferences.CaseUpdated")));
        await bed.Cases(s => s.UpdateAsync(bed.Cast.CaseId, bed.Cast.Facilitator, possible with { ConfirmPossiblePii = true }));
        Assert.Equal("Orientation vers l'insertion envisagée.", (await bed.DbAsync(db => db.ConferenceCases.AsNoTracking().SingleAsync(x => x.Id == bed.Cast.CaseId))).Summary);
    }

    [Fact]
    public async Task Only_a_CPAS_worker_who_leads_a_CPAS_team_sits_as_team_lead_and_member_changes_are_audited()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.AddMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider, CaseParty.TeamLead)));
        Assert.Equal("Conference.Error.TeamLeadRole", refused.TextKey);

        // Leading a partner organisation's team does not make a CPAS team lead.
        var partnerLead = await bed.DbAsync(async db =>
        {
            var partnerOrg = new Organisation { Name = "ASBL Partenaire", Kind = OrganisationKind.Partner };
            partnerOrg.Services.Add(new Service { Name = "Accueil", LeadUserId = bed.Cast.Outsider });
            var cpas = new Organisation { Name = "CPAS test", Kind = OrganisationKind.Cpas };
            var isp = new Service { Name = "ISP" };
            cpas.Services.Add(isp);
            db.Organisations.AddRange(partnerOrg, cpas);
            await db.SaveChangesAsync();
            return isp.Id;
        });
        await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.AddMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider, CaseParty.TeamLead)));
        Assert.Empty(await bed.Cases(s => s.TeamLeadsAsync()));

        await bed.DbAsync(async db => { (await db.Services.SingleAsync(s => s.Id == partnerLead)).LeadUserId = bed.Cast.Outsider; return await db.SaveChangesAsync(); });
        var leads = await bed.Cases(s => s.TeamLeadsAsync());
        Assert.Equal([(bed.Cast.Outsider, "ISP")], leads.Select(l => (l.User.Id, l.Team)));
        await bed.Cases(s => s.AddMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider, CaseParty.TeamLead));
        await bed.Cases(s => s.RemoveMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider));
        var audit = await bed.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.TargetId == bed.Cast.CaseId.ToString() && a.Action.StartsWith("Conferences.Member")).Select(a => a.Action + " " + a.Details).ToListAsync());
        Assert.Contains(audit, a => a.StartsWith("Conferences.MemberAdded", StringComparison.Ordinal) && a.Contains("party=TeamLead"));
        Assert.Contains(audit, a => a.StartsWith("Conferences.MemberRemoved", StringComparison.Ordinal) && a.Contains(bed.Cast.Outsider.ToString()));
    }

    [Fact]
    public async Task A_handover_question_mails_the_sender_and_the_answer_mails_the_asker_in_their_language_without_case_content()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        await bed.DbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == bed.Cast.As)).Language = "nl"; return await db.SaveChangesAsync(); });
        var h = await bed.InScopeAsync<HandoverService, Handover>(s => s.CreateAsync(bed.Cast.CaseId, bed.Cast.As, bed.Cast.Ai, "Documents déjà fournis : bail, fiches de paie.", Visibility.CpasOnly));
        await bed.InScopeAsync<HandoverService, bool>(async s => { await s.AddMessageAsync(h.Id, bed.Cast.Ai, "Le bail est-il à jour ?"); return true; });
        await bed.InScopeAsync<HandoverService, bool>(async s => { await s.AddMessageAsync(h.Id, bed.Cast.As, "Oui, renouvelé en janvier."); return true; });

        var mails = (await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "ConferenceHandover").ToListAsync()))
            .Select(m => (m.ToAddress, Message: MimeKit.MimeMessage.Load(new MemoryStream(m.Mime)))).ToList();
        Assert.Equal(2, mails.Count);
        var question = mails.Single(m => m.ToAddress == "as@cpas.test").Message;
        var answer = mails.Single(m => m.ToAddress == "ai@cpas.test").Message;
        Assert.Contains("Vraag", question.Subject);       // the sender reads Dutch
        Assert.Contains("Réponse", answer.Subject);       // the asker reads French
        foreach (var (_, m) in mails)
        {
            var body = m.TextBody + m.HtmlBody;
            Assert.Contains("CC-2026-001", m.Subject);
            Assert.Contains($"https://casehub.test/conferences/cases/{bed.Cast.CaseId}", body);
            Assert.DoesNotContain("bail", body);
            Assert.DoesNotContain("janvier", body);
            Assert.DoesNotContain("santé", body);
        }
    }

    private static async Task<Guid> ClosedConferenceWithActionAsync(CoreTestHost<ConferenceCast> bed, Guid? owner, DateOnly? due)
    {
        await bed.OpenRoomAsync();
        var actionId = Guid.NewGuid();
        await bed.Engine(e => e.AddActionAsync(bed.Cast.RoomId, bed.Cast.Facilitator, actionId, "Transmettre l'attestation de formation", owner, due));
        await CloseAsync(bed);
        return actionId;
    }

    private static async Task CloseAsync(CoreTestHost<ConferenceCast> bed)
    {
        await using var scope = bed.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<RoomEngine>().CloseAsync(bed.Cast.RoomId, bed.Cast.Facilitator, sp.GetRequiredService<IRoomNotes>(), sp.GetRequiredService<MinutesService>());
    }

    private static Task<List<CaseActionView>> ActionsAsync(CoreTestHost<ConferenceCast> bed, Guid user) => bed.InScopeAsync<CaseActionService, List<CaseActionView>>(s => s.ForCaseAsync(bed.Cast.CaseId, user));
    private static Task<bool> UpdateAsync(CoreTestHost<ConferenceCast> bed, Guid user, Guid actionId, ActionChange change, string? stamp)
        => bed.InScopeAsync<CaseActionService, bool>(async s => { await s.UpdateAsync(bed.Cast.CaseId, actionId, user, change, stamp); return true; });

    [Fact]
    public async Task After_the_meeting_the_facilitator_or_the_owner_changes_an_action_and_a_change_made_meanwhile_is_refused()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var today = Core.Calendar.CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        var actionId = await ClosedConferenceWithActionAsync(bed, bed.Cast.Ai, today.AddDays(3));

        var seen = (await ActionsAsync(bed, bed.Cast.Facilitator)).Single();
        Assert.True(seen.CanEdit);
        Assert.False((await ActionsAsync(bed, bed.Cast.As)).Single().CanEdit);   // neither facilitator nor owner
        Assert.True((await ActionsAsync(bed, bed.Cast.Ai)).Single().CanEdit);    // the owner

        // The AS may not; the partner may not.
        var forbidden = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.As, actionId, new ActionChange(bed.Cast.As, null, ActionStatus.Open), seen.Stamp));
        Assert.True(forbidden.IsForbidden);

        // The facilitator hands it to the AS with a later date; the AI's page still shows the old state…
        var aiSeen = (await ActionsAsync(bed, bed.Cast.Ai)).Single();
        await UpdateAsync(bed, bed.Cast.Facilitator, actionId, new ActionChange(bed.Cast.As, today.AddDays(10), ActionStatus.Open), seen.Stamp);
        // …so the AI's "done" on that stale state is refused, and nothing of it is saved.
        var stale = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.Ai, actionId, new ActionChange(bed.Cast.Ai, today.AddDays(3), ActionStatus.Done), aiSeen.Stamp));
        Assert.Equal("Conference.Error.ActionChanged", stale.TextKey);
        var a = await bed.DbAsync(db => db.ActionItems.AsNoTracking().SingleAsync(x => x.Id == actionId));
        Assert.Equal((bed.Cast.As, today.AddDays(10), ActionStatus.Open), (a.OwnerId, a.DueDate, a.Status));

        // The new owner marks it done; then the facilitator cancels it.
        var asSeen = (await ActionsAsync(bed, bed.Cast.As)).Single();
        Assert.True(asSeen.CanEdit);
        await UpdateAsync(bed, bed.Cast.As, actionId, new ActionChange(bed.Cast.As, today.AddDays(10), ActionStatus.Done), asSeen.Stamp);
        a = await bed.DbAsync(db => db.ActionItems.AsNoTracking().SingleAsync(x => x.Id == actionId));
        Assert.Equal(ActionStatus.Done, a.Status);
        Assert.NotNull(a.CompletedAt);
        await UpdateAsync(bed, bed.Cast.Facilitator, actionId, new ActionChange(bed.Cast.As, today.AddDays(10), ActionStatus.Dropped), (await ActionsAsync(bed, bed.Cast.Facilitator)).Single().Stamp);
        Assert.Equal(ActionStatus.Dropped, (await bed.DbAsync(db => db.ActionItems.AsNoTracking().SingleAsync(x => x.Id == actionId))).Status);
        Assert.Equal(3, await bed.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "Conferences.ActionUpdated" && e.TargetId == actionId.ToString())));
    }

    [Fact]
    public async Task An_action_change_is_checked_owner_on_the_case_date_not_past_and_overdue_actions_are_flagged()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var today = Core.Calendar.CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        var actionId = await ClosedConferenceWithActionAsync(bed, bed.Cast.Ai, today.AddDays(2));
        var stamp = (await ActionsAsync(bed, bed.Cast.Facilitator)).Single().Stamp;

        var notMember = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.Facilitator, actionId, new ActionChange(bed.Cast.Outsider, today.AddDays(2), ActionStatus.Open), stamp));
        Assert.Equal("OwnerId", notMember.Field);
        var past = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.Facilitator, actionId, new ActionChange(bed.Cast.Ai, today.AddDays(-1), ActionStatus.Open), stamp));
        Assert.Equal("DueDate", past.Field);
        var outsider = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.Outsider, actionId, new ActionChange(bed.Cast.Ai, null, ActionStatus.Done), stamp));
        Assert.True(outsider.IsNotFound);

        Assert.False((await ActionsAsync(bed, bed.Cast.Facilitator)).Single().Overdue);
        bed.Clock.Advance(TimeSpan.FromDays(4));
        var overdue = (await ActionsAsync(bed, bed.Cast.Partner)).Single();
        Assert.True(overdue.Overdue);
        // An overdue action keeps its (past) date when only its status changes.
        await UpdateAsync(bed, bed.Cast.Ai, actionId, new ActionChange(bed.Cast.Ai, today.AddDays(2), ActionStatus.Done), overdue.Stamp);
        Assert.False((await ActionsAsync(bed, bed.Cast.Facilitator)).Single().Overdue);
    }

    [Fact]
    public async Task While_the_room_is_open_actions_are_changed_in_the_room_not_on_the_case_page()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.OpenRoomAsync();
        var actionId = Guid.NewGuid();
        await bed.Engine(e => e.AddActionAsync(bed.Cast.RoomId, bed.Cast.Facilitator, actionId, "Prendre contact avec l'employeur", bed.Cast.Ai, null));
        var seen = (await ActionsAsync(bed, bed.Cast.Facilitator)).Single();
        Assert.False(seen.CanEdit);
        var ex = await Assert.ThrowsAsync<DomainException>(() => UpdateAsync(bed, bed.Cast.Facilitator, actionId, new ActionChange(bed.Cast.Ai, null, ActionStatus.Done), seen.Stamp));
        Assert.Equal("Conference.Error.ActionRoomOpen", ex.TextKey);
    }

    [Fact]
    public async Task A_member_removed_from_the_case_loses_its_closed_conference_room_minutes_and_notes()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await ClosedConferenceWithActionAsync(bed, bed.Cast.Partner, null);
        await bed.Engine(e => e.RequireMemberAsync(bed.Cast.RoomId, bed.Cast.Partner)); // still a participant of the closed room
        var now = DateTimeOffset.UtcNow.AddYears(1);
        Assert.Contains(await bed.InScopeAsync<RoomQueries, List<MeetingSummary>>(q => q.MeetingsForAsync(bed.Cast.Partner, upcoming: false, now)), m => m.Id == bed.Cast.RoomId);
        Assert.Contains(await bed.InScopeAsync<RoomQueries, List<ActionSummary>>(q => q.OpenActionsForAsync(bed.Cast.Partner)), a => a.RoomId == bed.Cast.RoomId);

        await bed.Cases(s => s.RemoveMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Partner));
        // Their meeting list and dashboard no longer show the conference (its title carries the case code) nor its actions.
        Assert.DoesNotContain(await bed.InScopeAsync<RoomQueries, List<MeetingSummary>>(q => q.MeetingsForAsync(bed.Cast.Partner, upcoming: false, now)), m => m.Id == bed.Cast.RoomId);
        Assert.DoesNotContain(await bed.InScopeAsync<RoomQueries, List<ActionSummary>>(q => q.OpenActionsForAsync(bed.Cast.Partner)), a => a.RoomId == bed.Cast.RoomId);
        // The participant row stays (attendance in the minutes is history), but every read refuses them.
        Assert.True(await bed.DbAsync(db => db.RoomParticipants.AnyAsync(p => p.RoomId == bed.Cast.RoomId && p.UserId == bed.Cast.Partner)));
        var room = await Assert.ThrowsAsync<DomainException>(() => bed.Engine(e => e.RequireMemberAsync(bed.Cast.RoomId, bed.Cast.Partner)));
        Assert.True(room.IsNotFound);
        var snapshot = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<RoomEngine, RoomSnapshot>(e => e.SnapshotAsync(bed.Cast.RoomId, bed.Cast.Partner)));
        Assert.True(snapshot.IsNotFound);
        var view = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Partner)));
        Assert.True(view.IsNotFound);
        Assert.Null(await bed.InScopeAsync<IEnumerable<INotesAccessPolicy>, NotesAccess?>(n => n.First(p => p.Prefix == "room:").CheckAsync(Room.NotesKeyFor(bed.Cast.RoomId), bed.Cast.Partner)));
        // Others keep their access.
        await bed.Engine(e => e.RequireMemberAsync(bed.Cast.RoomId, bed.Cast.Ai));
        Assert.NotNull(await bed.InScopeAsync<IEnumerable<INotesAccessPolicy>, NotesAccess?>(n => n.First(p => p.Prefix == "room:").CheckAsync(Room.NotesKeyFor(bed.Cast.RoomId), bed.Cast.Ai)));
    }

    [Fact]
    public async Task A_configured_orientation_without_a_text_key_shows_its_configured_label_never_a_raw_key()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var texts = bed.Services.GetRequiredService<TextCatalog>();
        var options = new ConferenceOptions
        {
            Orientations = ["isp", "budget-coaching", "social-grocery"],
            OrientationLabels = new() { ["budget-coaching"] = new() { ["fr"] = "Guidance budgétaire", ["nl"] = "Budgetbegeleiding" } },
        };
        var catalog = new OrientationCatalog(texts, Options.Create(options));
        Assert.Equal("Guidance budgétaire", catalog.Label("budget-coaching", "fr"));
        Assert.Equal("Budgetbegeleiding", catalog.Label("budget-coaching", "nl"));
        Assert.Equal("Guidance budgétaire", catalog.Label("budget-coaching", "en")); // falls back to French
        Assert.Equal(texts.Get("Conference.Orientation.isp", "nl"), catalog.Label("isp", "nl"));
        Assert.Equal("Social grocery", catalog.Label("social-grocery", "fr"));       // no label at all: readable, not a key
        Assert.All(catalog.Choices("en"), c => Assert.DoesNotContain("Conference.", c.Label));
        Assert.Equal(["isp", "budget-coaching", "social-grocery"], catalog.Choices("fr").Select(c => c.Key));
    }

    [Fact]
    public async Task Dashboard_figures_count_only_the_cases_of_the_facilitators_organisation()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        // Five decided cases facilitated in one CPAS.
        var orgA = await bed.DbAsync(async db =>
        {
            var a = new Organisation { Name = "CPAS A", Kind = OrganisationKind.Cpas };
            db.Organisations.Add(a);
            (await db.Users.SingleAsync(u => u.Id == bed.Cast.Facilitator)).OrganisationId = a.Id;
            await db.SaveChangesAsync();
            return a.Id;
        });
        for (var i = 1; i <= 5; i++)
        {
            var caseId = i == 1 ? bed.Cast.CaseId : (await bed.Cases(s => s.CreateAsync(Input(bed, $"ORG-A-{i}"), bed.Cast.Facilitator))).Id;
            if (i > 1)
                foreach (var (u, p) in new[] { (bed.Cast.As, CaseParty.SocialWorker), (bed.Cast.Ai, CaseParty.InsertionAgent), (bed.Cast.Partner, CaseParty.Partner) })
                    await bed.Cases(s => s.AddMemberAsync(caseId, bed.Cast.Facilitator, u, p));
            var c = await bed.PrepareAsync(caseId);
            await bed.Engine(e => e.StartAsync(c.RoomId, bed.Cast.Facilitator));
            await bed.Conferences(s => s.RecordOutcomeAsync(c.RoomId, bed.Cast.Facilitator, new OutcomeInput("isp", null, false, null, null, null, null)));
        }
        Assert.Equal(5, (await bed.InScopeAsync<CaseTimeline, ConferenceFigures?>(t => t.FiguresAsync(bed.Cast.Facilitator)))!.Cases);

        // A facilitator of another CPAS sees no figures of CPAS A (and has fewer than five cases of their own).
        var other = await bed.DbAsync(async db =>
        {
            var b = new Organisation { Name = "CPAS B", Kind = OrganisationKind.Cpas };
            db.Organisations.Add(b);
            var u = new AppUser { UserName = "fac-b@cpas.test", Email = "fac-b@cpas.test", DisplayName = "Bea Bis", CreatedAt = bed.Clock.GetUtcNow(), OrganisationId = b.Id };
            db.Users.Add(u);
            await db.SaveChangesAsync();
            return u.Id;
        });
        Assert.Null(await bed.InScopeAsync<CaseTimeline, ConferenceFigures?>(t => t.FiguresAsync(other)));
        // A colleague of the same CPAS sees the organisation's figures.
        await bed.DbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == bed.Cast.Outsider)).OrganisationId = orgA; return await db.SaveChangesAsync(); });
        Assert.Equal(5, (await bed.InScopeAsync<CaseTimeline, ConferenceFigures?>(t => t.FiguresAsync(bed.Cast.Outsider)))!.Cases);
    }
}
