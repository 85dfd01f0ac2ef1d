using System.Data.Common;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Audit;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Privacy.SubjectRights;

public sealed record ErasureResult(Guid UserId, string Pseudonym);

/// <summary>
/// Right to erasure, done by an administrator. The account row stays (minutes, decisions, positions, ballots and the
/// audit trail point to it by id) but everything that identifies the person goes: name → pseudonym, e-mail → an
/// unroutable unique address, password, sign-in links, tokens, roles, calendar feeds, reply links, pending and sent
/// mails to them; their bookings, invitations and immersion entries keep only the pseudonym. Finally every text column
/// of every table is swept for the old name and e-mail, so copies (organiser names on calendar entries, contact fields…)
/// go too. The audit trail holds ids and codes only, so it needs no change and stays verifiable.
/// </summary>
public sealed partial class UserErasure(CaseHubDbContext db, People people, AuditLog audit, TextCatalog texts, TimeProvider clock, ILogger<UserErasure> log)
{
    public const string AuditAction = "SubjectRights.UserErased";

    /// <summary>Tables the sweep never touches: the account itself (set field by field), the audit chain (ids only, and
    /// hashed: rewriting it would break verification), and framework tables without personal data.</summary>
    private static readonly HashSet<string> SweepExcluded = ["AspNetUsers", "AuditEntries", "AuditChainHead", "DataProtectionKeys", "__EFMigrationsHistory"];

    /// <summary>Shorter names are not swept out of free text (they would match inside ordinary words).</summary>
    public const int MinSweepLength = 3;

    /// <summary>The stable pseudonym of a user ("Ancien·ne utilisateur·rice 7F3A9C"): derived from the id, so the same
    /// person keeps the same pseudonym everywhere, and nothing about the person is in it.</summary>
    public string PseudonymFor(Guid userId)
        => texts.Format("SubjectRights.Pseudonym", Languages.Default, Code(userId));

    public static string Code(Guid userId) => Convert.ToHexString(SHA256.HashData(userId.ToByteArray()))[..6];

    /// <summary>An address that can never receive mail (.invalid is reserved, RFC 2606) and is unique per account.</summary>
    public static string UnroutableEmail(Guid userId) => $"erased-{userId:N}@erased.invalid";

    public async Task<ErasureResult> EraseAsync(Guid userId, Guid actorId, CancellationToken ct = default)
    {
        if (userId == actorId) throw new DomainException("SubjectRights.Error.OwnAccount");
        db.ChangeTracker.Clear();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct) ?? throw DomainException.NotFound();
        if (await people.IsInRoleAsync(userId, Roles.Administrator, ct) && await people.CountInRoleAsync(Roles.Administrator, ct) <= 1)
            throw new DomainException("SubjectRights.Error.LastAdministrator");

