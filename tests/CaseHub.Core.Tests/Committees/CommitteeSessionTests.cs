using CaseHub.Core.Committees;
using CaseHub.Core.Common;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Committees;

public class CommitteeSessionTests
{
    // Synthetic identifiers: a valid national number (check digits right) and a valid Belgian IBAN.
    private const string ValidNiss = "85.07.30-033.28";
    private const string ValidIban = "BE68 5390 0754 7034";

    [Fact]
    public async Task A_case_with_identifying_data_is_not_saved_until_each_finding_is_removed_or_kept_with_a_reason()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var input = CommitteeSetup.CaseInput("Garantie locative", $"Madame X (NN {ValidNiss}) verse son loyer sur le compte {ValidIban}. Contact : Sarah Lambotte.");
        var blocked = await bed.SaveCaseAsync(input);
        Assert.Null(blocked.Saved);
        Assert.Equal([PiiKind.NationalNumber, PiiKind.Iban, PiiKind.Name], blocked.Unresolved.Select(f => f.Finding.Kind));
        Assert.All(blocked.Findings, f => Assert.Equal("Narrative", f.Field));
        Assert.DoesNotContain("033.28", string.Join(" ", blocked.Findings.Select(f => f.Finding.Masked)));
        Assert.Equal(0, await bed.DbAsync(db => db.ExerciseCases.CountAsync()));

        // An override without a reason resolves nothing.
        var name = blocked.Findings.Single(f => f.Finding.Kind == PiiKind.Name).Finding;
        input.Overrides.Add(new() { Field = "Narrative", Kind = PiiKind.Name, Masked = name.Masked, Reason = "  " });
        input = await bed.ScopeAsync(sp => sp.GetRequiredService<ExerciseCaseService>().MaskUnresolvedAsync(input));
        Assert.DoesNotContain(ValidNiss, input.Narrative);
        Assert.DoesNotContain(ValidIban, input.Narrative);
        Assert.DoesNotContain(await bed.ScopeAsync(sp => sp.GetRequiredService<ExerciseCaseService>().ScanAsync(input)), f => !f.Resolved && f.Finding.Kind != PiiKind.Name);
        Assert.Null((await bed.SaveCaseAsync(CommitteeSetup.CaseInput("x", "La référente est Sarah Lambotte."))).Saved);

