using CaseHub.Core.Accounts;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CaseHub.Web.Pages.Feedback;

/// <summary>Base of the organisers' feedback pages (coordinators run discovery days and the immersion programme).</summary>
[Authorize(Roles = Roles.Coordinator + "," + Roles.Administrator)]
public abstract class FeedbackPage : CaseHubPageModel
{
    /// <summary>Where "back" goes: the owner's page when CaseHub knows it.</summary>
    public static string BackPath(FeedbackForm form) => form.OwnerType switch
    {
        DiscoveryDay.OwnerType => "/organise/discovery-days/" + form.OwnerId,
        Core.Immersion.ImmersionCampaign.OwnerType => "/immersion/" + form.OwnerId,
        _ => "/",
    };
}
