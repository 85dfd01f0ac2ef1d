using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseHub.TestSupport;

/// <summary>
/// What an upgrade fixture (tests/fixtures/upgrade/&lt;version&gt;/) holds and what any later version must still show from
/// it: written by tests/CaseHub.UpgradeFixture after it filled a database through the app, read by the upgrade test.
/// Every check in it passed on the version that made the fixture (the maker runs them before writing the manifest).
/// </summary>
public sealed class UpgradeManifest
{
    public int Format { get; set; } = 1;
    /// <summary>The instant the maker finished; the upgrade test's clock starts there.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    public string AppVersion { get; set; } = "";
    public string Provider { get; set; } = "";
    public List<ManifestUser> Users { get; set; } = [];
    public List<ManifestRecord> Records { get; set; } = [];
    public List<PageCheck> Pages { get; set; } = [];
    public List<HubCheck> Hub { get; set; } = [];
    public List<NotesCheck> Notes { get; set; } = [];
    public List<FeedCheck> Feeds { get; set; } = [];
    public ManifestMails Mails { get; set; } = new();
    public ManifestAudit Audit { get; set; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static UpgradeManifest Load(string path)
        => JsonSerializer.Deserialize<UpgradeManifest>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException("empty manifest " + path);

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>An account; <see cref="Password"/> null for people who only sign in by e-mailed link.</summary>
public sealed record ManifestUser(string Email, string Name, List<string> Roles, string? Password);

/// <summary>One thing a user made (a case, a session, a campaign…): its ids, code or title, and its distinctive texts.</summary>
public sealed record ManifestRecord(string Kind, string Id, string Title, Dictionary<string, string> Ids, Dictionary<string, string> Texts,
    List<string> VisibleTo, List<string> HiddenFrom);

/// <summary>
/// A page as one user (null: anonymous) asks for it: the status, texts it must and must not show (HTML decoded), and
/// for a redirect where it leads.
/// </summary>
public sealed record PageCheck(string? As, string Url, int Status, List<string>? Contains = null, List<string>? NotContains = null,
    string? LocationContains = null, string? Why = null);

/// <summary>A room hub method (Join then Method(roomId)) as one user: its reply must (not) contain texts, or be refused.</summary>
public sealed record HubCheck(string As, string Method, string RoomId, bool Refused, List<string>? Contains = null, List<string>? NotContains = null,
    string? Why = null);

/// <summary>A live-notes document opened with the browser's provider as one user: its text, or a refusal.</summary>
public sealed record NotesCheck(string As, string DocKey, bool Refused, List<string>? Contains = null, string? Why = null);

/// <summary>A user's private calendar feed (the URL with its token, path only) and the events it served.</summary>
public sealed record FeedCheck(string Email, string Path, List<FeedEvent> Events);

public sealed record FeedEvent(string Uid, string Summary, DateTimeOffset? Start);

public sealed class ManifestMails
{
    /// <summary>Already delivered to the SMTP server when the fixture was made: must never be sent again.</summary>
    public List<ManifestMail> Sent { get; set; } = [];
    /// <summary>Still in the outbox (the SMTP server was down): must be delivered exactly once after the upgrade.</summary>
    public List<ManifestMail> Queued { get; set; } = [];
}

public sealed record ManifestMail(string Id, string MessageId, string To, string Subject, string Kind, string? DedupKey);

public sealed class ManifestAudit
{
    public int Entries { get; set; }
    /// <summary>Actions the trail must hold (case views, exports, changes made while filling).</summary>
    public List<string> Actions { get; set; } = [];
}
