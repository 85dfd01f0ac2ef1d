using CaseHub.Core.Committees;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The comités à blanc the user sits in (upcoming, live, past), and the way to the libraries.</summary>
public class IndexModel(CaseHubDbContext db) : CommitteePage
{
    public sealed record Row(Guid Id, string Title, DateTimeOffset Start, RoomStatus Status, int Cases, int Decided, bool Chair);
    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = Me;
        Rows = await (from s in db.CommitteeSessions.AsNoTracking()
                      join r in db.Rooms on s.RoomId equals r.Id
                      join p in db.RoomParticipants on r.Id equals p.RoomId
                      where p.UserId == me && r.Status != RoomStatus.Cancelled
                      orderby r.ScheduledStart descending
                      select new Row(s.Id, r.Title, r.ScheduledStart, r.Status, s.Cases.Count, s.Cases.Count(c => c.DecidedAt != null), p.Role == RoomRole.Chair))
            .Take(200).ToListAsync();
    }
}
