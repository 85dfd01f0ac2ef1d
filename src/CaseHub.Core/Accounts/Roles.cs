namespace CaseHub.Core.Accounts;

/// <summary>The roles of the field. A user may hold several.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    /// <summary>Facilitateur·rice: brings AS and AI together on a case.</summary>
    public const string Facilitator = "Facilitator";
    /// <summary>Assistant·e social·e (AS).</summary>
    public const string SocialWorker = "SocialWorker";
    /// <summary>Agent d'insertion (AI), socio-professional insertion service (ISP).</summary>
    public const string InsertionAgent = "InsertionAgent";
    /// <summary>Conseiller·ère of the social-assistance committee (CSSS), or a manager sitting with them.</summary>
    public const string CommitteeMember = "CommitteeMember";
    /// <summary>Coordination sociale: immersion programme and partner directory.</summary>
    public const string Coordinator = "Coordinator";
    /// <summary>Worker of a partner organisation (not CPAS staff).</summary>
    public const string PartnerWorker = "PartnerWorker";

    public static readonly IReadOnlyList<string> All =
        [Administrator, Facilitator, SocialWorker, InsertionAgent, CommitteeMember, Coordinator, PartnerWorker];

    /// <summary>Roles that belong to CPAS staff (everything but partner workers).</summary>
    public static readonly IReadOnlyList<string> Staff =
        [Administrator, Facilitator, SocialWorker, InsertionAgent, CommitteeMember, Coordinator];

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>Text-catalogue key of the role's display name.</summary>
    public static string TextKey(string role) => "Role." + role;
}
