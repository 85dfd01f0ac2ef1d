using System.Globalization;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// Base of the immersion pages. Every handler checks the role AND the membership: coordinators (and administrators)
/// run campaigns; a worker sees only campaigns they take part in; a team lead only the teams they lead; anybody else
/// gets 404 (not 403), so a campaign's existence does not leak.
/// </summary>
public abstract class ImmersionPage : CaseHubPageModel
{
    protected bool IsCoordinator => User.IsInRole(Roles.Coordinator) || User.IsInRole(Roles.Administrator);

    /// <summary>404 unless the user is a coordinator.</summary>
    protected void RequireCoordinator()
    {
        if (!IsCoordinator) throw DomainException.NotFound();
    }

    public string Language => Lang;
    public System.Globalization.CultureInfo Culture => Core.Localization.Languages.Culture(Lang);
    public string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", Culture);

    protected static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
