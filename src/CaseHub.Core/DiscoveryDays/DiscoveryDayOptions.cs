using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>Settings of discovery days (section "DiscoveryDays").</summary>
public sealed class DiscoveryDayOptions : IValidatableObject
{
    public const string Section = "DiscoveryDays";

    /// <summary>Reminders before the day, in days, comma-separated ("7,1"; decimals allowed: "0.5" = 12 hours). Empty: none.</summary>
    public string ReminderDaysBefore { get; set; } = "7,1";

    /// <summary>The "still coming?" mail goes this many days before the day (0: never).</summary>
    [Range(0, 60)] public double StillComingDaysBefore { get; set; } = 3;

    /// <summary>The feedback questionnaire goes this many hours after the end of the day.</summary>
    [Range(0, 24 * 14)] public double FeedbackDelayHours { get; set; } = 2;

    /// <summary>Days after the day when the questionnaire closes.</summary>
    [Range(1, 365)] public int FeedbackOpenDays { get; set; } = 30;

    /// <summary>Bookings (names, addresses, needs) are deleted this many days after the day.</summary>
    [Range(1, 3650)] public int PurgeAfterDays { get; set; } = 365;

    /// <summary>Bookings one e-mail address may make per hour, across all days and all nodes.</summary>
    [Range(1, 1000)] public int MaxBookingsPerEmailPerHour { get; set; } = 5;

    /// <summary>Time-limited offers: the window is never longer than this share of the time left before the day…</summary>
    [Range(0.01, 1)] public double OfferShareOfTimeLeft { get; set; } = 0.25;

    /// <summary>…and when it would be shorter than this many hours, the seat is given at once instead.</summary>
    [Range(0, 72)] public double OfferMinimumHours { get; set; } = 1;

    /// <summary>Check-in opens this many hours before the day starts (the evening before, for a morning day)…</summary>
    [Range(0, 48)] public double CheckInOpensHoursBefore { get; set; } = 12;

    /// <summary>…and closes this many hours after it ends (late corrections), so a list is never ticked weeks ahead.</summary>
    [Range(0, 24 * 7)] public double CheckInClosesHoursAfter { get; set; } = 24;

    /// <summary>How often the background job (offers, reminders, feedback, purge) runs on each node.</summary>
    [Range(1, 3600)] public double JobIntervalSeconds { get; set; } = 60;

    public IReadOnlyList<TimeSpan> ReminderOffsets => ParseDays(ReminderDaysBefore) ?? [];

    public TimeSpan StillComingOffset => TimeSpan.FromDays(StillComingDaysBefore);

    private static List<TimeSpan>? ParseDays(string? value)
    {
        var result = new List<TimeSpan>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days <= 0 || days > 60) return null;
            result.Add(TimeSpan.FromDays(days));
        }
        return result.Distinct().OrderByDescending(t => t).ToList();
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseDays(ReminderDaysBefore) is null)
            yield return new ValidationResult("ReminderDaysBefore must be a comma-separated list of numbers of days between 0 and 60, e.g. \"7,1\".", [nameof(ReminderDaysBefore)]);
    }
}
