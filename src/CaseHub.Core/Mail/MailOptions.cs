using System.ComponentModel.DataAnnotations;

namespace CaseHub.Core.Mail;

public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Pickup (write .eml files to a folder) or Smtp.</summary>
    [Required, RegularExpression("^(Pickup|Smtp)$")]
    public string Transport { get; set; } = "Pickup";

    [Required]
    public string PickupDirectory { get; set; } = "data/mail-pickup";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "casehub@localhost";

    [Required]
    public string FromName { get; set; } = "CaseHub";

    public SmtpSettings Smtp { get; set; } = new();

    [Range(0.05, 3600)]
    public double PollIntervalSeconds { get; set; } = 5;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>First retry delay; doubles with each failure, capped at one hour.</summary>
    [Range(0.01, 3600)]
    public double RetryBaseSeconds { get; set; } = 30;

    /// <summary>How long a node may hold a claimed message before another node may take it.</summary>
    [Range(1, 3600)]
    public double ClaimSeconds { get; set; } = 120;
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "localhost";
    [Range(1, 65535)]
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    [RegularExpression("^(None|Auto|StartTls|StartTlsWhenAvailable|SslOnConnect)$")]
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
