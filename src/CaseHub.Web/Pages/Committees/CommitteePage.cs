using CaseHub.Core.Accounts;
using CaseHub.Core.Committees;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CaseHub.Web.Pages.Committees;

/// <summary>Comités à blanc are internal to the CPAS: staff only (partner workers never see cases or case law).</summary>
[Authorize(Roles = StaffRoles)]
public abstract class CommitteePage : CaseHubPageModel
{
    public const string StaffRoles = Roles.Administrator + "," + Roles.Facilitator + "," + Roles.SocialWorker + "," + Roles.InsertionAgent + ","
                                     + Roles.CommitteeMember + "," + Roles.Coordinator;
    public const string OrganiserRoles = Roles.Administrator + "," + Roles.Facilitator + "," + Roles.CommitteeMember;

    public bool CanOrganise => CommitteeService.OrganiserRoles.Any(User.IsInRole);
}

/// <summary>Pages that prepare sessions and cases: chairs of comités à blanc (trainers, committee members, administrators).</summary>
[Authorize(Roles = OrganiserRoles)]
public abstract class CommitteeOrganiserPage : CommitteePage;
