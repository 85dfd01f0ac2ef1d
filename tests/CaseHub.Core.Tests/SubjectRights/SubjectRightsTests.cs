using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Core.DatePolls;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy.SubjectRights;
using CaseHub.Core.Rooms;
using CaseHub.Core.Tests.Conferences;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CaseHub.Core.Tests.SubjectRights;

/// <summary>Export and erasure on a real SQLite file filled by the real services (a case with a conference, its
/// invitations and mails) plus bookings, questionnaires, votes and actions added directly.</summary>
public sealed class SubjectRightsTests
{
    private const string AsName = "Asma Sociale", AsEmail = "as@cpas.test";

    private static async Task<CoreTestHost<ConferenceCast>> BedAsync()
    {
        var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "AS: la personne veut d'abord régler son logement.", Visibility.CpasOnly);
        await bed.WriteAsync(bed.Cast.Partner, "Partenaire: suivi santé mentale en cours, secret.", Visibility.AuthorAndFacilitator);
        await bed.DbAsync(async db =>
        {
            var now = bed.Clock.GetUtcNow();
            // A secret vote with two ballots, a decision and an action owned by the AS.
            var vote = new Vote { Id = Guid.CreateVersion7(), RoomId = bed.Cast.RoomId, Question = "Orientation ?", Options = "ISP\nSanté", OpenedAt = now };
            vote.Ballots.Add(new Ballot { UserId = bed.Cast.As, Option = "ISP", Reason = "raison de l'AS", CastAt = now, UpdatedAt = now });
            vote.Ballots.Add(new Ballot { UserId = bed.Cast.Partner, Option = "Santé", Reason = "raison du partenaire", CastAt = now, UpdatedAt = now });
            db.Votes.Add(vote);
            db.Decisions.Add(new Decision { Id = Guid.CreateVersion7(), RoomId = bed.Cast.RoomId, Text = $"Décision notée avec {AsName} présente.", RecordedBy = bed.Cast.Facilitator, RecordedAt = now });
            db.ActionItems.Add(new ActionItem { Id = Guid.CreateVersion7(), RoomId = bed.Cast.RoomId, Text = "Appeler le service logement", OwnerId = bed.Cast.As, CreatedBy = bed.Cast.Facilitator, CreatedAt = now, DueDate = new DateOnly(2026, 3, 20) });
            // A colleague whose name and address contain the AS's: erasure must not touch them.
            db.Users.Add(new AppUser { UserName = "bas@cpas.test", Email = "bas@cpas.test", DisplayName = "Basma Sociale", CreatedAt = now });
            // A discovery-day booking made with the AS's address, with needs (health data).
            var entry = new CalendarEntry
            {
                Uid = "x@casehub", OwnerType = DiscoveryDay.OwnerType, Start = now.AddDays(10), End = now.AddDays(10).AddHours(6), LastEnd = now.AddDays(10).AddHours(6),
                OrganizerName = "Fara Facil", OrganizerEmail = "fac@cpas.test", CreatedAt = now, UpdatedAt = now
            };
            db.CalendarEntries.Add(entry);
            var day = new DiscoveryDay
            {
                Title = "Journée découverte", ServicesVisited = "Accueil", Place = "Rue Haute 1", Start = entry.Start, End = entry.End, RegistrationDeadline = entry.Start,
                Capacity = 10, CalendarEntryId = entry.Id, ContactName = "Fara Facil", ContactEmail = "fac@cpas.test", CreatedAt = now, UpdatedAt = now
            };
            db.DiscoveryDays.Add(day);
            var booking = new DiscoveryBooking
            {
                DayId = day.Id, Name = AsName, Organisation = "CPAS", Email = AsEmail, EmailKey = AsEmail, Needs = "Fauteuil roulant",
                ConsentAt = now, SubmissionKey = "k1", CreatedAt = now
            };
            booking.Tokens.Add(new DiscoveryBookingToken { TokenHash = SecureToken.Hash(SecureToken.New()), CreatedAt = now });
            db.DiscoveryBookings.Add(booking);
            // A named questionnaire answered by the AS, and an anonymous one (never hers to export).
            foreach (var anonymous in new[] { false, true })
            {
                var form = new FeedbackForm { OwnerType = "test", OwnerId = day.Id, Title = anonymous ? "Anonyme" : "Nominatif", Anonymous = anonymous, CreatedAt = now };
                var q = new FeedbackQuestion { FormId = form.Id, Position = 0, Kind = FeedbackQuestionKind.Text, PromptFr = "Qu'avez-vous appris ?" };
                form.Questions.Add(q);
                db.FeedbackForms.Add(form);
                var inv = new FeedbackInvitation { FormId = form.Id, RecipientKey = booking.Id.ToString(), Email = AsEmail, Name = AsName, TokenHash = SecureToken.Hash(SecureToken.New()), CreatedAt = now, Answered = true };
                db.FeedbackInvitations.Add(inv);
                db.FeedbackResponses.Add(new FeedbackResponse
                {
                    FormId = form.Id, InvitationId = anonymous ? null : inv.Id, SubmittedAt = anonymous ? null : now,
                    Answers = [new FeedbackAnswer { QuestionId = q.Id, Text = anonymous ? "réponse anonyme" : "réponse nominative" }]
                });
            }
            // Free text quoting the AS's address in a meeting's purpose.
            var room = await db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId);
            room.Purpose = $"Questions : écrire à {AsEmail} ou à bas@cpas.test.";
            await db.SaveChangesAsync();
            return true;
        });
        // A date poll the AS answered with a comment (her name and address are on her invitee row).
        var start = bed.Clock.GetUtcNow().AddDays(9);
        var poll = await bed.InScopeAsync<DatePollService, Guid>(p => p.OpenAsync(bed.Cast.RoomId, bed.Cast.Facilitator, [new DatePollSlotInput(start, start.AddHours(1))], false));
        await bed.InScopeAsync<DatePollService>(p => p.CommentAsync(DatePollAccess.SignedIn(poll, bed.Cast.As), "Asma Sociale préfère le matin."));
        return bed;
    }

    private static Task<PersonalDataExport> BuildAsync(CoreTestHost<ConferenceCast> bed, Guid user) => bed.InScopeAsync<PersonalDataExporter, PersonalDataExport>(x => x.BuildAsync(user));

    [Fact]
    public async Task The_export_holds_the_persons_own_data_and_nobody_elses()
    {
        await using var bed = await BedAsync();
        var x = await BuildAsync(bed, bed.Cast.As);

        Assert.Equal(AsName, x.Account.DisplayName);
        Assert.Equal(AsEmail, x.Account.Email);
        Assert.Equal([Roles.SocialWorker], x.Account.Roles);
        Assert.Equal("CC-2026-001", Assert.Single(x.CaseMemberships).CaseCode);
        Assert.Equal(bed.Cast.RoomId, Assert.Single(x.Meetings).RoomId);
        Assert.Contains("logement", Assert.Single(x.Positions).Situation);
        Assert.Equal("Appeler le service logement", Assert.Single(x.ActionsOwned).Text);
        var ballot = Assert.Single(x.Ballots);
        Assert.Equal("ISP", ballot.Option);
        Assert.Equal("Journée découverte", Assert.Single(x.DiscoveryBookings).Day);
        var feedback = Assert.Single(x.FeedbackAnswers);
        Assert.Equal("Nominatif", feedback.Questionnaire);
        Assert.Equal("réponse nominative", Assert.Single(feedback.Answers).Text);
        Assert.NotEmpty(x.CalendarInvitations);
        Assert.NotEmpty(x.MailsToYou);
        Assert.All(x.MailsToYou, m => Assert.False(string.IsNullOrEmpty(m.Subject)));
        Assert.Contains(x.AuditEntries, e => e.Action == "Conferences.PositionSaved" && e.ByYou);
        Assert.Equal(5, x.NotIncluded.Count);

        // Nothing of anybody else's: the partner's secret position, the partner's ballot, the anonymous answer.
        var json = PersonalDataExporter.ToJson(x);
        Assert.DoesNotContain("santé mentale", json);
        Assert.DoesNotContain("raison du partenaire", json);
        Assert.DoesNotContain("réponse anonyme", json);
        Assert.DoesNotContain("Décision notée", json); // recorded by the facilitator, not by her

        // Stable, machine-readable field names.
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal(AsEmail, root.GetProperty("account").GetProperty("email").GetString());
        foreach (var field in new[] { "caseMemberships", "meetings", "positions", "handovers", "decisionsRecorded", "actionsOwned", "ballots", "notesActivity",
                     "intervisionTeams", "discoveryBookings", "feedbackAnswers", "calendarInvitations", "mailsToYou", "auditEntries", "notIncluded" })
            Assert.Equal(JsonValueKind.Array, root.GetProperty(field).ValueKind);

        // The partner sees their own position and ballot only.
        var p = await BuildAsync(bed, bed.Cast.Partner);
        Assert.Contains("santé mentale", Assert.Single(p.Positions).Situation);
        Assert.Equal("Santé", Assert.Single(p.Ballots).Option);
        Assert.DoesNotContain("la personne veut d'abord", PersonalDataExporter.ToJson(p));
        Assert.Equal("nl", p.Account.Language);
    }

    [Fact]
    public async Task The_html_copy_is_self_contained_localized_and_escaped()
    {
        await using var bed = await BedAsync();
        await bed.DbAsync(db => db.ConferencePositions.Where(p => p.AuthorId == bed.Cast.As).ExecuteUpdateAsync(s => s.SetProperty(p => p.Concerns, "<script>alert(1)</script>")));
        var texts = bed.Services.GetService(typeof(TextCatalog)) as TextCatalog;
        var x = await BuildAsync(bed, bed.Cast.As);

        var fr = PersonalDataHtml.Render(x, texts!, "fr");
        Assert.StartsWith("<!DOCTYPE html>", fr);
        Assert.Contains("<html lang=\"fr\">", fr);
        Assert.Contains("Mes données dans CaseHub", fr);
        Assert.Contains(AsName, fr);
        Assert.Contains("Appeler le service logement", fr);
        Assert.Contains("&lt;script&gt;", fr);
        Assert.DoesNotContain("<script", fr);
        Assert.DoesNotContain("http://", fr);
        Assert.DoesNotContain("https://", fr);
        Assert.DoesNotContain(" src=", fr);
        Assert.DoesNotContain("<link", fr);
        Assert.Contains("@media print", fr);

        var nl = PersonalDataHtml.Render(x, texts!, "nl");
        Assert.Contains("Mijn gegevens in CaseHub", nl);
        Assert.Contains("Intervisiekaartjes zijn anoniem", PersonalDataHtml.Render(await BuildAsync(bed, bed.Cast.Partner), texts!, "nl"));
    }

    [Fact]
    public async Task Exports_are_audited_and_limited_per_hour()
    {
        await using var bed = await BedAsync();
        for (var i = 0; i < PersonalDataExporter.MaxExportsPerHour; i++)
            await bed.InScopeAsync<PersonalDataExporter, PersonalDataExport>(x => x.ExportAsync(bed.Cast.As, i % 2 == 0 ? "json" : "html"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<PersonalDataExporter, PersonalDataExport>(x => x.ExportAsync(bed.Cast.As, "json")));
        Assert.Equal("SubjectRights.Error.TooOften", refused.TextKey);
        // Another person is not affected; an hour later the person may export again.
        await bed.InScopeAsync<PersonalDataExporter, PersonalDataExport>(x => x.ExportAsync(bed.Cast.Partner, "json"));
        bed.Clock.Advance(TimeSpan.FromMinutes(61));
        await bed.InScopeAsync<PersonalDataExporter, PersonalDataExport>(x => x.ExportAsync(bed.Cast.As, "json"));

        var entries = await bed.DbAsync(db => db.AuditEntries.Where(e => e.Action == PersonalDataExporter.AuditAction).ToListAsync());
        Assert.Equal(PersonalDataExporter.MaxExportsPerHour + 2, entries.Count);
        Assert.Equal(PersonalDataExporter.MaxExportsPerHour + 1, entries.Count(e => e.ActorId == bed.Cast.As && e.TargetId == bed.Cast.As.ToString()));
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_name_or_address_in_any_text_column_and_keeps_the_records()
    {
        await using var bed = await BedAsync();
        // Made an administrator erasing her possible.
        var admin = await AddAdministratorAsync(bed, "adm@cpas.test", "Ada Admin");
        Assert.True((await TracesAsync(bed)).Count > 5); // the scan does find her before
        await bed.DbAsync(db => AuditChain.SealAsync(db));
        var stampBefore = await bed.DbAsync(db => db.Users.Where(u => u.Id == bed.Cast.As).Select(u => u.SecurityStamp).SingleAsync());
        var mailsToOthers = await bed.DbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress != AsEmail));

        var result = await bed.InScopeAsync<UserErasure, ErasureResult>(e => e.EraseAsync(bed.Cast.As, admin));

        Assert.Empty(await TracesAsync(bed));
        Assert.StartsWith("Ancien·ne utilisateur·rice ", result.Pseudonym);
        var user = await bed.DbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == bed.Cast.As));
        Assert.Equal(result.Pseudonym, user.DisplayName);
        Assert.EndsWith("@erased.invalid", user.Email);
        Assert.Null(user.PasswordHash);
        Assert.NotNull(user.ErasedAt);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        Assert.True(user.LockoutEnd > bed.Clock.GetUtcNow().AddYears(100));
        await bed.DbAsync(async db =>
        {
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == bed.Cast.As));
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.ToAddress == AsEmail));
            Assert.Equal(mailsToOthers, await db.OutboxMessages.CountAsync());
            Assert.False(await db.DiscoveryBookingTokens.AnyAsync());
            var booking = await db.DiscoveryBookings.SingleAsync();
            Assert.Null(booking.Needs);
            Assert.Equal(result.Pseudonym, booking.Name);
            // Records that must stay: her position, ballot, action and membership, now under the pseudonym.
            Assert.True(await db.ConferencePositions.AnyAsync(p => p.AuthorId == bed.Cast.As));
            Assert.True(await db.Ballots.AnyAsync(b => b.UserId == bed.Cast.As));
            Assert.True(await db.ActionItems.AnyAsync(a => a.OwnerId == bed.Cast.As));
            Assert.True(await db.CaseMembers.AnyAsync(m => m.UserId == bed.Cast.As));
            Assert.Contains(result.Pseudonym, (await db.Decisions.SingleAsync()).Text);
            // The colleague with a similar name and address is untouched.
            var colleague = await db.Users.SingleAsync(u => u.Email == "bas@cpas.test");
            Assert.Equal("Basma Sociale", colleague.DisplayName);
            Assert.EndsWith("ou à bas@cpas.test.", (await db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId)).Purpose);
            return true;
        });

        // Audited by whom, without the erased data; the chain still verifies.
        await bed.DbAsync(db => AuditChain.SealAsync(db));
        var entry = await bed.DbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == UserErasure.AuditAction));
        Assert.Equal(admin, entry.ActorId);
        Assert.Equal(bed.Cast.As.ToString(), entry.TargetId);
        Assert.Null(entry.Details);
        Assert.True((await bed.DbAsync(db => AuditChain.VerifyAsync(db))).Intact);

        // Erased is final: a second erasure finds nothing, and the export no longer exists for the account.
        var again = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<UserErasure, ErasureResult>(e => e.EraseAsync(bed.Cast.As, admin)));
        Assert.True(again.IsNotFound);
    }

    [Fact]
    public async Task An_administrator_cannot_erase_themselves_nor_the_last_administrator()
    {
        await using var bed = await BedAsync();
        var admin = await AddAdministratorAsync(bed, "adm@cpas.test", "Ada Admin");

        var own = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<UserErasure, ErasureResult>(e => e.EraseAsync(admin, admin)));
        Assert.Equal("SubjectRights.Error.OwnAccount", own.TextKey);
        var last = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<UserErasure, ErasureResult>(e => e.EraseAsync(admin, bed.Cast.Facilitator)));
        Assert.Equal("SubjectRights.Error.LastAdministrator", last.TextKey);
        await bed.DbAsync(async db =>
        {
            Assert.Equal("Ada Admin", (await db.Users.SingleAsync(u => u.Id == admin)).DisplayName);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == UserErasure.AuditAction));
            return true;
        });

        // With a second administrator, the first can go.
        var second = await AddAdministratorAsync(bed, "adm2@cpas.test", "Bert Beheer");
        await bed.InScopeAsync<UserErasure, ErasureResult>(e => e.EraseAsync(admin, second));
        Assert.NotNull(await bed.DbAsync(db => db.Users.Where(u => u.Id == admin).Select(u => u.ErasedAt).SingleAsync()));
    }

    private static Task<Guid> AddAdministratorAsync(CoreTestHost<ConferenceCast> bed, string email, string name) => bed.DbAsync(async db =>
    {
        var u = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = bed.Clock.GetUtcNow() };
        db.Users.Add(u);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = u.Id, RoleId = (await db.Roles.SingleAsync(r => r.Name == Roles.Administrator)).Id });
        await db.SaveChangesAsync();
        return u.Id;
    });

    private static readonly Regex Traces = new(@"(?<!\p{L})asma\s+sociale|(?<![a-z0-9._%+\-])as@cpas\.test", RegexOptions.IgnoreCase);

    /// <summary>Reads every text column of every table and lists the values holding the AS's name or address.</summary>
    private static Task<List<string>> TracesAsync(CoreTestHost<ConferenceCast> bed) => bed.DbAsync(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT \"{property.GetColumnName(store)}\" FROM \"{table}\"";
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    if (!reader.IsDBNull(0) && Traces.IsMatch(reader.GetString(0))) found.Add($"{table}.{property.Name}: {reader.GetString(0)}");
            }
        }
        return found;
    });
}
