using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<ImmersionCampaign> ImmersionCampaigns => Set<ImmersionCampaign>();
        public DbSet<ImmersionPartner> ImmersionPartners => Set<ImmersionPartner>();
        public DbSet<ImmersionOffer> ImmersionOffers => Set<ImmersionOffer>();
        public DbSet<ImmersionOfferDate> ImmersionOfferDates => Set<ImmersionOfferDate>();
        public DbSet<ImmersionParticipant> ImmersionParticipants => Set<ImmersionParticipant>();
        public DbSet<ImmersionTeamRule> ImmersionTeamRules => Set<ImmersionTeamRule>();
        public DbSet<ImmersionPlacement> ImmersionPlacements => Set<ImmersionPlacement>();
        public DbSet<ImmersionEvent> ImmersionEvents => Set<ImmersionEvent>();
        public DbSet<PartnerDirectoryEntry> PartnerDirectoryEntries => Set<PartnerDirectoryEntry>();
        public DbSet<SpeedMeetingPlan> SpeedMeetingPlans => Set<SpeedMeetingPlan>();
    }
}

namespace CaseHub.Core.Immersion
{
    /// <summary>
    /// An immersion campaign (programme d'immersion) run by the coordination sociale: a period (e.g. April), deadlines for
    /// partners' offers and workers' preferences, preparation events, the matching and its publication.
    /// </summary>
    public class ImmersionCampaign
    {
        public const int NameMaxLength = 150;
        public const int DomainsMaxLength = 1000;
        public const string OwnerType = "immersion-campaign";

        public Guid Id { get; set; } = Guid.CreateVersion7();
        public string Name { get; set; } = "";
        public DateOnly PeriodStart { get; set; }
        public DateOnly PeriodEnd { get; set; }
        public DateTimeOffset OffersDeadline { get; set; }
        public DateTimeOffset PreferencesDeadline { get; set; }
        /// <summary>How many offer-dates a worker may rank.</summary>
        public int MaxRanks { get; set; } = 5;
        /// <summary>The domains partners choose from, one per line (configurable per campaign).</summary>
        public string Domains { get; set; } = "";
        public string ContactName { get; set; } = "";
        public string ContactEmail { get; set; } = "";
        public Guid? CoordinatorUserId { get; set; }
        /// <summary>Seed of the last matching run (recorded so the draw can be reproduced and explained).</summary>
        public int? Seed { get; set; }
        /// <summary>Lottery order of the last run: participant ids, comma-separated.</summary>
        public string? LotteryOrder { get; set; }
        public DateTimeOffset? MatchedAt { get; set; }
        public DateTimeOffset? PublishedAt { get; set; }
        public Guid? FeedbackFormId { get; set; }
        /// <summary>Optimistic concurrency: every change of places bumps it, so two edits never both win silently.</summary>
        public int Version { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public IReadOnlyList<string> DomainList => Domains.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public IReadOnlyList<Guid> LotteryList => string.IsNullOrEmpty(LotteryOrder) ? [] : LotteryOrder.Split(',').Select(Guid.Parse).ToList();

        public static readonly IReadOnlyList<string> DefaultDomains =
            ["Santé mentale", "Jeunesse", "Médiation", "Emploi et formation", "Aide aux victimes", "Logement", "Santé", "Aide alimentaire"];
    }

    /// <summary>A partner organisation invited to the campaign. Reaches its page by a magic link (no password); the token is stored hashed.</summary>
    public class ImmersionPartner
    {
        public const int OrganisationMaxLength = 150;
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        public string Organisation { get; set; } = "";
        public string ContactName { get; set; } = "";
        public string ContactEmail { get; set; } = "";
        public string Language { get; set; } = Localization.Languages.Default;
        public string TokenHash { get; set; } = "";
        public DateTimeOffset InvitedAt { get; set; }
    }

    /// <summary>Who hosts: a partner (CPAS workers visit) or a CPAS service (partner workers visit: reciprocity).</summary>
    public enum ImmersionHost { Partner, Cpas }

    /// <summary>An immersion offer: a host, a domain, what the visitor will see, with dates and a capacity per date.</summary>
    public class ImmersionOffer
    {
        public const int TitleMaxLength = 150;
        public const int DomainMaxLength = 80;
        public const int AddressMaxLength = 300;
        public const int SeeMaxLength = 2000;
        public const int PhoneMaxLength = 40;

        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        /// <summary>The partner that published it; null for a CPAS service's offer (entered by the coordinator).</summary>
        public Guid? PartnerId { get; set; }
        public ImmersionHost Host { get; set; }
        /// <summary>Organisation (partner) or CPAS service name, as visitors see it.</summary>
        public string Organisation { get; set; } = "";
        public string Title { get; set; } = "";
        public string Domain { get; set; } = "";
        public string Address { get; set; } = "";
        public string WhatYouWillSee { get; set; } = "";
        public string PublicServed { get; set; } = "";
        public string ContactName { get; set; } = "";
        public string ContactEmail { get; set; } = "";
        public string? ContactPhone { get; set; }
        public TimeOnly StartTime { get; set; } = new(9, 0);
        public TimeOnly EndTime { get; set; } = new(16, 0);
        /// <summary>A closed offer takes no new preferences (existing places stay).</summary>
        public bool Closed { get; set; }
        /// <summary>The contact person agreed to be listed in the partner directory.</summary>
        public bool DirectoryConsent { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public List<ImmersionOfferDate> Dates { get; set; } = [];
    }

