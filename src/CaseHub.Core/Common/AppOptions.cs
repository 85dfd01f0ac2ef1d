using System.ComponentModel.DataAnnotations;

namespace CaseHub.Core.Common;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Absolute base of links in mails and calendar files (no trailing slash).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Seed demo organisations, users and meetings on first start, and print their passwords.</summary>
    public bool DemoMode { get; set; } = true;

    /// <summary>Name of this node in /healthz and logs when several run behind nginx (default: the machine name).</summary>
    public string? NodeName { get; set; }

    public string Link(string relative) => PublicBaseUrl.TrimEnd('/') + "/" + relative.TrimStart('/');
}
