using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Exports;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// The action items of the cases a user works on, for a spreadsheet. Membership is the rule, as on the case page:
/// only cases the user is a member of (the same reach as <see cref="CaseService.CasesForAsync"/>), so nobody exports
/// another team's actions. Action texts are what every member of the case already sees on its timeline.
/// </summary>
public sealed class ConferenceExports(CaseHubDbContext db, TextCatalog texts, TimeProvider clock)
{
    public const int MaxRows = 5000;

    /// <summary>The columns: case, service, conference date, action, owner, due date (a hard deadline wins), its kind,
    /// status, overdue, completion.</summary>
    public static ExportTable NewTable()
        => new("Conference.Export.ActionsSheet",
            new("Conference.Export.CaseCode"), new("Conference.Export.Service"), new("Conference.Export.Meeting", ExportKind.DateTime),
            new("Conference.Export.Action"), new("Conference.Export.Owner"), new("Conference.Export.Due", ExportKind.Date),
            new("Conference.Export.DeadlineKind"), new("Conference.Export.Status"), new("Conference.Export.Overdue", ExportKind.Bool),
            new("Conference.Export.Completed", ExportKind.DateTime));

    /// <param name="openOnly">Only actions still open (the to-do list), else every action.</param>
    public async Task<ExportTable> ActionsAsync(Guid userId, string language, bool openOnly = false, CancellationToken ct = default)
    {
        var l = Languages.Normalize(language);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var q = from a in db.ActionItems.AsNoTracking()
                join c in db.Conferences on a.RoomId equals c.RoomId
                join k in db.ConferenceCases on c.CaseId equals k.Id
                join r in db.Rooms on c.RoomId equals r.Id
                where db.CaseMembers.Any(m => m.CaseId == k.Id && m.UserId == userId)
                select new
                {
                    a, k.Code, Service = k.ServiceId == null ? k.LegacyService : db.Services.Where(s => s.Id == k.ServiceId).Select(s => s.Name).FirstOrDefault(),
                    r.ScheduledStart, Owner = a.Owner == null ? null : a.Owner.DisplayName,
                };
        if (openOnly) q = q.Where(x => x.a.Status == ActionStatus.Open);
        var rows = await q.Take(MaxRows).ToListAsync(ct);
        var ids = rows.Select(x => x.a.Id).ToList();
        var hard = await db.ActionDeadlines.AsNoTracking().Where(d => ids.Contains(d.ActionId)).ToDictionaryAsync(d => d.ActionId, ct);

        var table = NewTable();
        // Like the timeline: a hard external deadline wins over the soft due date.
        var lines = rows.Select(x => (x, h: hard.GetValueOrDefault(x.a.Id), due: hard.TryGetValue(x.a.Id, out var h) ? h.Deadline : x.a.DueDate))
            .OrderBy(x => x.x.a.Status).ThenBy(x => x.due ?? DateOnly.MaxValue).ThenBy(x => x.x.Code, StringComparer.Ordinal);
        foreach (var (x, h, due) in lines)
            table.Add(x.Code, x.Service, x.ScheduledStart, x.a.Text, x.Owner, due,
                h is null ? null : texts.Get("Conference.DeadlineKind." + h.Kind, l), texts.Get("Conference.Action." + x.a.Status, l),
                x.a.Status == ActionStatus.Open && due is { } d && d < today, x.a.CompletedAt);
        return table;
    }
}
