using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences
{
    /// <summary>The built-in document types ("tell it once", seed 003): labels under "Conference.DocumentType.&lt;key&gt;".</summary>
    public static class CaseDocumentTypes
    {
        public static readonly IReadOnlyList<string> Defaults =
        [
            "rent-receipt", "lease", "income-proof", "bank-statement", "identity-document", "medical-certificate", "household-composition", "energy-bill",
        ];

        public static string TextKey(string key) => "Conference.DocumentType." + key;
    }

    /// <summary>
    /// "Tell it once": the fact that the person already provided a document (its type, when, to which service, until when
    /// it is valid) so nobody asks for the same paper again. The document itself is never stored.
    /// </summary>
    public class CaseDocument
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CaseId { get; set; }
        public const int TypeMaxLength = 40;
        public string TypeKey { get; set; } = "";
        public DateOnly ProvidedOn { get; set; }
        /// <summary>The service it was handed to (any organisation's), if known.</summary>
        public Guid? ServiceId { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public Guid AddedBy { get; set; }
        public DateTimeOffset AddedAt { get; set; }
    }

    internal sealed class CaseDocumentConfiguration : IEntityTypeConfiguration<CaseDocument>
    {
        public void Configure(EntityTypeBuilder<CaseDocument> b)
        {
            b.ToTable("CaseDocuments");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.CaseId);
            b.HasIndex(x => x.ValidUntil);
            b.Property(x => x.TypeKey).HasMaxLength(CaseDocument.TypeMaxLength);
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Accounts.Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        }
    }

    public sealed record DocumentTypeChoice(string Key, string Label);

    /// <summary>The document types offered (Conferences:DocumentTypes, else the built-in list) and their labels.</summary>
    public sealed class DocumentTypeCatalog(TextCatalog texts, IOptions<ConferenceOptions> options)
    {
        public IReadOnlyList<string> Keys => options.Value.EffectiveDocumentTypes;

        public bool IsOffered(string? key) => key is not null && Keys.Contains(key);

        public string Label(string? key, string language)
            => ChoiceLabels.Label(texts, CaseDocumentTypes.TextKey(key ?? ""), options.Value.DocumentTypeLabels, key, language);

        public IReadOnlyList<DocumentTypeChoice> Choices(string language) => Keys.Select(k => new DocumentTypeChoice(k, Label(k, language))).ToList();
    }

    public enum DocumentState
    {
        Valid = 0,
        /// <summary>Valid until within <see cref="ConferenceOptions.DocumentExpiryWarningDays"/> days.</summary>
        ExpiringSoon = 1,
        Expired = 2,
        /// <summary>A later document of the same type was provided since: this one no longer needs renewing.</summary>
        Superseded = 3,
    }

    public sealed record DocumentInput(string? TypeKey, DateOnly? ProvidedOn, Guid? ServiceId, DateOnly? ValidUntil);

    public sealed record CaseDocumentView(Guid Id, string TypeKey, DateOnly ProvidedOn, Guid? ServiceId, string? ServiceName, DateOnly? ValidUntil,
        DocumentState State, string AddedBy, DateTimeOffset AddedAt, bool CanRemove);

    /// <summary>A document about to expire on a case where the reader is a referent (their home page lists it).</summary>
    public sealed record ExpiringDocument(Guid CaseId, string CaseCode, string TypeKey, DateOnly ValidUntil, bool Expired);

    /// <summary>
    /// The documents a person already provided, per case: any member adds one (a type from the configured list, the day
    /// it was provided, to which service, until when it is valid) and every member sees the list; the adder or the
    /// facilitator removes a line entered by mistake.
    /// </summary>
    public sealed class CaseDocumentService(CaseHubDbContext db, CaseService cases, DocumentTypeCatalog types, IOptions<ConferenceOptions> options,
        Accounts.People people, Audit.AuditLog audit, TimeProvider clock)
    {
        public async Task<CaseDocument> AddAsync(Guid caseId, Guid userId, DocumentInput input, CancellationToken ct = default)
        {
            await cases.RequireMemberAsync(caseId, userId, ct);
            var type = input.TypeKey?.Trim();
            if (!types.IsOffered(type)) throw new DomainException("Conference.Error.DocumentType") { Field = "TypeKey" };
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            if (input.ProvidedOn is not { } provided) throw new DomainException("Error.Required") { Field = "ProvidedOn" };
            if (provided > today || provided < today.AddYears(-10)) throw new DomainException("Conference.Error.DocumentProvidedOn") { Field = "ProvidedOn" };
            if (input.ValidUntil is { } until && (until < provided || until > provided.AddYears(30)))
                throw new DomainException("Conference.Error.DocumentValidUntil") { Field = "ValidUntil" };
            if (input.ServiceId is { } sid && !await db.Services.AnyAsync(s => s.Id == sid, ct))
                throw new DomainException("Conference.Error.DocumentService") { Field = "ServiceId" };
            var doc = new CaseDocument
            {
                CaseId = caseId, TypeKey = type!, ProvidedOn = provided, ServiceId = input.ServiceId, ValidUntil = input.ValidUntil, AddedBy = userId, AddedAt = clock.GetUtcNow(),
            };
            db.CaseDocuments.Add(doc);
            audit.Record(db, userId, "Conferences.DocumentAdded", "Case", caseId, "type=" + type);
            await db.SaveChangesAsync(ct);
            return doc;
        }

        public async Task RemoveAsync(Guid caseId, Guid userId, Guid documentId, CancellationToken ct = default)
        {
            var viewer = await cases.ViewerAsync(caseId, userId, ct);
            var doc = await db.CaseDocuments.FirstOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, ct) ?? throw DomainException.NotFound();
            if (doc.AddedBy != userId && !viewer.IsFacilitator) throw DomainException.Forbidden();
            db.CaseDocuments.Remove(doc);
            audit.Record(db, userId, "Conferences.DocumentRemoved", "Case", caseId, "type=" + doc.TypeKey);
            await db.SaveChangesAsync(ct);
        }

        /// <summary>The state of each document: the latest of a type may expire; older ones of that type are superseded.</summary>
        public static DocumentState StateOf(CaseDocument d, IEnumerable<CaseDocument> all, DateOnly today, int warningDays)
        {
            var later = all.Any(o => o.Id != d.Id && o.TypeKey == d.TypeKey
                                     && (o.ProvidedOn > d.ProvidedOn || (o.ProvidedOn == d.ProvidedOn && o.AddedAt > d.AddedAt))
                                     && (o.ValidUntil is null || o.ValidUntil >= today));
            if (later) return DocumentState.Superseded;
            if (d.ValidUntil is not { } until) return DocumentState.Valid;
            if (until < today) return DocumentState.Expired;
            return until <= today.AddDays(warningDays) ? DocumentState.ExpiringSoon : DocumentState.Valid;
        }

        public async Task<List<CaseDocumentView>> ForCaseAsync(Guid caseId, Guid userId, CancellationToken ct = default)
        {
            var viewer = await cases.ViewerAsync(caseId, userId, ct);
            var rows = await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(ct);
            return await ViewsAsync(rows, viewer, ct);
        }

        private async Task<List<CaseDocumentView>> ViewsAsync(List<CaseDocument> rows, Viewer? viewer, CancellationToken ct)
        {
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            var serviceIds = rows.Where(r => r.ServiceId != null).Select(r => r.ServiceId!.Value).Distinct().ToList();
            var services = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id))
                .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new { s.Id, Name = s.Name + " (" + o.Name + ")" })
                .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var names = await people.NamesAsync(rows.Select(r => r.AddedBy), ct);
            return rows.OrderBy(r => r.TypeKey, StringComparer.Ordinal).ThenByDescending(r => r.ProvidedOn)
                .Select(r => new CaseDocumentView(r.Id, r.TypeKey, r.ProvidedOn, r.ServiceId, r.ServiceId is { } s ? services.GetValueOrDefault(s) : null, r.ValidUntil,
                    StateOf(r, rows, today, options.Value.DocumentExpiryWarningDays), names.GetValueOrDefault(r.AddedBy, "—"), r.AddedAt,
                    viewer is not null && (r.AddedBy == viewer.UserId || viewer.IsFacilitator)))
                .ToList();
        }

        /// <summary>Documents expiring soon (or expired and not renewed) on open cases where <paramref name="userId"/> is a referent.</summary>
        public async Task<List<ExpiringDocument>> ExpiringForAsync(Guid userId, CancellationToken ct = default)
        {
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            var soon = today.AddDays(options.Value.DocumentExpiryWarningDays);
            var mine = await (from c in db.ConferenceCases.AsNoTracking()
                              join m in db.CaseMembers.AsNoTracking() on c.Id equals m.CaseId
                              where m.UserId == userId && c.ClosedAt == null
                              select new { c.Id, c.Code, c.Model, m.Party }).ToListAsync(ct);
            var referentOf = mine.Where(x => CollaborationService.ReferentParties(x.Model).Contains(x.Party)).ToDictionary(x => x.Id, x => x.Code);
            if (referentOf.Count == 0) return [];
            var ids = referentOf.Keys.ToList();
            var candidates = await db.CaseDocuments.AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.ValidUntil != null && d.ValidUntil <= soon).Select(d => d.CaseId).Distinct().ToListAsync(ct);
            var rows = await db.CaseDocuments.AsNoTracking().Where(d => candidates.Contains(d.CaseId)).ToListAsync(ct);
            return rows.GroupBy(r => r.CaseId)
                .SelectMany(g => g.Select(d => (d, State: StateOf(d, g, today, options.Value.DocumentExpiryWarningDays))))
                .Where(x => x.State is DocumentState.ExpiringSoon or DocumentState.Expired)
                .OrderBy(x => x.d.ValidUntil)
                .Select(x => new ExpiringDocument(x.d.CaseId, referentOf[x.d.CaseId], x.d.TypeKey, x.d.ValidUntil!.Value, x.State == DocumentState.Expired))
                .ToList();
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<Conferences.CaseDocument> CaseDocuments => Set<Conferences.CaseDocument>();
    }
}
