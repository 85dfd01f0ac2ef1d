using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Immersion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<ImmersionContact> ImmersionContacts => Set<ImmersionContact>();
    }
}

namespace CaseHub.Core.Immersion
{
    /// <summary>How the partner's person gave their consent to be listed in the directory (what the coordinator records).</summary>
    public enum ContactConsentMethod { Email = 0, Phone = 1, InPerson = 2, WrittenForm = 3 }

    /// <summary>
    /// A contact made during an immersion (a "useful contact" of the debrief), noted by the visitor: who at the partner,
    /// how to reach them. The coordinator offers it to the partner directory in one click, once the person's consent is
    /// recorded (when they gave it, how, and who recorded it); withdrawing consent removes their contact data from the directory.
    /// </summary>
    public class ImmersionContact
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid PlacementId { get; set; }
        public Guid CampaignId { get; set; }
        public const int NameMaxLength = 100;
        public string Name { get; set; } = "";
        public string Organisation { get; set; } = "";
        public const int ServiceMaxLength = 150;
        /// <summary>Their service or function ("service logement", "médiatrice de dettes").</summary>
        public string? Service { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public Guid NotedBy { get; set; }
        public DateTimeOffset NotedAt { get; set; }
        /// <summary>The day the person agreed to be listed (as they told it); null: no consent recorded.</summary>
        public DateOnly? ConsentGivenOn { get; set; }
        public ContactConsentMethod? ConsentMethod { get; set; }
        public Guid? ConsentRecordedBy { get; set; }
        public DateTimeOffset? ConsentRecordedAt { get; set; }
        public DateTimeOffset? ConsentWithdrawnAt { get; set; }
        /// <summary>The directory entry it was added to (a second click updates that entry instead of adding one).</summary>
        public Guid? DirectoryEntryId { get; set; }

        public bool HasConsent => ConsentGivenOn is not null && ConsentWithdrawnAt is null;
    }

    internal sealed class ImmersionContactConfiguration : IEntityTypeConfiguration<ImmersionContact>
    {
        public void Configure(EntityTypeBuilder<ImmersionContact> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Name).HasMaxLength(ImmersionContact.NameMaxLength);
            b.Property(x => x.Organisation).HasMaxLength(ImmersionPartner.OrganisationMaxLength);
            b.Property(x => x.Service).HasMaxLength(ImmersionContact.ServiceMaxLength);
            b.Property(x => x.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.Phone).HasMaxLength(ImmersionOffer.PhoneMaxLength);
            b.HasIndex(x => x.PlacementId);
            b.HasIndex(x => x.CampaignId);
            b.HasOne<ImmersionPlacement>().WithMany().HasForeignKey(x => x.PlacementId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<PartnerDirectoryEntry>().WithMany().HasForeignKey(x => x.DirectoryEntryId).OnDelete(DeleteBehavior.SetNull);
        }
    }

    public sealed record ContactView(ImmersionContact Contact, string? ConsentRecordedByName);

    public sealed record ContactInput(string? Name, string? Organisation, string? Service, string? Email, string? Phone);

    /// <summary>What the coordinator's click did: a new directory entry, or an existing one updated (never a duplicate).</summary>
    public sealed record DirectoryOutcome(Guid EntryId, bool Created);

    /// <summary>The contacts of an immersion debrief and their way into the partner directory (see <see cref="ImmersionContact"/>).</summary>
    public sealed class ImmersionContacts(CaseHubDbContext db, ImmersionDebrief debrief, People people, TimeProvider clock)
    {
        public const int MaxPerDebrief = 30;
        private static readonly string[] CoordinatorRoles = [Roles.Coordinator, Roles.Administrator];

        /// <summary>The contacts of a debrief, for anyone who may read it (404 otherwise), with who recorded each consent.</summary>
        public async Task<List<ContactView>> ListAsync(Guid placementId, Guid userId, CancellationToken ct = default)
        {
            await debrief.OpenAsync(placementId, userId, ct);
            var contacts = await db.ImmersionContacts.AsNoTracking().Where(c => c.PlacementId == placementId).OrderBy(c => c.NotedAt).ToListAsync(ct);
            var recorders = contacts.Where(c => c.ConsentRecordedBy is not null).Select(c => c.ConsentRecordedBy!.Value).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => recorders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return contacts.Select(c => new ContactView(c, c.ConsentRecordedBy is { } by ? names.GetValueOrDefault(by) : null)).ToList();
        }

