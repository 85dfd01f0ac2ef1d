using CaseHub.Core.Accounts;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>Who may use intervision pages: CPAS staff (peers). Who may set teams up: facilitators, coordinators, administrators.</summary>
public static class IntervisionAccess
{
    public const string StaffRoles = $"{Roles.Administrator},{Roles.Facilitator},{Roles.SocialWorker},{Roles.InsertionAgent},{Roles.CommitteeMember},{Roles.Coordinator}";
    public static readonly string[] OrganiserRoles = [Roles.Administrator, Roles.Facilitator, Roles.Coordinator];
}
