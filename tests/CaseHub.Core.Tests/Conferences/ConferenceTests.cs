using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Conferences;

public class ConferenceTests
{
    [Theory]
    [InlineData("Personne née le 30/07/1985, NN 85.07.30-033.28, seule.", "NationalNumber", "85.07.30-033.28")]
    [InlineData("Loyer payé sur BE68 5390 0754 7034 chaque mois.", "Iban", "BE68 5390 0754 7034")]
    public async Task A_case_text_with_a_national_number_or_an_iban_is_refused_with_a_warning_on_the_field(string summary, string kind, string value)
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.CreateAsync(bed.Input("CC-2026-777", summary, SocialTheme.Income), bed.Cast.Facilitator)));
        Assert.Equal(kind, ex.Pii());
        Assert.Equal("Summary", ex.Field);
        Assert.NotEqual(value, ex.PiiPreview()); // the preview is masked
        Assert.Equal(summary.IndexOf(value, StringComparison.Ordinal), ex.PiiFindings![0].Findings[0].Start); // and points at the text
        Assert.False(await bed.DbAsync(db => db.ConferenceCases.AnyAsync(c => c.Code == "CC-2026-777")));
    }

    [Fact]
    public async Task A_code_that_is_a_name_or_has_spaces_is_refused()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.CreateAsync(bed.Input("Asma Sociale"), bed.Cast.Facilitator)));
        Assert.Equal("Code", ex.Field);
    }

    [Fact]
    public async Task A_partner_worker_cannot_be_added_as_CPAS_staff()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.AddMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider, CaseParty.Partner)));
        Assert.Equal("Conference.Error.PartyRole", ex.TextKey);
    }

    [Fact]
    public async Task Positions_stay_sealed_until_the_facilitator_opens_them_then_follow_their_visibility()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Santé d'abord : pas prête pour l'emploi.", Visibility.CpasOnly);
        await bed.WriteAsync(bed.Cast.Ai, "Prête pour une formation courte.", Visibility.AllParticipants);

        var aiBefore = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Ai));
        Assert.Single(aiBefore.Positions);
        Assert.Equal(bed.Cast.Ai, aiBefore.Positions[0].AuthorId);
        Assert.Equal(1, aiBefore.SealedCount);
        var facilitator = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Facilitator));
        Assert.Equal(2, facilitator.Positions.Count); // the facilitator prepares with every position

        await bed.OpenRoomAsync();
        var ai = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Ai));
        Assert.Equal(2, ai.Positions.Count);
        var partner = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Partner));
        Assert.Single(partner.Positions);
        Assert.DoesNotContain(partner.Positions, p => p.Situation.Contains("Santé"));
    }

    [Fact]
    public async Task Before_the_opening_the_facilitator_is_told_how_many_written_positions_are_still_sealed_for_the_others()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        Assert.Equal(0, (await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Facilitator))).SealedCount);
        await bed.WriteAsync(bed.Cast.As, "Santé d'abord.", Visibility.CpasOnly);
        await bed.WriteAsync(bed.Cast.Ai, "Formation courte.", Visibility.AllParticipants);
        await bed.WriteAsync(bed.Cast.Partner, "Place disponible en mai.", Visibility.AuthorAndFacilitator);

        // The facilitator reads all three to prepare, yet all three are still sealed for everyone else.
        var facilitator = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Facilitator));
        Assert.Equal(3, facilitator.Positions.Count);
        Assert.Equal(3, facilitator.SealedCount);
        // A participant: the two they cannot read yet.
        Assert.Equal(2, (await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Ai))).SealedCount);

        await bed.OpenRoomAsync();
        var opened = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Facilitator));
        Assert.True(opened.PositionsOpen);
        Assert.Equal(0, opened.SealedCount);
    }

    [Fact]
    public async Task A_position_edited_after_the_room_opened_is_refused()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Première version.", Visibility.AllParticipants);
        await bed.OpenRoomAsync(openPositions: false);
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.WriteAsync(bed.Cast.As, "Changée pendant la réunion.", Visibility.AllParticipants));
        Assert.Equal("Conference.Error.PositionLocked", ex.TextKey);
        var stored = await bed.DbAsync(db => db.ConferencePositions.SingleAsync(p => p.AuthorId == bed.Cast.As));
        Assert.Equal("Première version.", stored.Situation);
    }

    [Fact]
    public async Task Someone_not_on_the_case_gets_not_found_and_only_the_chair_opens_positions()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Outsider)));
        Assert.True(ex.IsNotFound);
        await bed.OpenRoomAsync(openPositions: false);
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.OpenPositionsAsync(bed.Cast.RoomId, bed.Cast.As)));
        Assert.True(refused.IsForbidden);
    }

    [Fact]
    public async Task The_outcome_sets_the_case_orientation_and_no_agreement_needs_a_target_and_reasons()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.OpenRoomAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator,
            new OutcomeInput(null, null, true, "Comité", null, null, null))));
        Assert.Equal("Reasons", ex.Field);
        await bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator, new OutcomeInput(null, null, true, "Comité", "Désaccord sur la santé", null, null)));
        Assert.True((await bed.DbAsync(db => db.ConferenceCases.SingleAsync(c => c.Id == bed.Cast.CaseId))).OpenDisagreement);

        var review = bed.Clock.GetUtcNow().AddMonths(3);
        await bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator,
            new OutcomeInput("training", null, false, null, null, null, DateOnly.FromDateTime(review.UtcDateTime))));
        var c = await bed.DbAsync(db => db.ConferenceCases.SingleAsync(c => c.Id == bed.Cast.CaseId));
        Assert.Equal("training", c.CurrentOrientation);
        Assert.False(c.OpenDisagreement);
        Assert.NotNull(c.ReviewDate);
        await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator,
            new OutcomeInput("not-a-listed-orientation", null, false, null, null, null, null))));
    }

    [Fact]
    public async Task With_the_person_the_orientation_must_say_how_it_answers_their_wish()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var conference = await bed.PrepareAsync(bed.Cast.CaseId, withPerson: true);
        bed.Cast = bed.Cast with { ConferenceId = conference.Id, RoomId = conference.RoomId };
        var phases = await bed.DbAsync(db => db.RoomPhases.Where(p => p.RoomId == conference.RoomId).Select(p => p.TemplateKey).ToListAsync());
        Assert.Contains(CaseConferenceProtocol.PersonPhase, phases);
        await bed.WriteAsync(bed.Cast.Facilitator, "Je veux travailler dans la logistique.", Visibility.AllParticipants, personVoice: true);
        await bed.OpenRoomAsync();
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator,
            new OutcomeInput("art60", null, false, null, null, null, null))));
        Assert.Equal("AnswerToPerson", ex.Field);
        var view = await bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Partner));
        Assert.Contains(view.Positions, p => p.IsPersonVoice);
    }

    [Fact]
    public async Task The_partner_copy_of_the_minutes_omits_CPAS_only_positions()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Rapport social : suivi santé mentale.", Visibility.CpasOnly);
        await bed.WriteAsync(bed.Cast.Ai, "Formation possible.", Visibility.AllParticipants);
        await bed.WriteAsync(bed.Cast.Partner, "Place libre en mai.", Visibility.AuthorAndFacilitator);
        await bed.OpenRoomAsync();
        await bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator, new OutcomeInput("training", null, false, null, null, null, null)));

        async Task<string> MinutesFor(Guid? reader, string lang = "fr")
            => await bed.InScopeAsync<MinutesService, string>(m => m.BuildMarkdownAsync(bed.Cast.RoomId, lang, reader));
        var partner = await MinutesFor(bed.Cast.Partner, "nl");
        Assert.DoesNotContain("santé mentale", partner);
        Assert.Contains("Formation possible", partner);
        Assert.Contains("Place libre", partner); // their own
        Assert.Contains("Opleiding", partner);   // orientation in the reader's language
        var ai = await MinutesFor(bed.Cast.Ai);
        Assert.Contains("santé mentale", ai);
        Assert.DoesNotContain("Place libre", ai);
        var anyone = await MinutesFor(null);
        Assert.DoesNotContain("santé mentale", anyone);
        Assert.DoesNotContain("Place libre", anyone);
    }

    [Fact]
    public async Task Removing_a_member_takes_them_out_of_the_upcoming_conference()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.Cases(s => s.RemoveMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Partner));
        Assert.False(await bed.DbAsync(db => db.RoomParticipants.AnyAsync(p => p.RoomId == bed.Cast.RoomId && p.UserId == bed.Cast.Partner)));
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Partner)));
        Assert.True(ex.IsNotFound);
    }

    [Fact]
    public async Task Figures_are_hidden_below_five_cases()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.OpenRoomAsync();
        await bed.Conferences(s => s.RecordOutcomeAsync(bed.Cast.RoomId, bed.Cast.Facilitator, new OutcomeInput("isp", null, false, null, null, null, null)));
        Assert.Null(await bed.InScopeAsync<CaseTimeline, ConferenceFigures?>(t => t.FiguresAsync(bed.Cast.Facilitator)));
        for (var i = 2; i <= 5; i++)
        {
            var caseId = (await bed.Cases(s => s.CreateAsync(bed.Input($"CC-2026-00{i}"), bed.Cast.Facilitator))).Id;
            foreach (var (u, p) in new[] { (bed.Cast.As, CaseParty.SocialWorker), (bed.Cast.Ai, CaseParty.InsertionAgent), (bed.Cast.Partner, CaseParty.Partner) })
                await bed.Cases(s => s.AddMemberAsync(caseId, bed.Cast.Facilitator, u, p));
            var c = await bed.PrepareAsync(caseId);
            await bed.Engine(e => e.StartAsync(c.RoomId, bed.Cast.Facilitator));
            await bed.Conferences(s => s.RecordOutcomeAsync(c.RoomId, bed.Cast.Facilitator,
                i == 5 ? new OutcomeInput(null, null, true, "Comité", "Pas d'accord", null, null) : new OutcomeInput("isp", null, false, null, null, null, null)));
        }
        var figures = await bed.InScopeAsync<CaseTimeline, ConferenceFigures?>(t => t.FiguresAsync(bed.Cast.Facilitator));
        Assert.NotNull(figures);
        Assert.Equal(5, figures!.Cases);
        Assert.Equal(80, figures.AgreementPercent);
    }

    [Fact]
    public async Task The_timeline_shows_overdue_actions_and_hides_what_the_viewer_may_not_read()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Secret CPAS.", Visibility.CpasOnly);
        await bed.OpenRoomAsync();
        var due = DateOnly.FromDateTime(bed.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        await bed.Engine(e => e.AddActionAsync(bed.Cast.RoomId, bed.Cast.Facilitator, Guid.NewGuid(), "Envoyer l'attestation à l'employeur", bed.Cast.Ai, due));
        bed.Clock.Advance(TimeSpan.FromDays(5));
        var partner = await bed.InScopeAsync<CaseTimeline, List<TimelineItem>>(t => t.ForCaseAsync(bed.Cast.CaseId, bed.Cast.Partner));
        Assert.DoesNotContain(partner, i => i.Text.Contains("Secret CPAS"));
        Assert.Contains(partner, i => i.Kind == TimelineKind.Action && i.Overdue);
        var asView = await bed.InScopeAsync<CaseTimeline, List<TimelineItem>>(t => t.ForCaseAsync(bed.Cast.CaseId, bed.Cast.As));
        Assert.Contains(asView, i => i.Text.Contains("Secret CPAS"));
        var dashboard = await bed.InScopeAsync<CaseTimeline, FacilitatorDashboard>(t => t.DashboardAsync(bed.Cast.Facilitator));
        Assert.Single(dashboard.OverdueActions);
    }

    [Fact]
    public async Task A_handover_can_be_questioned_by_its_receiver_and_answered_by_its_sender_only()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var h = await bed.InScopeAsync<HandoverService, Handover>(s => s.CreateAsync(bed.Cast.CaseId, bed.Cast.As, bed.Cast.Ai, "Documents déjà fournis : bail, fiches de paie.", Visibility.CpasOnly));
        await bed.InScopeAsync<HandoverService, bool>(async s => { await s.AddMessageAsync(h.Id, bed.Cast.Ai, "Le bail est-il à jour ?"); return true; });
        await bed.InScopeAsync<HandoverService, bool>(async s => { await s.AddMessageAsync(h.Id, bed.Cast.As, "Oui, renouvelé en janvier."); return true; });
        await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<HandoverService, bool>(async s => { await s.AddMessageAsync(h.Id, bed.Cast.Partner, "?"); return true; }));
        var asSeen = await bed.InScopeAsync<HandoverService, List<HandoverView>>(s => s.ForCaseAsync(bed.Cast.CaseId, bed.Cast.Ai));
        Assert.Equal([true, false], asSeen.Single().Messages.Select(m => m.IsQuestion));
        Assert.Empty(await bed.InScopeAsync<HandoverService, List<HandoverView>>(s => s.ForCaseAsync(bed.Cast.CaseId, bed.Cast.Partner)));
        await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<HandoverService, Handover>(s => s.CreateAsync(bed.Cast.CaseId, bed.Cast.As, bed.Cast.Partner, "x", Visibility.CpasOnly)));
    }
}