        var pseudonym = PseudonymFor(userId);
        var newEmail = UnroutableEmail(userId);
        var oldName = user.DisplayName;
        var emails = new[] { user.Email, user.UserName }.Where(e => !string.IsNullOrWhiteSpace(e) && e!.Contains('@'))
            .SelectMany(e => new[] { e!, Validation.NormalizeEmail(e!) }).Distinct().ToList();
        var normalized = emails.Select(Validation.NormalizeEmail).Distinct().ToList();
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // Sign-in and links: nothing left that opens a session or answers for the person.
        await db.AccountTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserRoles.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.CalendarFeeds.Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);
        await db.RoomConnections.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Services.Where(s => s.LeadUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadUserId, (Guid?)null), ct);

        // Mails to the person, pending or sent copies: they hold the name, the address and links.
        await db.OutboxMessages.Where(m => normalized.Contains(m.ToAddress) || emails.Contains(m.ToAddress)).ExecuteDeleteAsync(ct);

        // Calendar: their invitations stay (attendance is part of the meeting's record) without reply links or reasons.
        var invitees = db.CalendarInvitees.Where(i => i.UserId == userId || normalized.Contains(i.Email));
        await db.CalendarReplyTokens.Where(t => invitees.Any(i => i.Id == t.InviteeId)).ExecuteDeleteAsync(ct);
        await invitees.ExecuteUpdateAsync(s => s.SetProperty(i => i.DeclineReason, (string?)null).SetProperty(i => i.Email, newEmail).SetProperty(i => i.Name, pseudonym), ct);
        await db.RoomParticipants.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.AttendanceNote, (string?)null), ct);
        await db.CalendarEntries.Where(e => e.OrganizerUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.OrganizerName, pseudonym).SetProperty(e => e.OrganizerEmail, newEmail), ct);

        // Discovery-day bookings: the seat history stays for the day's counts; needs (possibly health data) go.
        var bookings = db.DiscoveryBookings.Where(b => normalized.Contains(b.Email));
        await db.DiscoveryBookingTokens.Where(t => bookings.Any(b => b.Id == t.BookingId)).ExecuteDeleteAsync(ct);
        await bookings.Where(b => b.EmailKey != null).ExecuteUpdateAsync(s => s.SetProperty(b => b.EmailKey, newEmail), ct);
        await bookings.ExecuteUpdateAsync(s => s.SetProperty(b => b.Needs, (string?)null).SetProperty(b => b.Name, pseudonym).SetProperty(b => b.Email, newEmail), ct);

        // Questionnaire links die (a fresh random hash nobody holds); named answers stay, now under the pseudonym.
        foreach (var invitation in await db.FeedbackInvitations.Where(i => normalized.Contains(i.Email)).ToListAsync(ct))
        {
            invitation.TokenHash = SecureToken.Hash(SecureToken.New());
            invitation.Email = newEmail;
            invitation.Name = pseudonym;
        }
        // Date polls: the personal link dies and the comment goes; the answers stay with the poll, under the pseudonym.
        await db.DatePollInvitees.Where(i => i.UserId == userId || normalized.Contains(i.Email))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenHash, (string?)null).SetProperty(i => i.Comment, (string?)null)
                .SetProperty(i => i.Name, pseudonym).SetProperty(i => i.Email, newEmail), ct);
        await db.ImmersionParticipants.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, pseudonym).SetProperty(p => p.Email, newEmail), ct);

        // The account: kept as a pseudonymous anchor; the new security stamp ends cookies and live connections.
        user.DisplayName = pseudonym;
        user.Email = newEmail;
        user.NormalizedEmail = newEmail.ToUpperInvariant();
        user.UserName = newEmail;
        user.NormalizedUserName = newEmail.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.TwoFactorEnabled = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.AccessFailedCount = 0;
        user.ErasedAt = now;
        await db.SaveChangesAsync(ct);

        // Copies anywhere else (contact fields, organiser names, free text that quotes the person).
        var swept = 0;
        foreach (var email in normalized) swept += await SweepAsync(email, newEmail, isEmail: true, ct);
        if (oldName.Trim().Length >= MinSweepLength) swept += await SweepAsync(oldName.Trim(), pseudonym, isEmail: false, ct);

        // Who erased whom and when; never the erased data.
        audit.Record(db, actorId, AuditAction, "User", userId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogErased(log, userId, swept);
        return new ErasureResult(userId, pseudonym);
    }

    /// <summary>
    /// Replaces <paramref name="find"/> (as a whole word: "Anne Peeters" but not "Marianne Peeters", "as@x.be" but not
    /// "bas@x.be") in every text column of every table with a single-column key. Model-driven, so new features are
    /// covered without a change here. SQL pre-selects candidate rows; the exact match and the cut to the column's
    /// length happen here, the same way on every provider.
    /// </summary>
    private async Task<int> SweepAsync(string find, string replacement, bool isEmail, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var pattern = new Regex((isEmail ? @"(?<![\p{L}\p{N}._%+\-])" : @"(?<![\p{L}\p{N}])") + Regex.Escape(find) + @"(?![\p{L}\p{N}\-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        // SQLite's LOWER and LIKE fold ASCII only: there the pattern keeps its case (LIKE already ignores ASCII case).
        var like = "%" + (db.IsSqlite ? find : find.ToLowerInvariant()).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var total = 0;
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var table = entity.GetTableName();
            if (table is null || SweepExcluded.Contains(table) || entity.FindPrimaryKey() is not { Properties.Count: 1 } key) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var target = sql.DelimitIdentifier(table, entity.GetSchema());
            var keyColumn = sql.DelimitIdentifier(key.Properties[0].GetColumnName(store)!);
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string) && !p.IsPrimaryKey() && !p.IsConcurrencyToken))
            {
                if (property.GetColumnName(store) is not { } name) continue;
                var column = sql.DelimitIdentifier(name);
                var filtered = db.IsSqlite ? column : "LOWER(" + column + ")";
                var rows = new List<(object Key, string Value)>();
                await using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = $"SELECT {keyColumn}, {column} FROM {target} WHERE {filtered} LIKE @p0 ESCAPE '\\'";
                    AddParameter(select, "@p0", like);
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) rows.Add((reader.GetValue(0), reader.GetString(1)));
                }
                foreach (var (rowKey, value) in rows)
                {
                    var changed = pattern.Replace(value, replacement.Replace("$", "$$"));
                    if (property.GetMaxLength() is { } max && changed.Length > max) changed = changed[..max];
                    if (changed == value) continue;
                    await using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = $"UPDATE {target} SET {column} = @p0 WHERE {keyColumn} = @p1";
                    AddParameter(update, "@p0", changed);
                    AddParameter(update, "@p1", rowKey);
                    total += await update.ExecuteNonQueryAsync(ct);
                }
            }
        }
        return total;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} erased; {Swept} other value(s) pseudonymised")]
    private static partial void LogErased(ILogger logger, Guid userId, int swept);
}
