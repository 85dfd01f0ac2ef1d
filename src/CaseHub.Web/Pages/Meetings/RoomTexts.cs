using System.Text.Json;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>The texts the room script shows, in the reader's language, embedded as a JSON data block (never executed).</summary>
public static class RoomTexts
{
    private static readonly string[] ExtraKeys =
    [
        "Rooms.Role.Chair", "Rooms.Role.CoChair", "Rooms.Role.Participant", "Rooms.Role.Observer", "Rooms.ProtocolRole.rapporteur",
        "Rooms.Attendance.Unknown", "Rooms.Attendance.Present", "Rooms.Attendance.Excused", "Rooms.Attendance.Absent",
        "Rooms.Status.Scheduled", "Rooms.Status.Live", "Rooms.Status.Closed", "Rooms.Status.Cancelled", "Common.Cancel", "Common.Delete",
        "Text.Labelled", "Text.LabelColon",
    ];

    /// <param name="extraKeys">keys a feature's live view adds (e.g. the committee page's announcements).</param>
    public static string Json(TextCatalog texts, Protocol protocol, params string[] extraKeys)
    {
        var keys = texts.Keys.Where(k => k.StartsWith("Room.UI.", StringComparison.Ordinal) || k.StartsWith("Notes.", StringComparison.Ordinal))
            .Concat(ExtraKeys).Concat(extraKeys).Concat(protocol.Phases.Select(p => p.NameKey)).Distinct();
        // "</" is escaped so a text can never close the surrounding <script type="application/json"> block.
        return JsonSerializer.Serialize(keys.ToDictionary(k => k, k => texts[k])).Replace("</", "<\\/");
    }
}
