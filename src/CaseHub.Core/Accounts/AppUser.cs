using Microsoft.AspNetCore.Identity;

namespace CaseHub.Core.Accounts;

/// <summary>A person who uses CaseHub: CPAS staff or a partner worker.</summary>
public class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    /// <summary>fr, nl or en: interface, mails, minutes and invitations follow it.</summary>
    public string Language { get; set; } = Localization.Languages.Default;

    public Guid? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>The CPAS service (team) the user works in, if any; team leads are set on the service.</summary>
    public Guid? ServiceId { get; set; }
    public Service? Service { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set once the account was invited and the person chose a password (or signed in by link).</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>Set when an administrator erased the person: personal data replaced by a pseudonym.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>A CPAS or a partner organisation.</summary>
public class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public const int NameMaxLength = 150;
    public string Name { get; set; } = "";
    public OrganisationKind Kind { get; set; }
    public List<Service> Services { get; set; } = [];
}

public enum OrganisationKind
{
    /// <summary>Centre public d'action sociale / Openbaar centrum voor maatschappelijk welzijn.</summary>
    Cpas = 0,
    Partner = 1,
}

/// <summary>A service or team inside an organisation (e.g. general social service, ISP service, an antenna).</summary>
public class Service
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public const int NameMaxLength = 150;
    public string Name { get; set; } = "";
    /// <summary>Team lead (responsable d'équipe): alerted on overdue actions, sets immersion coverage rules.</summary>
    public Guid? LeadUserId { get; set; }
}
