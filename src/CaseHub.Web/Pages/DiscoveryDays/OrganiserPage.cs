using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>Base of the organiser's pages: coordinators and administrators only.</summary>
[Authorize(Roles = Roles.Coordinator + "," + Roles.Administrator)]
public abstract class OrganiserPage : CaseHubPageModel;
