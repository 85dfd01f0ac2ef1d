using System.Globalization;
using System.Text;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// The conference part of the minutes, per reader: the outcome (orientation or no agreement, answer to the person,
/// review date), the disagreement map, and the positions this reader may read — a partner's copy has no CPAS-only
/// position, an "author and facilitator" position appears only in its author's and the facilitator's copies. The social
/// assessment grid appears as it stood when the meeting closed, each reader's copy without the cells they may not read.
/// </summary>
public sealed class ConferenceMinutesSection(CaseHubDbContext db, CaseService cases, ConferenceService conferences, SocialAssessmentService grid, TextCatalog texts,
    OrientationCatalog orientations) : IMinutesSection
{
    public string ContextType => ConferenceService.ContextType;

    public async Task<string?> BuildAsync(Room room, Guid? readerId, string language, CancellationToken ct)
    {
        var conference = await db.Conferences.AsNoTracking().FirstOrDefaultAsync(c => c.RoomId == room.Id, ct);
        if (conference is null) return null;
        string T(string key, params object?[] args) => texts.Format(key, language, args);
        string L(string label, object? value) => texts.Labelled(label, value, language);
        var culture = Languages.Culture(language);
        var code = await db.ConferenceCases.Where(c => c.Id == conference.CaseId).Select(c => c.Code).FirstAsync(ct);

        // Unknown reader (a shared page): only what every participant may read. A reader no longer on the case: nothing.
        Viewer viewer;
        if (readerId is { } id)
        {
            var member = await db.CaseMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CaseId == conference.CaseId && m.UserId == id, ct);
            if (member is null) return null;
            viewer = await cases.ViewerAsync(conference.CaseId, id, ct);
        }
        else viewer = new Viewer(Guid.Empty, false, false);

        var sb = new StringBuilder();
        sb.AppendLine(culture, $"## {T("Conference.Minutes.Case", MinutesService.Escape(code))}").AppendLine();
        sb.AppendLine(culture, $"### {T("Conference.Minutes.Outcome")}").AppendLine();
        if (conference.DecidedAt is null) sb.AppendLine(T("Conference.Minutes.NoOutcome"));
        else if (conference.NoAgreement)
        {
            sb.AppendLine(culture, $"- **{T("Conference.NoAgreement")}** — {L(T("Conference.Field.EscalationTarget"), MinutesService.Escape(conference.EscalationTarget ?? "—"))}");
            sb.AppendLine(culture, $"- {L(T("Conference.Field.Reasons"), MinutesService.Escape(conference.Reasons ?? "—"))}");
        }
        else
        {
            sb.AppendLine($"- {L($"**{T("Conference.Field.Orientation")}**", MinutesService.Escape(OrientationLabel(conference.OrientationKey!, language)))}"
                          + (conference.OrientationDetail is { } d ? $" — {MinutesService.Escape(d)}" : ""));
            if (conference.AnswerToPerson is { } a) sb.AppendLine(culture, $"- {L(T("Conference.Field.AnswerToPerson"), MinutesService.Escape(a))}");
        }
        if (conference.ReviewDate is { } review) sb.AppendLine(culture, $"- {L(T("Conference.Field.ReviewDate"), review.ToString("d MMMM yyyy", culture))}");
        sb.AppendLine();

        // The grid as it stood when the meeting closed (or now, for a meeting still open).
        var snapshot = await grid.AsOfAsync(conference.CaseId, room.ClosedAt, viewer, ct);
        if (snapshot.Count > 0)
        {
            sb.AppendLine(culture, $"### {T("Conference.Grid.Title")}").AppendLine();
            foreach (var t in snapshot)
            {
                var rating = t.Rating is { } r ? T("Conference.Grid.Rating." + r) : T("Conference.Grid.NotRated");
                sb.AppendLine($"- **{T("Conference.Theme." + t.Theme)}** · {rating}" + (t.Text is { } x ? $" — {MinutesService.Escape(x)}" : ""));
                foreach (var a in t.Actions)
                    sb.AppendLine(culture, $"    - {T("Conference.Grid.Term." + a.Term)} · {L(T("Conference.Grid.Owner." + a.Owner), MinutesService.Escape(a.Text))}");
            }
            sb.AppendLine();
        }

        var points = (await db.ConferencePoints.AsNoTracking().Where(p => p.ConferenceId == conference.Id).ToListAsync(ct)).OrderBy(p => p.CreatedAt).ToList();
        if (points.Count > 0)
        {
            sb.AppendLine(culture, $"### {T("Conference.Map")}").AppendLine();
            foreach (var p in points)
                sb.AppendLine($"- {L($"**{T("Conference.PointKind." + p.Kind)}**", MinutesService.Escape(p.Text))}" + (p.Views is { } v ? $" ({MinutesService.Escape(v)})" : ""));
            sb.AppendLine();
        }

        var (visible, _, _) = await conferences.PositionsForAsync(conference, viewer, ct);
        if (conference.PositionsOpenedAt is not null || viewer.IsFacilitator)
        {
            sb.AppendLine(culture, $"### {T("Conference.Positions")}").AppendLine();
            if (visible.Count == 0) sb.AppendLine(T("Minutes.None"));
            foreach (var p in visible)
            {
                var who = p.IsPersonVoice ? T("Conference.PersonVoice") : $"{MinutesService.Escape(p.AuthorName)} ({T("Conference.Party." + p.Party)})";
                sb.AppendLine(culture, $"#### {who} · {T("Conference.Visibility." + p.Visibility)}").AppendLine();
                sb.AppendLine(culture, $"- {L(T("Conference.Field.Situation"), MinutesService.Escape(p.Situation))}");
                if (p.ProposedOrientation is { } po) sb.AppendLine(culture, $"- {L(T("Conference.Field.ProposedOrientation"), MinutesService.Escape(po))}");
                if (p.NeedsFromOthers is { } n) sb.AppendLine(culture, $"- {L(T("Conference.Field.NeedsFromOthers"), MinutesService.Escape(n))}");
                if (p.Concerns is { } c) sb.AppendLine(culture, $"- {L(T("Conference.Field.Concerns"), MinutesService.Escape(c))}");
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    public string OrientationLabel(string key, string language) => orientations.Label(key, language);
}
