using System.Globalization;
using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Localization;

namespace CaseHub.Core.Privacy.SubjectRights;

/// <summary>
/// The readable copy of <see cref="PersonalDataExport"/>: one self-contained HTML file (styles inside, no script, no
/// external asset, no link back to CaseHub), in the person's language, with times in Brussels time, printable.
/// </summary>
public static class PersonalDataHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #2b5797;padding-bottom:.2rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #c8ccd2;padding:.3rem .45rem;text-align:left;vertical-align:top}
        th{background:#eef1f5}.muted{color:#5a6270}.empty{color:#5a6270;font-style:italic}pre{white-space:pre-wrap;margin:0;font-family:inherit}
        ul.notes{background:#fff8e1;border:1px solid #f0d88a;padding:.6rem 1.6rem}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
        """;

    public static string Render(PersonalDataExport x, TextCatalog texts, string language)
    {
        string T(string key) => texts.Get("SubjectRights.Html." + key, language);
        string When(DateTimeOffset? t) => t is { } v ? CalendarTime.FormatDateTime(v, language) : "";
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(language)).Append("\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<title>").Append(E(T("Title"))).Append(" — ").Append(E(x.Account.DisplayName)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        h.Append("<h1>").Append(E(T("Title"))).Append("</h1>\n<p class=\"muted\">")
         .Append(E(texts.Format("SubjectRights.Html.Generated", language, When(x.GeneratedAt), x.FormatVersion))).Append("</p>\n");
        h.Append("<p>").Append(E(T("Intro"))).Append("</p>\n<ul class=\"notes\">");
        foreach (var n in x.NotIncluded) h.Append("<li>").Append(E(n)).Append("</li>");
        h.Append("</ul>\n");

        var a = x.Account;
        Section(h, T("Account"), ["Field", "Value"], T,
        [
            [T("Name"), a.DisplayName], [T("Email"), a.Email ?? ""], [T("Language"), a.Language], [T("Organisation"), a.Organisation ?? ""],
            [T("Service"), a.Service ?? ""], [T("Roles"), string.Join(", ", a.Roles.Select(r => texts.Get(Accounts.Roles.TextKey(r), language)))],
            [T("TeamLead"), string.Join(", ", a.TeamLeadOf)], [T("Created"), When(a.CreatedAt)], [T("Activated"), When(a.ActivatedAt)],
            [T("Password"), a.HasPassword ? T("Yes") : T("No")], [T("Locked"), a.Locked ? T("Yes") : T("No")],
        ]);
        Section(h, T("Cases"), ["CaseCode", "Party", "Facilitator", "Added", "Closed"], T,
            x.CaseMemberships.Select(c => new[] { c.CaseCode, c.Party, c.IsFacilitator ? T("Yes") : "", When(c.AddedAt), When(c.CaseClosedAt) }));
        Section(h, T("Meetings"), ["Title", "Kind", "Start", "Status", "Role", "Attendance"], T,
            x.Meetings.Select(m => new[] { m.Title, m.Kind, When(m.ScheduledStart), m.Status, m.Role + (m.ProtocolRole is null ? "" : " / " + m.ProtocolRole) + (m.Organiser ? " · " + T("Organiser") : ""),
                m.Attendance + (m.AttendanceNote is null ? "" : " — " + m.AttendanceNote) }));
        Section(h, T("Positions"), ["CaseCode", "Party", "Visibility", "Text", "Updated"], T,
            x.Positions.Select(p => new[] { p.CaseCode ?? "", p.Party + (p.IsPersonVoice ? " · " + T("PersonVoice") : ""), p.Visibility,
                Join(p.Situation, p.ProposedOrientation, p.NeedsFromOthers, p.Concerns), When(p.UpdatedAt) }));
        Section(h, T("Handovers"), ["CaseCode", "Direction", "Text", "Created"], T,
            x.Handovers.Select(v => new[] { v.CaseCode ?? "", T(v.Direction), Join([v.Note, .. v.Messages.Select(m => (m.ByYou ? "› " : "‹ ") + m.Text)]), When(v.CreatedAt) }));
        Section(h, T("Decisions"), ["Meeting", "Text", "Recorded"], T, x.DecisionsRecorded.Select(d => new[] { d.RoomTitle, d.Text, When(d.RecordedAt) }));
        Section(h, T("Actions"), ["Meeting", "Text", "Due", "Status"], T,
            x.ActionsOwned.Select(v => new[] { v.RoomTitle, v.Text, v.DueDate?.ToString("d", Languages.Culture(language)) ?? "", v.Status }));
        Section(h, T("Ballots"), ["Meeting", "Question", "Choice", "Cast"], T,
            x.Ballots.Select(b => new[] { b.RoomTitle, b.Question, Join(b.Option, b.Reason, b.Data), When(b.UpdatedAt) }));
        Section(h, T("Notes"), ["Document", "Updates", "First", "Last"], T,
            x.NotesActivity.Select(n => new[] { n.Document, n.Updates.ToString(CultureInfo.InvariantCulture), When(n.First), When(n.Last) }));
        Section(h, T("Intervision"), ["Team"], T, x.IntervisionTeams.Select(t => new[] { t.Name }));
        Section(h, T("Acknowledgements"), ["Session", "Acknowledged"], T,
            x.IntervisionAcknowledgements.Select(v => new[] { v.SessionId.ToString(), When(v.AcknowledgedAt) }));
        Section(h, T("ExerciseCases"), ["CaseCode", "Title", "Created"], T, x.ExerciseCasesAuthored.Select(c => new[] { c.Code, c.Title, When(c.CreatedAt) }));
        Section(h, T("Immersion"), ["Campaign", "Choices", "Placement"], T,
            x.Immersion.Select(i => new[] { i.Campaign, i.RankedChoices.ToString(CultureInfo.InvariantCulture) + (i.Unavailable.Count == 0 ? "" : " · " + string.Join(", ", i.Unavailable)),
                i.PlacedAt is null ? "" : i.PlacedAt + " · " + i.PlacementDate?.ToString("d", Languages.Culture(language)) }));
        Section(h, T("Bookings"), ["Day", "Start", "Status", "Details"], T,
            x.DiscoveryBookings.Select(b => new[] { b.Day, When(b.DayStart), b.Status, Join(b.Name, b.Organisation, b.Email, b.Needs) }));
        Section(h, T("Feedback"), ["Questionnaire", "Submitted", "Answers"], T,
            x.FeedbackAnswers.Select(f => new[] { f.Questionnaire, When(f.SubmittedAt),
                Join([.. f.Answers.Select(q => q.Question + " — " + string.Join(" ", new[] { q.YesNo is { } yn ? (yn ? T("Yes") : T("No")) : null, q.Scale?.ToString(CultureInfo.InvariantCulture), q.Text }.Where(s => !string.IsNullOrEmpty(s))))]) }));
        Section(h, T("Invitations"), ["Title", "Start", "Response"], T,
            x.CalendarInvitations.Select(i => new[] { i.Title, When(i.Start), i.Response + (i.DeclineReason is null ? "" : " — " + i.DeclineReason) }));
        Section(h, T("Feeds"), ["Created", "Revoked"], T, x.CalendarFeeds.Select(f => new[] { When(f.CreatedAt), When(f.RevokedAt) }));
        Section(h, T("Mails"), ["Created", "Kind", "Subject", "Status"], T,
            x.MailsToYou.Select(m => new[] { When(m.CreatedAt), m.Kind, m.Subject ?? "", m.Status + (m.SentAt is null ? "" : " · " + When(m.SentAt)) }));
        Section(h, T("Audit"), ["At", "Action", "ByYou", "Target", "Details"], T,
            x.AuditEntries.Select(e => new[] { When(e.At), e.Action, e.ByYou ? T("Yes") : "", e.TargetType + (e.TargetId is null ? "" : " " + e.TargetId), e.Details ?? "" }));
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static string Join(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static void Section(StringBuilder h, string title, string[] headerKeys, Func<string, string> t, IEnumerable<string[]> rows)
    {
        h.Append("<h2>").Append(E(title)).Append("</h2>\n");
        var list = rows.ToList();
        if (list.Count == 0)
        {
            h.Append("<p class=\"empty\">").Append(E(t("Nothing"))).Append("</p>\n");
            return;
        }
        h.Append("<table><thead><tr>");
        foreach (var k in headerKeys) h.Append("<th>").Append(E(t("Col." + k))).Append("</th>");
        h.Append("</tr></thead><tbody>\n");
        foreach (var row in list)
        {
            h.Append("<tr>");
            foreach (var cell in row) h.Append("<td><pre>").Append(E(cell)).Append("</pre></td>");
            h.Append("</tr>\n");
        }
        h.Append("</tbody></table>\n");
    }

    // Only the five markup characters: accented letters stay readable in the file (it is UTF-8).
    private static string E(string? s) => (s ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}
