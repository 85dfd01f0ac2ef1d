using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Conferences;

/// <summary>Issue #21: the social assessment grid, the documents provided (tell it once), the collaboration model and the case thread.</summary>
public class CaseworkTests
{
    private static Task<T> Grid<T>(CoreTestHost bed, Func<SocialAssessmentService, Task<T>> f) => bed.InScopeAsync(f);
    private static Task<int> ChangesAsync(CoreTestHost bed) => bed.DbAsync(db => db.CaseGridChanges.CountAsync());

    /// <summary>Goes from the room's current phase to the grid phase (as the facilitator).</summary>
    private static async Task GoToGridPhaseAsync(CoreTestHost<ConferenceCast> bed)
    {
        var from = await bed.DbAsync(async db => RoomLiveState.Deserialize((await db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId)).StateJson).PhaseIndex);
        var to = await bed.DbAsync(async db => (await db.RoomPhases.Where(p => p.RoomId == bed.Cast.RoomId).OrderBy(p => p.Order).Select(p => p.TemplateKey).ToListAsync())
            .IndexOf(GridRules.Phase));
        Assert.True(to > 0);
        await bed.Engine(e => e.GoToPhaseAsync(bed.Cast.RoomId, bed.Cast.Facilitator, from, to));
    }

    [Fact]
    public async Task Edits_of_different_cells_all_land_and_an_edit_made_on_an_old_version_of_a_cell_is_refused_naming_who_changed_it()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var c = bed.Cast;
        // The case was created with Health and Employment ticked: present, unrated, CPAS only, version 1.
        var start = await Grid(bed, g => g.ViewAsync(c.CaseId, c.As));
        var health = start.Themes.Single(t => t.Theme == "Health");
        Assert.Equal((true, null, 1, "CpasOnly"), (health.Present, health.Rating, health.Version, health.Visibility));

        // The AS and the AI both start from version 1, on two different cells: both land.
        Assert.Equal(2, await Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.As, SocialTheme.Health, 1, new GridThemeInput("Destabilising", "Suivi médical en cours.", null))));
        Assert.Equal(2, await Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Ai, SocialTheme.Employment, 1, new GridThemeInput("Opportunity", "Souhaite une formation courte.", null))));

        // The AI then edits Health from the version it saw (1): refused with the AS's name, nothing overwritten.
        var before = await ChangesAsync(bed);
        var stale = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Ai, SocialTheme.Health, 1, new GridThemeInput("Stabilising", "une autre lecture du suivi.", null))));
        Assert.Equal("Conference.Error.GridStale", stale.TextKey);
        Assert.Equal("Asma Sociale", stale.Args.Single());
        var view = await Grid(bed, g => g.ViewAsync(c.CaseId, c.Ai));
        var h = view.Themes.Single(t => t.Theme == "Health");
        Assert.Equal(("Destabilising", "Suivi médical en cours.", 2), (h.Rating, h.Text, h.Version));
        var e = view.Themes.Single(t => t.Theme == "Employment");
        Assert.Equal(("Opportunity", "Souhaite une formation courte."), (e.Rating, e.Text));
        Assert.Equal(before, await ChangesAsync(bed));

        // An action on the theme, owned by the person; the history says who changed what.
        var actionId = Guid.CreateVersion7();
        Assert.Equal(1, await Grid(bed, g => g.SaveActionAsync(c.CaseId, c.As, actionId, SocialTheme.Health, 0, new GridActionInput("ShortTerm", "Person", "Prendre rendez-vous chez le médecin traitant."))));
        // The same add sent again (a retry) is harmless.
        Assert.Equal(1, await Grid(bed, g => g.SaveActionAsync(c.CaseId, c.As, actionId, SocialTheme.Health, 0, new GridActionInput("ShortTerm", "Person", "Prendre rendez-vous chez le médecin traitant."))));
        var history = await Grid(bed, g => g.HistoryAsync(c.CaseId, c.Facilitator));
        Assert.Contains(history, x => x is { Who: "Asma Sociale", Theme: "Health", Kind: "ThemeSaved", Rating: "Destabilising" });
        Assert.Contains(history, x => x is { Who: "Ivo Insertion", Theme: "Employment", Rating: "Opportunity" });
        Assert.Contains(history, x => x is { Kind: "ActionSaved", Owner: "Person", Term: "ShortTerm" });
        Assert.Single(history, x => x.Kind == "ActionSaved");
    }

    [Fact]
    public async Task A_rating_outside_the_four_an_action_without_owner_or_an_unknown_term_is_refused_and_nothing_is_stored()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var c = bed.Cast;
        var before = await ChangesAsync(bed);
        var rating = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.As, SocialTheme.Health, 1, new GridThemeInput("Good", "x", null))));
        Assert.Equal(("Conference.Error.GridRating", "Rating"), (rating.TextKey, rating.Field));
        var numeric = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.As, SocialTheme.Health, 1, new GridThemeInput("2", "x", null))));
        Assert.Equal("Conference.Error.GridRating", numeric.TextKey);
        var owner = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveActionAsync(c.CaseId, c.As, Guid.CreateVersion7(), SocialTheme.Health, 0, new GridActionInput("ShortTerm", null, "Faire le point."))));
        Assert.Equal(("Conference.Error.GridActionOwner", "Owner"), (owner.TextKey, owner.Field));
        var term = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveActionAsync(c.CaseId, c.As, Guid.CreateVersion7(), SocialTheme.Health, 0, new GridActionInput("Soon", "Cpas", "Faire le point."))));
        Assert.Equal("Conference.Error.GridTerm", term.TextKey);
        // A partner's action in a theme the partners cannot read would be lost to them: refused.
        var hidden = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveActionAsync(c.CaseId, c.As, Guid.CreateVersion7(), SocialTheme.Health, 0, new GridActionInput("LongTerm", "Partner", "Atelier."))));
        Assert.Equal("Conference.Error.GridPartnerActionHidden", hidden.TextKey);
        Assert.Equal(before, await ChangesAsync(bed));
        Assert.False(await bed.DbAsync(db => db.CaseGridActions.AnyAsync()));
    }

    [Fact]
    public async Task A_partner_edits_the_grid_only_in_the_rooms_grid_phase_and_never_reads_a_cell_reserved_to_CPAS_staff()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var c = bed.Cast;
        await Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.As, SocialTheme.Health, 1, new GridThemeInput("Destabilising", "Suivi psychiatrique.", "CpasOnly")));

        // Outside the room, the partner cannot edit; with the room before the grid phase, neither.
        var outside = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Partner, SocialTheme.Languages, 0, new GridThemeInput("Opportunity", "Parle néerlandais.", null))));
        Assert.True(outside.IsForbidden);
        await bed.OpenRoomAsync(openPositions: false);
        var closed = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Partner, SocialTheme.Languages, 0, new GridThemeInput("Opportunity", "Parle néerlandais.", null), c.RoomId)));
        Assert.Equal("Conference.Error.GridClosed", closed.TextKey);

        await GoToGridPhaseAsync(bed);
        // In the grid phase: the partner adds a theme (for everyone) and an action it owns.
        Assert.Equal(1, await Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Partner, SocialTheme.Languages, 0, new GridThemeInput("Opportunity", "Parle néerlandais.", null), c.RoomId)));
        await Grid(bed, g => g.SaveActionAsync(c.CaseId, c.Partner, Guid.CreateVersion7(), SocialTheme.Languages, 0, new GridActionInput("MediumTerm", "Partner", "Cours de conversation."), c.RoomId));
        // It cannot reserve a cell to the CPAS, nor touch one that is.
        var reserve = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Partner, SocialTheme.Languages, 1, new GridThemeInput("Opportunity", "x", "CpasOnly"), c.RoomId)));
        Assert.Equal("Conference.Error.GridVisibilityPartner", reserve.TextKey);
        var restricted = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.SaveThemeAsync(c.CaseId, c.Partner, SocialTheme.Health, 2, new GridThemeInput("Stabilising", "x", null), c.RoomId)));
        Assert.True(restricted.IsForbidden);

        var partner = await Grid(bed, g => g.ViewByRoomAsync(c.RoomId, c.Partner));
        Assert.True(partner.Live && partner.CanEdit);
        var hiddenHealth = partner.Themes.Single(t => t.Theme == "Health");
        Assert.Equal((true, true, null, null), (hiddenHealth.Present, hiddenHealth.Restricted, hiddenHealth.Text, hiddenHealth.Rating));
        Assert.Equal("Parle néerlandais.", partner.Themes.Single(t => t.Theme == "Languages").Text);
        Assert.DoesNotContain(await Grid(bed, g => g.HistoryAsync(c.CaseId, c.Partner)), x => x.Theme == "Health");
        var snapshot = await bed.InScopeAsync<CaseService, Viewer>(s => s.ViewerAsync(c.CaseId, c.Partner));
        Assert.DoesNotContain(await Grid(bed, g => g.AsOfAsync(c.CaseId, null, snapshot)), t => t.Theme == SocialTheme.Health);

        // Someone outside the case: not found, from the room as from the case.
        var outsider = await Assert.ThrowsAsync<DomainException>(() => Grid(bed, g => g.ViewByRoomAsync(c.RoomId, c.Outsider)));
        Assert.True(outsider.IsNotFound || outsider.IsForbidden);
    }

    [Fact]
    public async Task A_document_type_not_in_the_list_is_refused_and_a_document_about_to_expire_shows_until_a_newer_one_replaces_it()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var c = bed.Cast;
        var today = CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        Task<T> Docs<T>(Func<CaseDocumentService, Task<T>> f) => bed.InScopeAsync(f);

        var type = await Assert.ThrowsAsync<DomainException>(() => Docs(d => d.AddAsync(c.CaseId, c.As, new DocumentInput("passport-scan", today, c.ServiceId, null))));
        Assert.Equal(("Conference.Error.DocumentType", "TypeKey"), (type.TextKey, type.Field));
        var until = await Assert.ThrowsAsync<DomainException>(() => Docs(d => d.AddAsync(c.CaseId, c.As, new DocumentInput("lease", today, c.ServiceId, today.AddDays(-1)))));
        Assert.Equal("Conference.Error.DocumentValidUntil", until.TextKey);
        var outsider = await Assert.ThrowsAsync<DomainException>(() => Docs(d => d.AddAsync(c.CaseId, c.Outsider, new DocumentInput("lease", today, c.ServiceId, null))));
        Assert.True(outsider.IsNotFound || outsider.IsForbidden);
        Assert.False(await bed.DbAsync(db => db.CaseDocuments.AnyAsync()));

        await Docs(d => d.AddAsync(c.CaseId, c.As, new DocumentInput("rent-receipt", today.AddDays(-20), c.ServiceId, today.AddDays(40))));
        await Docs(d => d.AddAsync(c.CaseId, c.As, new DocumentInput("lease", today.AddMonths(-2), c.ServiceId, today.AddYears(2))));
        Assert.Empty(await Docs(d => d.ExpiringForAsync(c.As)));

        // Eleven days later the receipt is within the 30-day warning: on the case and on the referent's (the AS's) home, not the partner's.
        bed.Clock.Advance(TimeSpan.FromDays(11));
        var list = await Docs(d => d.ForCaseAsync(c.CaseId, c.Partner));
        Assert.Equal(DocumentState.ExpiringSoon, list.Single(x => x.TypeKey == "rent-receipt").State);
        Assert.Equal(DocumentState.Valid, list.Single(x => x.TypeKey == "lease").State);
        Assert.Equal("rent-receipt", Assert.Single(await Docs(d => d.ExpiringForAsync(c.As))).TypeKey);
        Assert.Empty(await Docs(d => d.ExpiringForAsync(c.Partner)));

        // Past its date it is expired; a newer receipt supersedes it and the warning goes.
        bed.Clock.Advance(TimeSpan.FromDays(30));
        Assert.True(Assert.Single(await Docs(d => d.ExpiringForAsync(c.As))).Expired);
        var now = CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        await Docs(d => d.AddAsync(c.CaseId, c.As, new DocumentInput("rent-receipt", now, c.ServiceId, now.AddMonths(3))));
        Assert.Empty(await Docs(d => d.ExpiringForAsync(c.As)));
        Assert.Contains(await Docs(d => d.ForCaseAsync(c.CaseId, c.As)), x => x.State == DocumentState.Superseded);
    }

    [Fact]
    public async Task The_collaboration_model_decides_the_referents_and_the_follow_up_and_its_reminder_goes_out_once()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var c = bed.Cast;
        Task<T> Model<T>(Func<CollaborationService, Task<T>> f) => bed.InScopeAsync(f);
        Task Model0(Func<CollaborationService, Task> f) => bed.InScopeAsync(f);
        var today = CalendarTime.LocalDate(bed.Clock.GetUtcNow());

        // Only the facilitator (or a team lead) sets it; a made-up model is refused.
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => Model0(m => m.SetModelAsync(c.CaseId, c.As, "PassItOn", null)))).IsForbidden);
        Assert.Equal("Conference.Error.Model", (await Assert.ThrowsAsync<DomainException>(() => Model0(m => m.SetModelAsync(c.CaseId, c.Facilitator, "Whatever", null)))).TextKey);

        await Model0(m => m.SetModelAsync(c.CaseId, c.Facilitator, "PassItOn", null));
        var pass = await Model(m => m.ViewAsync(c.CaseId, c.Ai));
        Assert.Equal((today.AddYears(1), FollowUpKind.JointReport), (pass.NextFollowUp, pass.NextKind));
        Assert.Equal(c.As, Assert.Single(pass.Referents).UserId);

        await Model0(m => m.SetModelAsync(c.CaseId, c.Facilitator, "CoManagement", 2));
        var co = await Model(m => m.ViewAsync(c.CaseId, c.As));
        Assert.Equal((today.AddDays(14), FollowUpKind.Consultation), (co.NextFollowUp, co.NextKind));
        Assert.Equal(new[] { c.As, c.Ai }.Order(), co.Referents.Select(r => r.UserId).Order());
        Assert.Equal("Conference.Error.ConsultationWeeks", (await Assert.ThrowsAsync<DomainException>(() => Model0(m => m.SetModelAsync(c.CaseId, c.Facilitator, "CoManagement", 40)))).TextKey);

        // Within the reminder window both referents are reminded, once; a recorded consultation moves the next date on.
        bed.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await Model(m => m.RunAsync()));
        Assert.Equal(0, await Model(m => m.RunAsync()));
        var mails = await bed.DbAsync(db => db.OutboxMessages.Where(o => o.Kind == "CaseFollowUp").CountAsync());
        Assert.Equal(2, mails);
        Assert.Single(await Model(m => m.DueForAsync(c.Ai)));
        Assert.Empty(await Model(m => m.DueForAsync(c.Partner)));
        var day = CalendarTime.LocalDate(bed.Clock.GetUtcNow());
        await Model0(m => m.RecordAsync(c.CaseId, c.Ai, "Consultation", day));
        Assert.Equal(day.AddDays(14), (await Model(m => m.ViewAsync(c.CaseId, c.As))).NextFollowUp);
        Assert.Equal("Conference.Error.FollowUpKind", (await Assert.ThrowsAsync<DomainException>(() => Model0(m => m.RecordAsync(c.CaseId, c.Ai, "JointReport", day)))).TextKey);

        // The model and its follow-up are in the case timeline.
        var timeline = await bed.InScopeAsync<CaseTimeline, List<TimelineItem>>(t => t.ForCaseAsync(c.CaseId, c.As));
        Assert.Contains(timeline, i => i.Kind == TimelineKind.FollowUp && i.Text == "Consultation");
        Assert.Contains(timeline, i => i.Kind == TimelineKind.FollowUp && i.Text == "ModelSet" && i.Detail == "CoManagement");
    }

    [Fact]
    public async Task A_CPAS_only_message_never_reaches_a_partner_and_a_mention_of_a_non_member_or_an_oversized_message_is_refused()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var c = bed.Cast;
        Task<T> Thread<T>(Func<CaseThreadService, Task<T>> f) => bed.InScopeAsync(f);

        await Thread(t => t.PostAsync(c.CaseId, c.As, new MessageInput("@Ivo Insertion le rendez-vous santé est-il compatible avec la formation ?", "Question", "CpasOnly")));
        var question = await bed.DbAsync(db => db.CaseMessages.SingleAsync());
        await Thread(t => t.PostAsync(c.CaseId, c.Ai, new MessageInput("Oui, la formation commence après.", null, "AllParticipants", question.Id)));
        await Thread(t => t.PostAsync(c.CaseId, c.Partner, new MessageInput("@Asma place disponible en mai.", null, null)));

        // The answer to a CPAS-only question stays CPAS-only; the partner reads only its own message.
        var partner = await Thread(t => t.ReadAsync(c.CaseId, c.Partner));
        Assert.Equal("@Asma place disponible en mai.", Assert.Single(partner).Text);
        var asView = await Thread(t => t.ReadAsync(c.CaseId, c.As));
        Assert.Equal(3, asView.Count);
        Assert.Equal(("Answer", "CpasOnly"), (asView[1].Kind, asView[1].Visibility));
        Assert.DoesNotContain(await bed.InScopeAsync<CaseTimeline, List<TimelineItem>>(t => t.ForCaseAsync(c.CaseId, c.Partner)), i => i.Kind == TimelineKind.Message && i.Text.Contains("santé"));

        // Mentions mail the member mentioned, the asker hears of the answer; nothing goes to the partner.
        var mails = await bed.DbAsync(db => db.OutboxMessages.Where(o => o.Kind == "CaseThread").ToListAsync());
        Assert.Equal(3, mails.Count); // Ivo (mention), Asma (answer), Asma (partner's mention)
        Assert.DoesNotContain(mails, m => m.ToAddress == "pw@partner.test");

        var before = await bed.DbAsync(db => db.CaseMessages.CountAsync());
        var hidden = await Assert.ThrowsAsync<DomainException>(() => Thread(t => t.PostAsync(c.CaseId, c.As, new MessageInput("@Pim Partner à lire", null, "CpasOnly"))));
        Assert.Equal("Conference.Error.MentionCannotSee", hidden.TextKey);
        var stranger = await Assert.ThrowsAsync<DomainException>(() => Thread(t => t.PostAsync(c.CaseId, c.As, new MessageInput("@Otto peux-tu regarder ?", null, null))));
        Assert.Equal("Conference.Error.MentionNotMember", stranger.TextKey);
        var big = await Assert.ThrowsAsync<DomainException>(() => Thread(t => t.PostAsync(c.CaseId, c.As, new MessageInput(new string('a', CaseMessage.TextMaxLength + 1), null, null))));
        Assert.Equal("Text", big.Field);
        var partnerCpas = await Assert.ThrowsAsync<DomainException>(() => Thread(t => t.PostAsync(c.CaseId, c.Partner, new MessageInput("Interne", null, "CpasOnly"))));
        Assert.Equal("Conference.Error.MessageVisibilityPartner", partnerCpas.TextKey);
        var outsider = await Assert.ThrowsAsync<DomainException>(() => Thread(t => t.PostAsync(c.CaseId, c.Outsider, new MessageInput("Bonjour", null, null))));
        Assert.True(outsider.IsNotFound || outsider.IsForbidden);
        Assert.Equal(before, await bed.DbAsync(db => db.CaseMessages.CountAsync()));
        // Reads are audited like case views.
        Assert.True(await bed.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Conferences.ThreadRead")));
    }
}
