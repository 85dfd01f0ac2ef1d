using CaseHub.Core.Accounts;

namespace CaseHub.Core.Demo;

/// <summary>
/// The demo accounts (synthetic people, fictional organisations). The password is printed on the console and in
/// the README; it is used only when <c>App:DemoMode</c> is on.
/// </summary>
public static class DemoData
{
    public const string Password = "CaseHub-demo-2026";
    public const string CpasName = "CPAS de Val-des-Saules (démo)";
    public const string PartnerA = "Maison de quartier Les Tilleuls (démo)";
    public const string PartnerB = "Centre de santé mentale L'Escale (démo)";

    public sealed record DemoUser(string Email, string Name, string[] Roles, string Language, string Organisation, string? Service);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@demo.casehub.test", "Alex Admin", [Roles.Administrator], "fr", CpasName, null),
        new("facilitator@demo.casehub.test", "Fanny Facilitatrice", [Roles.Facilitator], "fr", CpasName, "Cellule de facilitation"),
        new("as@demo.casehub.test", "Sarah Assistante", [Roles.SocialWorker], "fr", CpasName, "Service social général"),
        new("ai@demo.casehub.test", "Ilias Insertion", [Roles.InsertionAgent], "fr", CpasName, "Service d'insertion socioprofessionnelle"),
        new("conseiller@demo.casehub.test", "Claude Conseiller", [Roles.CommitteeMember], "fr", CpasName, null),
        new("coordination@demo.casehub.test", "Camille Coordination", [Roles.Coordinator], "fr", CpasName, "Coordination sociale"),
        new("partner@demo.casehub.test", "Pieter Partner", [Roles.PartnerWorker], "nl", PartnerA, null),
        new("partner2@demo.casehub.test", "Nora Partenaire", [Roles.PartnerWorker], "fr", PartnerB, null),
    ];

    public static readonly IReadOnlyList<string> CpasServices =
        ["Service social général", "Service d'insertion socioprofessionnelle", "Cellule de facilitation", "Coordination sociale", "Antenne Nord"];
}
