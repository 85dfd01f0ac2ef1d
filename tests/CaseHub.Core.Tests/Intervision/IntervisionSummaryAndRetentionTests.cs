using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>The rapporteur's summary is the record and the minutes; raw cards and notes go after the team's retention period.</summary>
public class IntervisionSummaryAndRetentionTests
{
    private static async Task CloseAsync(CoreTestHost<IntervisionCast> bed, IntervisionSession session)
        => await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().CloseAsync(session.RoomId, bed.Cast.Animateur,
            sp.GetRequiredService<IRoomNotes>(), sp.GetRequiredService<MinutesService>()));

    [Fact]
    public async Task Only_the_rapporteur_writes_the_summary_without_identities_and_it_becomes_the_minutes()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (_, _, sessions) = await bed.SeriesAsync(count: 1);
        var s = await bed.LiveAtPhaseAsync(sessions[0], 6);
        var input = new SummaryInput("- Nommer le désaccord AS/AI tôt\n- Le cadre aide", "Proposer une concertation avec l'ISP", "Qui décide en cas de désaccord ?");

        Assert.Equal("Intervision.Error.RapporteurOnly", (await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveSummaryAsync(s.Id, s.NarratorId, input)))).TextKey);
        var pii = await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, input with { Proposals = "Écrire à madame via prenom.nom@example.test" })));
        Assert.Equal(("Email", "Proposals"), (pii.Pii(), pii.Field));
        var colleague = await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, input with { Learnings = "Eva Collègue avait raison" })));
        Assert.Equal(("Name", "Learnings"), (colleague.Pii(), colleague.Field));
        Assert.Null((await bed.SessionsAsync(s.SeriesId))[0].Learnings); // nothing saved

        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, input));
        await CloseAsync(bed, s);

        var fr = await bed.ScopeAsync(sp => sp.GetRequiredService<MinutesService>().BuildMarkdownAsync(s.RoomId, "fr"));
        Assert.Contains("## Enseignements", fr);
        Assert.Contains("- Nommer le désaccord AS/AI tôt", fr);
        Assert.Contains("Proposer une concertation avec l'ISP", fr);
        Assert.DoesNotContain("## Notes", fr);
        var nl = await bed.ScopeAsync(sp => sp.GetRequiredService<MinutesService>().BuildMarkdownAsync(s.RoomId, "nl"));
        Assert.Contains("## Open vragen", nl);
        // Minutes went out to the participants by mail, with the summary.
        var mails = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "Minutes").CountAsync());
        Assert.Equal(5, mails);
    }

    [Fact]
    public async Task Raw_cards_and_notes_are_purged_after_the_retention_period_and_the_summary_is_kept()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (team, _, sessions) = await bed.SeriesAsync(count: 2);
        await bed.Teams(x => x.SetRetentionAsync(team.Id, bed.Cast.Animateur, 10));
        var s = await bed.LiveAtPhaseAsync(sessions[0], 3);
        await bed.Cards(c => c.WriteAsync(s.RoomId, bed.Cast.People[1], Guid.NewGuid(), "Une piste"));
        await bed.Cards(c => c.RevealAsync(s.RoomId, bed.Cast.Animateur, 3));
        await bed.ScopeAsync(sp => sp.GetRequiredService<NotesService>().AppendAsync(Room.NotesKeyFor(s.RoomId), [0, 0], Guid.NewGuid(), s.RapporteurId));
        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, new SummaryInput("Ce qu'on retient", null, null)));
        await CloseAsync(bed, s);
        async Task<int> Purge() => await bed.ScopeAsync(sp => sp.GetRequiredService<IntervisionRetention>().PurgeAsync());

        bed.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0, await Purge());
        Assert.Equal(1, await bed.DbAsync(db => db.IntervisionCards.CountAsync()));

        bed.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await Purge());
        Assert.Equal(0, await bed.DbAsync(db => db.IntervisionCards.CountAsync()));
        Assert.Equal(0, await bed.DbAsync(db => db.IntervisionBoards.CountAsync()));
        var key = Room.NotesKeyFor(s.RoomId);
        Assert.False(await bed.DbAsync(db => db.NoteDocuments.AnyAsync(d => d.Key == key)));
        Assert.Null((await bed.DbAsync(db => db.Rooms.AsNoTracking().SingleAsync(r => r.Id == s.RoomId))).FinalNotes);
        var kept = (await bed.SessionsAsync(s.SeriesId))[0];
        Assert.Equal("Ce qu'on retient", kept.Learnings);
        Assert.Equal(bed.Clock.GetUtcNow(), kept.PurgedAt);
        // The attendance and the minutes' summary remain; the next run has nothing left to do; the other session is untouched.
        Assert.Equal(0, await Purge());
        Assert.Null((await bed.SessionsAsync(s.SeriesId))[1].PurgedAt);
    }
}