        // Kept on purpose with a reason: saved, and the override is audited with who and when.
        var kept = CommitteeSetup.CaseInput("Garantie locative", "La référente est Sarah Lambotte (personnage fictif de l'exercice).");
        var finding = (await bed.ScopeAsync(sp => sp.GetRequiredService<ExerciseCaseService>().ScanAsync(kept))).Single();
        kept.Overrides.Add(new() { Field = finding.Field, Kind = finding.Finding.Kind, Masked = finding.Finding.Masked, Reason = "Personnage fictif, homonyme d'une collègue" });
        var saved = await bed.SaveCaseAsync(kept);
        Assert.NotNull(saved.Saved);
        Assert.Equal("CAB-2026-001", saved.Saved!.Code);
        var audit = await bed.DbAsync(db => db.ExerciseCasePiiOverrides.SingleAsync());
        Assert.Equal((bed.Cast.Chair, "Personnage fictif, homonyme d'une collègue"), (audit.OverriddenBy, audit.Reason));
    }

    [Fact]
    public async Task A_case_that_now_names_someone_of_the_directory_cannot_be_used_in_a_session()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var c = (await bed.SaveCaseAsync(CommitteeSetup.CaseInput("Énergie", "Le dossier a été préparé avec Vanoverschelde."))).Saved!;
        await bed.DbAsync(async db =>
        {
            db.Users.Add(new Accounts.AppUser { DisplayName = "Nadia Vanoverschelde", Email = "nv@cpas.test", UserName = "nv" });
            return await db.SaveChangesAsync();
        });
        var now = bed.Clock.GetUtcNow();
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CreateSessionAsync(new CommitteeSessionInput
        {
            Title = "Séance", Start = now, End = now.AddHours(1), CaseIds = [c.Id], MemberIds = [.. bed.Cast.Members],
        }, bed.Cast.Chair)));
        Assert.Equal("Committees.Error.CaseHasPii", ex.TextKey);
        Assert.Equal(0, await bed.DbAsync(db => db.Rooms.CountAsync()));
    }

    [Fact]
    public async Task Partner_workers_cannot_sit_in_a_mock_committee()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var c = (await bed.SaveCaseAsync(CommitteeSetup.CaseInput("Énergie"))).Saved!;
        var now = bed.Clock.GetUtcNow();
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CreateSessionAsync(new CommitteeSessionInput
        {
            Title = "Séance", Start = now, End = now.AddHours(1), CaseIds = [c.Id], MemberIds = [bed.Cast.Members[0], bed.Cast.Partner],
        }, bed.Cast.Chair)));
        Assert.Equal("Committees.Error.MembersStaffOnly", ex.TextKey);
    }

    [Fact]
    public async Task Secret_ballots_simultaneous_reveal_divergence_and_reference_decision()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var (session, room, cases) = await bed.LiveSessionAsync();
        var first = cases[0];
        Assert.Equal(BlankCommitteeProtocol.Reading, (await bed.ViewAsync(session.Id, bed.Cast.Members[0])).Step);

        // Voting cannot start before the chair moves on; a member cannot move the session.
        await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[0], first.Id, "Grant", "ok", "500", null, null)));
        await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Members[0], 0)));
        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 0));
        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 0)); // a double click changes nothing
        var view = await bed.ViewAsync(session.Id, bed.Cast.Members[0]);
        Assert.Equal((0, BlankCommitteeProtocol.Voting, VoteStatus.Open), (view.CaseOrder, view.Step, view.CurrentVote!.Status));

        bed.Broadcast().Sent.Clear();
        await bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[0], first.Id, "Grant", "motif-secret-A1 : loyer raisonnable", "1 650", "", "PIIS"));
        await bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[1], first.Id, "Refuse", "motif-secret-B2 : pas de preuve", null, null, null));
        await bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[1], first.Id, "Grant", "motif-change-B3", "1200", "1", null)); // changed before reveal

        // Bad input: malformed amount, unknown decision, no motivation, a non-member, identifying data in a motivation.
        Assert.Equal("Committees.Error.AmountMalformed", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[2], first.Id, "Grant", "x", "12,3,4", null, null)))).TextKey);
        Assert.Equal("Rooms.Error.VoteUnknownOption", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[2], first.Id, "Maybe", "x", null, null, null)))).TextKey);
        Assert.Equal("Error.Required", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[2], first.Id, "Refuse", " ", null, null, null)))).TextKey);
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Outsider, first.Id, "Refuse", "x", null, null, null)))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.ViewAsync(session.Id, bed.Cast.Outsider))).IsNotFound);
        Assert.Equal("Committees.Error.BallotPii", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[2], first.Id, "Refuse", $"voir NN {ValidNiss}", null, null, null)))).TextKey);

        // Nothing of the ballots left the server, and a member sees only their own.
        Assert.DoesNotContain("motif-", bed.Broadcast().All);
        Assert.DoesNotContain("1650", bed.Broadcast().All.Replace(" ", ""));
        Assert.DoesNotContain("\"ballots\"", bed.Broadcast().All);
        var other = await bed.ViewAsync(session.Id, bed.Cast.Members[0]);
        Assert.Null(other.Divergence);
        Assert.Equal("motif-secret-A1 : loyer raisonnable", other.MyBallot!.Reason);
        Assert.Equal(2, other.VotedUserIds.Count);
        await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 1))); // reveal first
        var snapshot = System.Text.Json.JsonSerializer.Serialize(await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().SnapshotAsync(room, bed.Cast.Members[2])));
        Assert.DoesNotContain("motif-", snapshot);

        // The last present member votes (the chair too): all decisions are revealed together.
        await bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[2], first.Id, "Defer", "motif-C4 attendre la preuve du loyer", null, null, "bail signé"));
        var beforeChair = await bed.ViewAsync(session.Id, bed.Cast.Chair);
        Assert.Equal(VoteStatus.Open, beforeChair.CurrentVote!.Status); // the chair (present) has not voted yet
        await bed.Committees(s => s.RevealAsync(session.Id, bed.Cast.Members[0], first.Id).ContinueWith(t => Assert.True(t.IsFaulted))); // members cannot force it
        await bed.Committees(s => s.RevealAsync(session.Id, bed.Cast.Chair, first.Id));
        var revealed = await bed.ViewAsync(session.Id, bed.Cast.Members[1]);
        var d = revealed.Divergence!;
        Assert.Equal(2, d.Counts[CommitteeDecision.Grant]);
        Assert.Equal(0, d.Counts[CommitteeDecision.Refuse]);
        Assert.Equal(1, d.Counts[CommitteeDecision.Defer]);
        Assert.Equal([120000L, 165000L], d.GrantAmounts);
        Assert.Equal(2.0 / 3, d.ModalShare!.Value, 6);
        Assert.All(d.Ballots, b => Assert.Null(b.Name)); // anonymous session
        Assert.Contains(d.Ballots, b => b.Motivation == "motif-change-B3" && b.Data.Months == 1);
        Assert.DoesNotContain(d.Ballots, b => b.Motivation.Contains("motif-secret-B2"));
        Assert.Contains("motif-change-B3", bed.Broadcast().All); // revealed to everyone at once

        // After the reveal ballots are immutable.
        Assert.Equal("Rooms.Error.VoteClosed", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.CastAsync(session.Id, bed.Cast.Members[0], first.Id, "Refuse", "trop tard", null, null, null)))).TextKey);

        // Discussion, then the reference decision; the next case waits for it.
        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 1));
        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 2));
        Assert.Equal("Committees.Error.ReferenceFirst", (await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 3)))).TextKey);
        await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.RecordReferenceAsync(session.Id, bed.Cast.Members[0], first.Id, new ReferenceInput(CommitteeDecision.Grant, "1500", "", "PIIS", "x"))));
        await Assert.ThrowsAsync<DomainException>(() => bed.Committees(s => s.RecordReferenceAsync(session.Id, bed.Cast.Chair, first.Id, new ReferenceInput(CommitteeDecision.Grant, null, "", "PIIS", "x"))));
        await bed.Committees(s => s.RecordReferenceAsync(session.Id, bed.Cast.Chair, first.Id, new ReferenceInput(CommitteeDecision.Grant, "1500", "", "PIIS", "Garantie accordée : le loyer reste soutenable.")));
        await bed.Committees(s => s.RecordReferenceAsync(session.Id, bed.Cast.Chair, first.Id, new ReferenceInput(CommitteeDecision.Grant, "1650", "", "PIIS", "Garantie accordée : loyer soutenable, famille à reloger.")));
        var decided = await bed.DbAsync(db => db.CommitteeSessionCases.SingleAsync(c => c.Id == first.Id));
        Assert.Equal((CommitteeDecision.Grant, 165000L, 2, 0, 1), (decided.Reference!.Value, decided.ReferenceAmountCents!.Value, decided.GrantCount, decided.RefuseCount, decided.DeferCount));
        var roomDecision = await bed.DbAsync(db => db.Decisions.SingleAsync(x => x.RoomId == room));
        Assert.Contains("Octroi", roomDecision.Text);
        Assert.Contains("famille à reloger", roomDecision.Text);

        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 3));
        var next = await bed.ViewAsync(session.Id, bed.Cast.Members[0]);
        Assert.Equal((1, BlankCommitteeProtocol.Reading), (next.CaseOrder, next.Step));
        Assert.Null(next.MyBallot);

        // The internal case law finds it by text and by filters.
        var law = await bed.ScopeAsync(sp => sp.GetRequiredService<CaseLawQueries>().SearchAsync(new CaseLawFilter("RELOGER")));
        Assert.Equal(first.Id, Assert.Single(law).Decision.Id);
        Assert.Empty(await bed.ScopeAsync(sp => sp.GetRequiredService<CaseLawQueries>().SearchAsync(new CaseLawFilter(Decision: CommitteeDecision.Refuse))));
        Assert.Single(await bed.ScopeAsync(sp => sp.GetRequiredService<CaseLawQueries>().SearchAsync(new CaseLawFilter(Category: LegalCategory.FamilyDependants, AidType: AidType.RentGuarantee))));
        var csv = await bed.ScopeAsync(sp => Task.FromResult(System.Text.Encoding.UTF8.GetString(sp.GetRequiredService<CaseHub.Core.Exports.Exporter>()
            .Write(sp.GetRequiredService<CaseLawQueries>().ToTable(law, "fr"), CaseHub.Core.Exports.ExportFormat.Csv, "fr", "case-law").Content)));
        Assert.Contains(";Octroi;", csv);
        Assert.Contains(";2/0/1;", csv);
        var convergence = Assert.Single(await bed.ScopeAsync(sp => sp.GetRequiredService<CaseLawQueries>().ConvergenceAsync()));
        Assert.Equal(2.0 / 3, convergence.MeanModalShare!.Value, 6);
    }

    [Fact]
    public async Task Simultaneous_submissions_of_one_member_leave_one_ballot_and_a_reconnect_keeps_it_hidden()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var (session, room, cases) = await bed.LiveSessionAsync(showNames: true);
        await bed.Committees(s => s.NextStepAsync(session.Id, bed.Cast.Chair, 0));
        var member = bed.Cast.Members[0];
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            bed.Committees(s => s.CastAsync(session.Id, member, cases[0].Id, i % 2 == 0 ? "Grant" : "Refuse", $"essai {i}", "500", "2", null)))));
        // Meanwhile the member's connection drops and comes back.
        await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().DisconnectAsync("conn-" + member));
        await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().JoinAsync(room, member, "conn-again"));
        var ballots = await bed.DbAsync(db => db.Ballots.Where(b => b.VoteId == cases[0].VoteId || db.CommitteeSessionCases.Any(c => c.Id == cases[0].Id && c.VoteId == b.VoteId)).ToListAsync());
        var mine = Assert.Single(ballots);
        var view = await bed.ViewAsync(session.Id, member);
        Assert.Equal(mine.Reason, view.MyBallot!.Reason);
        Assert.Equal([member], view.VotedUserIds);
        Assert.Null(view.Divergence);
        Assert.DoesNotContain("essai", bed.Broadcast().All);
    }
}
