using System.Security.Claims;
using CaseHub.Core.Accounts;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// The main menu. An entry shows when the user holds one of its roles (empty = every signed-in user). Entries with a
/// <see cref="Entry.Group"/> sit in a submenu of that name (the administrator's pages), so the menu stays one short row.
/// </summary>
public static class Navigation
{
    public sealed record Entry(string Path, string TextKey, params string[] Roles)
    {
        /// <summary>Text key of the submenu this entry belongs to; null = top level.</summary>
        public string? Group { get; init; }
    }

    public const string AdministrationGroup = "Nav.Administration";

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new("/", "Nav.Home"),
        new("/meetings", "Nav.Meetings"),
        new("/conferences", "Nav.Conferences", Roles.Facilitator, Roles.SocialWorker, Roles.InsertionAgent, Roles.PartnerWorker, Roles.Administrator),
        new("/discovery-days", "Nav.DiscoveryDays"),
        new("/committees", "Nav.Committees", Roles.Administrator, Roles.Facilitator, Roles.SocialWorker, Roles.InsertionAgent, Roles.CommitteeMember, Roles.Coordinator),
        new("/intervision", "Nav.Intervision", Roles.Administrator, Roles.Facilitator, Roles.SocialWorker, Roles.InsertionAgent, Roles.CommitteeMember, Roles.Coordinator),
        new("/organise/discovery-days", "Nav.OrganiseDiscoveryDays", Roles.Coordinator, Roles.Administrator),
        new("/immersion", "Nav.Immersion"),
        new("/admin/users", "Nav.Admin.Users", Roles.Administrator) { Group = AdministrationGroup },
        new("/admin/organisations", "Nav.Admin.Organisations", Roles.Administrator) { Group = AdministrationGroup },
        new("/admin/audit", "Nav.Admin.Audit", Roles.Administrator) { Group = AdministrationGroup },
        new("/admin/retention", "Nav.Admin.Retention", Roles.Administrator) { Group = AdministrationGroup },
    ];

    public static IEnumerable<Entry> For(ClaimsPrincipal user)
        => Entries.Where(e => e.Roles.Length == 0 || e.Roles.Any(user.IsInRole));

    public static bool IsCurrent(Entry entry, string? path)
        => entry.Path == "/" ? path is "/" or "" or null : path?.StartsWith(entry.Path, StringComparison.OrdinalIgnoreCase) == true;
}