public class DeadlineTests
{
    [Fact]
    public async Task A_hard_deadline_reminds_the_owner_then_alerts_facilitator_and_team_lead_once()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        // The AI's team lead.
        var lead = await bed.DbAsync(async db =>
        {
            var org = new Core.Accounts.Organisation { Name = "CPAS test" };
            var service = new Core.Accounts.Service { Name = "ISP", LeadUserId = bed.Cast.Outsider };
            org.Services.Add(service);
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            var ai = await db.Users.SingleAsync(u => u.Id == bed.Cast.Ai);
            ai.ServiceId = service.Id;
            await db.SaveChangesAsync();
            return bed.Cast.Outsider;
        });
        await bed.OpenRoomAsync();
        var actionId = Guid.NewGuid();
        await bed.Engine(e => e.AddActionAsync(bed.Cast.RoomId, bed.Cast.Facilitator, actionId, "Transmettre le contrat art. 60 à l'employeur", bed.Cast.Ai, null));
        var today = Core.Calendar.CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        await bed.InScopeAsync<DeadlineService, bool>(async s => { await s.SetAsync(bed.Cast.RoomId, bed.Cast.Facilitator, actionId, DeadlineKind.EmployerStart, today.AddDays(5)); return true; });

        async Task<List<(string To, string Kind)>> Mails() => await bed.DbAsync(async db => (await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == "ConferenceDeadline").ToListAsync()).Select(m => (m.ToAddress, m.DedupKey!.Split(':')[1])).ToList());
        Task Run() => bed.InScopeAsync<DeadlineService, int>(s => s.RunAsync());

        await Run();
        Assert.Empty(await Mails()); // not near yet
        bed.Clock.Advance(TimeSpan.FromDays(3));
        await Run();
        await Run();
        Assert.Equal([("ai@cpas.test", "remind")], await Mails());
        bed.Clock.Advance(TimeSpan.FromDays(3));
        await Run();
        await Run();
        var overdue = (await Mails()).Where(m => m.Kind == "overdue").Select(m => m.To).Order().ToList();
        Assert.Equal(["ai@cpas.test", "fac@cpas.test", "out@cpas.test"], overdue);
        Assert.NotEqual(Guid.Empty, lead);
        var timeline = await bed.InScopeAsync<CaseTimeline, List<TimelineItem>>(t => t.ForCaseAsync(bed.Cast.CaseId, bed.Cast.Facilitator));
        Assert.Contains(timeline, i => i.Kind == TimelineKind.Action && i.Overdue && i.Detail == "Conference.DeadlineKind.EmployerStart");
        // Only the chair sets deadlines.
        await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DeadlineService, bool>(async s => { await s.SetAsync(bed.Cast.RoomId, bed.Cast.Ai, actionId, DeadlineKind.Other, today.AddDays(9)); return true; }));
    }
}