    /// <summary>One day of an offer with the number of visitors the host can take that day.</summary>
    public class ImmersionOfferDate
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid OfferId { get; set; }
        public ImmersionOffer? Offer { get; set; }
        public DateOnly Date { get; set; }
        public int Capacity { get; set; }
    }

    /// <summary>A worker taking part: a CPAS social worker (visits partners) or a partner worker (visits a CPAS service).</summary>
    public class ImmersionParticipant
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        public Guid UserId { get; set; }
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string Language { get; set; } = Localization.Languages.Default;
        /// <summary>The worker's team (CPAS service) for the coverage rule; null for partner workers.</summary>
        public Guid? TeamId { get; set; }
        /// <summary>Which offers this person may rank: partner-hosted for CPAS workers, CPAS-hosted for partner workers.</summary>
        public ImmersionHost Visits { get; set; }
        /// <summary>Ranked offer-date ids, most wanted first, comma-separated.</summary>
        public string Ranking { get; set; } = "";
        /// <summary>Days the worker cannot be away (yyyy-MM-dd, comma-separated).</summary>
        public string Unavailable { get; set; } = "";
        public DateTimeOffset? PreferencesAt { get; set; }

        public IReadOnlyList<Guid> RankingList => Ranking.Length == 0 ? [] : Ranking.Split(',').Select(Guid.Parse).ToList();
        public IReadOnlyList<DateOnly> UnavailableList => Unavailable.Length == 0 ? [] : Unavailable.Split(',').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd")).ToList();
    }

