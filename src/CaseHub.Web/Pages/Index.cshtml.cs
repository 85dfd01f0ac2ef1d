using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages;

/// <summary>Home: a public welcome, or the signed-in user's dashboard (upcoming meetings, open action items).</summary>
public class IndexModel : CaseHubPageModel
{
    public void OnGet() { }
}