        /// <summary>The visitor notes a contact made during their immersion. Saves.</summary>
        public async Task<ImmersionContact> AddAsync(Guid placementId, Guid userId, ContactInput input, CancellationToken ct = default)
        {
            var view = await debrief.OpenAsync(placementId, userId, ct);
            if (!view.IsVisitor) throw new DomainException("Immersion.Contacts.Error.VisitorOnly") { IsForbidden = true };
            if (await db.ImmersionContacts.CountAsync(c => c.PlacementId == placementId, ct) >= MaxPerDebrief)
                throw new DomainException("Immersion.Contacts.Error.TooMany", MaxPerDebrief);
            var contact = new ImmersionContact
            {
                PlacementId = placementId, CampaignId = view.Placement.CampaignId, NotedBy = userId, NotedAt = clock.GetUtcNow(),
                Name = Validation.RequireText(input.Name, ImmersionContact.NameMaxLength, "Contact.Name"),
                Organisation = string.IsNullOrWhiteSpace(input.Organisation) ? view.Offer.Organisation
                    : Validation.RequireText(input.Organisation, ImmersionPartner.OrganisationMaxLength, "Contact.Organisation"),
                Service = Null(Validation.RequireText(input.Service, ImmersionContact.ServiceMaxLength, "Contact.Service", required: false)),
                Email = string.IsNullOrWhiteSpace(input.Email) ? null : Validation.RequireEmail(input.Email, "Contact.Email"),
                Phone = Null(Validation.RequireText(input.Phone, ImmersionOffer.PhoneMaxLength, "Contact.Phone", required: false)),
            };
            db.ImmersionContacts.Add(contact);
            await db.SaveChangesAsync(ct);
            return contact;
        }

        /// <summary>The visitor takes a contact back off their debrief (a directory entry made from it stays, with its consent).</summary>
        public async Task RemoveAsync(Guid contactId, Guid userId, CancellationToken ct = default)
        {
            var contact = await FindReadableAsync(contactId, userId, ct);
            var view = await debrief.OpenAsync(contact.PlacementId, userId, ct);
            if (!view.IsVisitor) throw new DomainException("Immersion.Contacts.Error.VisitorOnly") { IsForbidden = true };
            db.ImmersionContacts.Remove(contact);
            await db.SaveChangesAsync(ct);
        }

        /// <summary>
        /// The coordinator records the person's consent to be listed: the day they gave it and how (mail, phone, in person,
        /// written form); who recorded it and when are kept. A withdrawn consent may be given again. Saves.
        /// </summary>
        public async Task RecordConsentAsync(Guid contactId, Guid userId, DateOnly? givenOn, ContactConsentMethod? method, CancellationToken ct = default)
        {
            var contact = await FindForCoordinatorAsync(contactId, userId, ct);
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            if (givenOn is not { } day) throw new DomainException("Immersion.Contacts.Error.ConsentDate") { Field = "ConsentDate" };
            if (day > today || day < today.AddYears(-2))
                throw new DomainException("Immersion.Contacts.Error.ConsentDateRange", today.AddYears(-2).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)) { Field = "ConsentDate" };
            if (method is not { } how || !Enum.IsDefined(how)) throw new DomainException("Immersion.Contacts.Error.ConsentMethod") { Field = "ConsentMethod" };
            contact.ConsentGivenOn = day;
            contact.ConsentMethod = how;
            contact.ConsentRecordedBy = userId;
            contact.ConsentRecordedAt = clock.GetUtcNow();
            contact.ConsentWithdrawnAt = null;
            await db.SaveChangesAsync(ct);
        }