    /// <summary>Team coverage rule set by a team lead: at most <see cref="MaxAway"/> of the team away on the same day.</summary>
    public class ImmersionTeamRule
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        public Guid TeamId { get; set; }
        public int MaxAway { get; set; }
        public Guid? SetByUserId { get; set; }
    }

    /// <summary>A participant's place (one per participant). <see cref="PublishedOfferDateId"/> is what people were told.</summary>
    public class ImmersionPlacement
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        public Guid ParticipantId { get; set; }
        /// <summary>Where the person goes now; null = no place (kept so a published place can be cancelled).</summary>
        public Guid? OfferDateId { get; set; }
        /// <summary>1-based rank of the offer-date in the person's ranking; null when not ranked (moved by hand).</summary>
        public int? Rank { get; set; }
        public bool Manual { get; set; }
        public Guid? CalendarEntryId { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    public enum ImmersionEventKind { SpeedMeeting, PartnerMeeting, Preparation, TeamDebrief }

    /// <summary>A scheduled moment of the programme (speed-meeting, partners' meeting, preparation morning, team debrief).</summary>
    public class ImmersionEvent
    {
        public const int TitleMaxLength = 150;
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CampaignId { get; set; }
        public ImmersionEventKind Kind { get; set; }
        public string Title { get; set; } = "";
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        public string Place { get; set; } = "";
        public Guid CalendarEntryId { get; set; }
        /// <summary>Team debrief only: the team (CPAS service) whose visitors meet, and the live room of the meeting.</summary>
        public Guid? TeamId { get; set; }
        public Guid? RoomId { get; set; }
    }

    /// <summary>A partner in the directory (répertoire): who does what, for whom, where. Contacts only with consent.</summary>
    public class PartnerDirectoryEntry
    {
        public const int TextMaxLength = 300;
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public string Organisation { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Domains, one per line.</summary>
        public string Domains { get; set; } = "";
        public string PublicServed { get; set; } = "";
        public string Address { get; set; } = "";
        public string OpeningHours { get; set; } = "";
        public string? ContactName { get; set; }
        public string? ContactEmail { get; set; }
        public string? ContactPhone { get; set; }
        /// <summary>Notes gathered from debriefs ("useful contacts", what they do), by the coordinator.</summary>
        public string Notes { get; set; } = "";
        public Guid? SourceOfferId { get; set; }
        /// <summary>
        /// The Accounts organisation this service belongs to (matched by name when the entry follows an offer, or picked
        /// by the coordinator). Partner workers of that organisation may correct the entry.
        /// </summary>
        public Guid? OrganisationId { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        public IReadOnlyList<string> DomainList => Domains.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    internal sealed class ImmersionCampaignConfiguration : IEntityTypeConfiguration<ImmersionCampaign>
    {
        public void Configure(EntityTypeBuilder<ImmersionCampaign> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Name).HasMaxLength(ImmersionCampaign.NameMaxLength);
            b.Property(x => x.Domains).HasMaxLength(ImmersionCampaign.DomainsMaxLength);
            b.Property(x => x.ContactName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(x => x.ContactEmail).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.LotteryOrder).HasMaxLength(200_000);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.PeriodStart);
            b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CoordinatorUserId).OnDelete(DeleteBehavior.SetNull);
            b.Ignore(x => x.DomainList);
            b.Ignore(x => x.LotteryList);
        }
    }

    internal sealed class ImmersionPartnerConfiguration : IEntityTypeConfiguration<ImmersionPartner>
    {
        public void Configure(EntityTypeBuilder<ImmersionPartner> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Organisation).HasMaxLength(ImmersionPartner.OrganisationMaxLength);
            b.Property(x => x.ContactName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(x => x.ContactEmail).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.Language).HasMaxLength(2);
            b.Property(x => x.TokenHash).HasMaxLength(64);
            b.HasIndex(x => x.TokenHash).IsUnique();
            b.HasIndex(x => x.CampaignId);
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class ImmersionOfferConfiguration : IEntityTypeConfiguration<ImmersionOffer>
    {
        public void Configure(EntityTypeBuilder<ImmersionOffer> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Organisation).HasMaxLength(ImmersionPartner.OrganisationMaxLength);
            b.Property(x => x.Title).HasMaxLength(ImmersionOffer.TitleMaxLength);
            b.Property(x => x.Domain).HasMaxLength(ImmersionOffer.DomainMaxLength);
            b.Property(x => x.Address).HasMaxLength(ImmersionOffer.AddressMaxLength);
            b.Property(x => x.WhatYouWillSee).HasMaxLength(ImmersionOffer.SeeMaxLength);
            b.Property(x => x.PublicServed).HasMaxLength(ImmersionOffer.AddressMaxLength);
            b.Property(x => x.ContactName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(x => x.ContactEmail).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.ContactPhone).HasMaxLength(ImmersionOffer.PhoneMaxLength);
            b.HasIndex(x => new { x.CampaignId, x.Host });
            b.HasIndex(x => x.PartnerId);
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.Dates).WithOne(d => d.Offer).HasForeignKey(d => d.OfferId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class ImmersionOfferDateConfiguration : IEntityTypeConfiguration<ImmersionOfferDate>
    {
        public void Configure(EntityTypeBuilder<ImmersionOfferDate> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.OfferId, x.Date }).IsUnique();
        }
    }

    internal sealed class ImmersionParticipantConfiguration : IEntityTypeConfiguration<ImmersionParticipant>
    {
        public void Configure(EntityTypeBuilder<ImmersionParticipant> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Name).HasMaxLength(AppUser.DisplayNameMaxLength);
            b.Property(x => x.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.Language).HasMaxLength(2);
            b.Property(x => x.Ranking).HasMaxLength(2000);
            b.Property(x => x.Unavailable).HasMaxLength(2000);
            b.HasIndex(x => new { x.CampaignId, x.UserId }).IsUnique();
            b.HasIndex(x => x.UserId);
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(x => x.RankingList);
            b.Ignore(x => x.UnavailableList);
        }
    }

    internal sealed class ImmersionTeamRuleConfiguration : IEntityTypeConfiguration<ImmersionTeamRule>
    {
        public void Configure(EntityTypeBuilder<ImmersionTeamRule> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.CampaignId, x.TeamId }).IsUnique();
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class ImmersionPlacementConfiguration : IEntityTypeConfiguration<ImmersionPlacement>
    {
        public void Configure(EntityTypeBuilder<ImmersionPlacement> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.ParticipantId).IsUnique();
            b.HasIndex(x => new { x.CampaignId, x.OfferDateId });
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<ImmersionParticipant>().WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class ImmersionEventConfiguration : IEntityTypeConfiguration<ImmersionEvent>
    {
        public void Configure(EntityTypeBuilder<ImmersionEvent> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Title).HasMaxLength(ImmersionEvent.TitleMaxLength);
            b.Property(x => x.Place).HasMaxLength(CalendarEntry.LocationMaxLength);
            b.HasIndex(x => new { x.CampaignId, x.Start });
            b.HasIndex(x => x.RoomId);
            b.HasOne<ImmersionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class PartnerDirectoryEntryConfiguration : IEntityTypeConfiguration<PartnerDirectoryEntry>
    {
        public void Configure(EntityTypeBuilder<PartnerDirectoryEntry> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Organisation).HasMaxLength(ImmersionPartner.OrganisationMaxLength);
            b.Property(x => x.Service).HasMaxLength(ImmersionPartner.OrganisationMaxLength);
            b.Property(x => x.Domains).HasMaxLength(ImmersionCampaign.DomainsMaxLength);
            b.Property(x => x.PublicServed).HasMaxLength(PartnerDirectoryEntry.TextMaxLength);
            b.Property(x => x.Address).HasMaxLength(PartnerDirectoryEntry.TextMaxLength);
            b.Property(x => x.OpeningHours).HasMaxLength(PartnerDirectoryEntry.TextMaxLength);
            b.Property(x => x.ContactName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(x => x.ContactEmail).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.ContactPhone).HasMaxLength(ImmersionOffer.PhoneMaxLength);
            b.Property(x => x.Notes).HasMaxLength(4000);
            b.HasIndex(x => x.Organisation);
            b.HasIndex(x => x.SourceOfferId);
            b.HasIndex(x => x.OrganisationId);
            b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.SetNull);
        }
    }
}
