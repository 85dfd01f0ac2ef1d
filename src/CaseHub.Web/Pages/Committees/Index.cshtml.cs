using CaseHub.Core.Committees;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The comités à blanc the user sits in (upcoming, live, past), and the way to the libraries.</summary>
public class IndexModel(CommitteeQueries queries) : CommitteePage
{
    public List<CommitteeSessionRow> Rows { get; private set; } = [];

    public async Task OnGetAsync() => Rows = await queries.SessionsOfAsync(Me);
}