        /// <summary>
        /// One click: the contact becomes a directory entry — or updates the entry it was already added to, or an entry of the
        /// same person (same e-mail, or same organisation and name) — only with their consent recorded. Saves.
        /// </summary>
        public async Task<DirectoryOutcome> AddToDirectoryAsync(Guid contactId, Guid userId, CancellationToken ct = default)
        {
            var contact = await FindForCoordinatorAsync(contactId, userId, ct);
            if (!contact.HasConsent) throw new DomainException("Immersion.Contacts.Error.NoConsent");
            var entry = contact.DirectoryEntryId is { } linked ? await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == linked, ct) : null;
            entry ??= await SamePersonAsync(contact, ct);
            var created = entry is null;
            if (entry is null)
            {
                entry = new PartnerDirectoryEntry { Organisation = contact.Organisation, Service = contact.Service ?? "" };
                var name = contact.Organisation.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates string.ToLower() to SQL lower(); the culture and StringComparison overloads do not translate
                entry.OrganisationId = await db.Organisations.Where(o => o.Name.ToLower() == name)
#pragma warning restore CA1304, CA1311, CA1862
                    .OrderByDescending(o => o.Kind == OrganisationKind.Partner).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
                var offerDomain = await (from p in db.ImmersionPlacements
                                         join d in db.ImmersionOfferDates on p.OfferDateId equals d.Id
                                         join o in db.ImmersionOffers on d.OfferId equals o.Id
                                         where p.Id == contact.PlacementId
                                         select o.Domain).FirstOrDefaultAsync(ct);
                entry.Domains = offerDomain ?? "";
                db.PartnerDirectoryEntries.Add(entry);
            }
            else if (string.IsNullOrWhiteSpace(entry.Service) && contact.Service is not null)
            {
                entry.Service = contact.Service;
            }
            entry.ContactName = contact.Name;
            entry.ContactEmail = contact.Email;
            entry.ContactPhone = contact.Phone;
            entry.UpdatedAt = clock.GetUtcNow();
            contact.DirectoryEntryId = entry.Id;
            await db.SaveChangesAsync(ct);
            return new DirectoryOutcome(entry.Id, created);
        }

        /// <summary>The person withdrew their consent: their name, e-mail and phone leave the directory entry (the service stays listed). Saves.</summary>
        public async Task WithdrawConsentAsync(Guid contactId, Guid userId, CancellationToken ct = default)
        {
            var contact = await FindForCoordinatorAsync(contactId, userId, ct);
            if (contact.ConsentGivenOn is null || contact.ConsentWithdrawnAt is not null) throw new DomainException("Immersion.Contacts.Error.NoConsent");
            contact.ConsentWithdrawnAt = clock.GetUtcNow();
            if (contact.DirectoryEntryId is { } id && await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, ct) is { } entry)
            {
                entry.ContactName = null;
                entry.ContactEmail = null;
                entry.ContactPhone = null;
                entry.UpdatedAt = clock.GetUtcNow();
            }
            await db.SaveChangesAsync(ct);
        }

        private async Task<PartnerDirectoryEntry?> SamePersonAsync(ImmersionContact contact, CancellationToken ct)
        {
            if (contact.Email is { } email)
            {
                var byEmail = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.ContactEmail == email, ct);
                if (byEmail is not null) return byEmail;
            }
            var org = contact.Organisation.ToLowerInvariant();
            var person = contact.Name.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates string.ToLower() to SQL lower()
            return await db.PartnerDirectoryEntries.Where(e => e.Organisation.ToLower() == org && e.ContactName != null && e.ContactName.ToLower() == person)
#pragma warning restore CA1304, CA1311, CA1862
                .OrderBy(e => e.Id).FirstOrDefaultAsync(ct);
        }

        private async Task<ImmersionContact> FindReadableAsync(Guid contactId, Guid userId, CancellationToken ct)
        {
            var contact = await db.ImmersionContacts.FirstOrDefaultAsync(c => c.Id == contactId, ct) ?? throw DomainException.NotFound();
            await debrief.OpenAsync(contact.PlacementId, userId, ct);
            return contact;
        }

        /// <summary>The contact, for a coordinator; someone who may read the debrief but is no coordinator is told so; anybody else gets 404.</summary>
        private async Task<ImmersionContact> FindForCoordinatorAsync(Guid contactId, Guid userId, CancellationToken ct)
        {
            var contact = await FindReadableAsync(contactId, userId, ct);
            if (!await people.IsInAnyRoleAsync(userId, CoordinatorRoles, ct))
                throw new DomainException("Immersion.Contacts.Error.CoordinatorOnly") { IsForbidden = true };
            return contact;
        }

        private static string? Null(string s) => s.Length == 0 ? null : s;
    }
}
