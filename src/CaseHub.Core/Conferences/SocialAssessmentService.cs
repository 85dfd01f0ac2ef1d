using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>What an editor sends for a theme cell: the rating (one of the four, or empty for "not rated yet"), a short
/// text and the visibility (AllParticipants or CpasOnly). Strings, so a form, a hub call and a test are refused alike.</summary>
public sealed record GridThemeInput(string? Rating, string? Text, string? Visibility);

/// <summary>What an editor sends for an action cell.</summary>
public sealed record GridActionInput(string? Term, string? Owner, string? Text);

/// <summary>The room's signal that its case's grid changed (a cell, or who edits which cell): only the room id, never
/// content. Each client then asks for its own <see cref="CaseGridView"/>, filtered for it.</summary>
public sealed record CaseGridChanged(Guid RoomId) : RoomFeatureChange;

/// <summary>The grid as one reader may see it: always the eight themes, in order.</summary>
/// <param name="CanEdit">This reader may change cells now (CPAS staff on the case page; everyone in the room's grid phase).</param>
/// <param name="Live">Seen from a room whose grid phase is on.</param>
public sealed record CaseGridView(Guid CaseId, bool CanEdit, bool Live, bool IsCpas, IReadOnlyList<GridThemeView> Themes, IReadOnlyList<GridEditorView> Editors);

/// <param name="Present">The theme is part of the grid (ticked, rated, written or with actions).</param>
/// <param name="Restricted">Present, but reserved to CPAS staff: this reader gets neither its content nor its actions.</param>
public sealed record GridThemeView(string Theme, bool Present, bool Restricted, string? Rating, string? Text, string Visibility, int Version,
    string? UpdatedBy, DateTimeOffset? UpdatedAt, IReadOnlyList<GridActionView> Actions);

public sealed record GridActionView(Guid Id, string Term, string Owner, string Text, int Version, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>Someone editing a cell ("theme:Health", "action:{id}", "add:Health" for a new action).</summary>
public sealed record GridEditorView(string Cell, Guid UserId, string Name);

/// <summary>One accepted change, as a reader may see it.</summary>
public sealed record GridHistoryView(DateTimeOffset At, string Who, string Theme, string Kind, string? Rating, string? Text, string? Term, string? Owner,
    string Visibility, int Version);

/// <summary>A theme of the grid as it stood at an instant (minutes of a past conference).</summary>
public sealed record GridSnapshotTheme(SocialTheme Theme, GridRating? Rating, string? Text, Visibility Visibility, IReadOnlyList<GridSnapshotAction> Actions);

public sealed record GridSnapshotAction(ActionTerm Term, ActionOwner Owner, string Text);

/// <summary>The grid's input rules, the same for the case page, the room and the tests.</summary>
public static class GridRules
{
    /// <summary>The room phase (in the case-conference protocol) during which everyone in the room fills the grid.</summary>
    public const string Phase = "assessment";

    /// <summary>How long "X is editing" lasts without being renewed (the room's client renews it while typing).</summary>
    public static readonly TimeSpan EditingFor = TimeSpan.FromSeconds(45);

    public static SocialTheme ParseTheme(string? value)
        => TryParse<SocialTheme>(value, out var t) ? t : throw new DomainException("Conference.Error.GridTheme") { Field = "Theme" };

    /// <summary>Null for "not rated yet" (empty); anything but the four ratings is refused.</summary>
    public static GridRating? ParseRating(string? value)
        => string.IsNullOrWhiteSpace(value) ? null
            : TryParse<GridRating>(value, out var r) ? r : throw new DomainException("Conference.Error.GridRating") { Field = "Rating" };

    public static ActionTerm ParseTerm(string? value)
        => TryParse<ActionTerm>(value, out var t) ? t : throw new DomainException("Conference.Error.GridTerm") { Field = "Term" };

    /// <summary>Every action has an owner: the person, the CPAS or a partner.</summary>
    public static ActionOwner ParseOwner(string? value)
        => TryParse<ActionOwner>(value, out var o) ? o : throw new DomainException("Conference.Error.GridActionOwner") { Field = "Owner" };

    /// <summary>A grid cell is for every participant or for CPAS staff only; a partner cannot reserve a cell to the CPAS
    /// (they would lose it). Null keeps <paramref name="current"/>.</summary>
    public static Visibility ParseVisibility(string? value, Visibility current, bool isCpas)
    {
        if (string.IsNullOrWhiteSpace(value)) return current;
        if (!TryParse<Visibility>(value, out var v) || v == Visibility.AuthorAndFacilitator)
            throw new DomainException("Conference.Error.GridVisibility") { Field = "Visibility" };
        if (v == Visibility.CpasOnly && !isCpas) throw new DomainException("Conference.Error.GridVisibilityPartner") { Field = "Visibility" };
        return v;
    }

    /// <summary>A new cell is reserved to CPAS staff unless a partner writes it (secret professionnel by default).</summary>
    public static Visibility DefaultVisibility(bool isCpas) => isCpas ? Visibility.CpasOnly : Visibility.AllParticipants;

    /// <summary>A partner's action cannot sit in a theme the partners cannot read.</summary>
    public static void CheckPartnerAction(Visibility themeVisibility, ActionOwner owner)
    {
        if (themeVisibility == Visibility.CpasOnly && owner == ActionOwner.Partner)
            throw new DomainException("Conference.Error.GridPartnerActionHidden") { Field = "Owner" };
    }

    public static string ThemeCell(SocialTheme t) => "theme:" + t;
    public static string ActionCell(Guid id) => "action:" + id.ToString("D");
    public static string AddCell(SocialTheme t) => "add:" + t;

    /// <summary>A cell key sent by a client, or a refusal.</summary>
    public static (string Kind, SocialTheme? Theme, Guid? Action) ParseCell(string value)
    {
        var parts = value.Split(':', 2);
        if (parts.Length == 2 && parts[0] is "theme" or "add" && TryParse<SocialTheme>(parts[1], out var theme)) return (parts[0], theme, null);
        if (parts.Length == 2 && parts[0] == "action" && Guid.TryParse(parts[1], out var id) && id != Guid.Empty) return ("action", null, id);
        throw new DomainException("Conference.Error.GridCell");
    }

    private static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrWhiteSpace(value) && value.Length <= 40 && !value.Trim().All(c => char.IsDigit(c) || c == '-')
               && Enum.TryParse(value.Trim(), ignoreCase: true, out result) && Enum.IsDefined(result);
    }
}

/// <summary>
/// The social assessment grid (bilan social) of a case, filled together. Every cell (a theme, an action) carries a
/// version: an edit says which version it was made on, and one made on an older version is refused with the name of
/// who changed it meanwhile (the editor then sees their text and the other's), so concurrent edits of different cells
/// all land and concurrent edits of one cell are never silently lost. Each accepted change is kept in the history and
/// signalled to the case's live rooms (content-free, through <see cref="IRoomBroadcaster.FeatureAsync"/>); what each
/// reader gets goes through <see cref="VisibilityRules"/> (a partner never receives a CPAS-only cell).
/// <para>CPAS staff on the case edit it from the case page at any time; in a live conference the grid phase opens it to
/// every participant of the room, partners included.</para>
/// </summary>
public sealed class SocialAssessmentService(CaseHubDbContext db, CaseService cases, People people, IRoomBroadcaster broadcaster, Audit.AuditLog audit, TimeProvider clock)
{
    private sealed record Access(Viewer Viewer, bool Live);

    /// <summary>The caller's right to edit the grid now: from a room (its grid phase is on and they sit in it) or as CPAS staff.</summary>
    private async Task<Access> EditAccessAsync(Guid caseId, Guid userId, Guid? roomId, CancellationToken ct)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        if (roomId is { } rid)
        {
            if (!await IsGridPhaseAsync(caseId, rid, userId, ct)) throw new DomainException("Conference.Error.GridClosed");
            return new Access(viewer, true);
        }
        if (!viewer.IsCpas) throw new DomainException("Conference.Error.GridPartnerLive") { IsForbidden = true };
        return new Access(viewer, false);
    }

    /// <summary>Whether <paramref name="roomId"/> is a live conference room of the case, in its grid phase, with the user in it
    /// (a room of another case, or one they are not in, is "not found").</summary>
    private async Task<bool> IsGridPhaseAsync(Guid caseId, Guid roomId, Guid userId, CancellationToken ct)
    {
        var room = await RoomOfCaseAsync(caseId, roomId, userId, ct);
        if (room.Status != RoomStatus.Live) return false;
        var index = RoomLiveState.Deserialize(room.StateJson).PhaseIndex;
        if (index < 0) return false;
        var key = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.Order).Select(p => p.TemplateKey).Skip(index).FirstOrDefaultAsync(ct);
        return key == GridRules.Phase;
    }

    private async Task<Room> RoomOfCaseAsync(Guid caseId, Guid roomId, Guid userId, CancellationToken ct)
    {
        var room = await (from c in db.Conferences.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on c.RoomId equals r.Id
                          where c.CaseId == caseId && r.Id == roomId
                          select r).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound();
        if (!await db.RoomParticipants.AnyAsync(p => p.RoomId == roomId && p.UserId == userId, ct)) throw DomainException.NotFound();
        return room;
    }

    /// <summary>The case of a conference room.</summary>
    public async Task<Guid> CaseOfRoomAsync(Guid roomId, CancellationToken ct = default)
        => await db.Conferences.AsNoTracking().Where(c => c.RoomId == roomId).Select(c => (Guid?)c.CaseId).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound();

    /// <summary>The case of a conference room whose participant and case member <paramref name="userId"/> is (else "not found").</summary>
    public async Task<Guid> CaseForMemberAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var caseId = await CaseOfRoomAsync(roomId, ct);
        await cases.RequireMemberAsync(caseId, userId, ct);
        await RoomOfCaseAsync(caseId, roomId, userId, ct);
        return caseId;
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /// <summary>The grid for <paramref name="userId"/>; from a room when <paramref name="roomId"/> is given.</summary>
    public async Task<CaseGridView> ViewAsync(Guid caseId, Guid userId, Guid? roomId = null, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var live = false;
        if (roomId is { } rid) live = await IsGridPhaseAsync(caseId, rid, userId, ct);
        var rows = await db.CaseGridThemes.AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(ct);
        var actions = await db.CaseGridActions.AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var editors = await db.CaseGridEditors.AsNoTracking().Where(e => e.CaseId == caseId && e.Until > now).ToListAsync(ct);
        var names = await people.NamesAsync(rows.Select(r => r.UpdatedBy).Concat(actions.Select(a => a.UpdatedBy)).Concat(editors.Select(e => e.UserId)), ct);
        string Name(Guid id) => names.GetValueOrDefault(id, "—");

        var themes = new List<GridThemeView>();
        foreach (var theme in Enum.GetValues<SocialTheme>())
        {
            var row = rows.FirstOrDefault(r => r.Theme == theme);
            if (row is null)
            {
                themes.Add(new GridThemeView(theme.ToString(), false, false, null, null, GridRules.DefaultVisibility(viewer.IsCpas).ToString(), 0, null, null, []));
                continue;
            }
            if (!VisibilityRules.CanSeeShared(row.Visibility, viewer))
            {
                themes.Add(new GridThemeView(theme.ToString(), true, true, null, null, row.Visibility.ToString(), row.Version, null, null, []));
                continue;
            }
            var list = actions.Where(a => a.Theme == theme).OrderBy(a => a.Term).ThenBy(a => a.CreatedAt)
                .Select(a => new GridActionView(a.Id, a.Term.ToString(), a.Owner.ToString(), a.Text, a.Version, Name(a.UpdatedBy), a.UpdatedAt)).ToList();
            themes.Add(new GridThemeView(theme.ToString(), true, false, row.Rating?.ToString(), row.Text, row.Visibility.ToString(), row.Version,
                Name(row.UpdatedBy), row.UpdatedAt, list));
        }
        // Who edits what, only for cells this reader may see.
        var visibleThemes = themes.Where(t => !t.Restricted).Select(t => t.Theme).ToHashSet();
        var actionTheme = actions.ToDictionary(a => a.Id, a => a.Theme.ToString());
        var who = editors.Where(e => EditorVisible(e.Cell, visibleThemes, actionTheme))
            .OrderBy(e => e.Cell, StringComparer.Ordinal).Select(e => new GridEditorView(e.Cell, e.UserId, Name(e.UserId))).ToList();
        return new CaseGridView(caseId, roomId is null ? viewer.IsCpas : live, live, viewer.IsCpas, themes, who);
    }

    private static bool EditorVisible(string cell, HashSet<string> visibleThemes, Dictionary<Guid, string> actionTheme)
    {
        var parts = cell.Split(':', 2);
        if (parts.Length != 2) return false;
        if (parts[0] == "action") return Guid.TryParse(parts[1], out var id) && actionTheme.TryGetValue(id, out var t) && visibleThemes.Contains(t);
        return visibleThemes.Contains(parts[1]);
    }

    /// <summary>The grid of the case's conference room (the hub's entry point).</summary>
    public async Task<CaseGridView> ViewByRoomAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => await ViewAsync(await CaseOfRoomAsync(roomId, ct), userId, roomId, ct);

    /// <summary>
    /// Who changed what, newest first, as <paramref name="userId"/> may see it: an entry of a theme is hidden from a
    /// reader who could not read it then, or who cannot read the theme as it was made since (a cell later reserved to
    /// CPAS staff takes its past with it).
    /// </summary>
    public async Task<List<GridHistoryView>> HistoryAsync(Guid caseId, Guid userId, int take = 200, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var rows = await db.CaseGridChanges.AsNoTracking().Where(c => c.CaseId == caseId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var current = await db.CaseGridThemes.AsNoTracking().Where(t => t.CaseId == caseId).ToDictionaryAsync(t => t.Theme, t => t.Visibility, ct);
        var visible = VisibleChanges(rows, current, viewer).Take(take).ToList();
        var names = await people.NamesAsync(visible.Select(v => v.UserId), ct);
        return visible.Select(c => new GridHistoryView(c.At, names.GetValueOrDefault(c.UserId, "—"), c.Theme.ToString(), c.Kind.ToString(), c.Rating?.ToString(),
            c.Text, c.Term?.ToString(), c.Owner?.ToString(), c.Visibility.ToString(), c.Version)).ToList();
    }

    /// <summary>Changes (newest first) the reader may see: walking back in time per theme, once the theme was (or is now)
    /// reserved to CPAS staff, nothing older of it reaches a reader who may not read such a cell.</summary>
    private static IEnumerable<GridChange> VisibleChanges(List<GridChange> newestFirst, Dictionary<SocialTheme, Visibility> current, Viewer viewer)
    {
        var hidden = new HashSet<SocialTheme>(current.Where(c => !VisibilityRules.CanSeeShared(c.Value, viewer)).Select(c => c.Key));
        foreach (var c in newestFirst)
        {
            if (!VisibilityRules.CanSeeShared(c.Visibility, viewer)) hidden.Add(c.Theme);
            if (!hidden.Contains(c.Theme)) yield return c;
        }
    }

    /// <summary>
    /// The grid as it stood at <paramref name="asOf"/> (null: now; rebuilt from the history), as <paramref name="viewer"/>
    /// may read it: a theme reserved to CPAS staff then or since is left out for a reader who may not read it.
    /// </summary>
    public async Task<List<GridSnapshotTheme>> AsOfAsync(Guid caseId, DateTimeOffset? asOf, Viewer viewer, CancellationToken ct = default)
    {
        var at = asOf ?? clock.GetUtcNow();
        var changes = await db.CaseGridChanges.AsNoTracking().Where(c => c.CaseId == caseId && c.At <= at).OrderBy(c => c.Id).ToListAsync(ct);
        var current = await db.CaseGridThemes.AsNoTracking().Where(t => t.CaseId == caseId).ToDictionaryAsync(t => t.Theme, t => t.Visibility, ct);
        var laterRestricted = (await db.CaseGridChanges.AsNoTracking().Where(c => c.CaseId == caseId && c.At > at && c.Visibility == Visibility.CpasOnly)
            .Select(c => c.Theme).Distinct().ToListAsync(ct)).ToHashSet();
        var themes = new Dictionary<SocialTheme, GridChange>();
        var actions = new Dictionary<Guid, GridChange>();
        foreach (var c in changes)
        {
            switch (c.Kind)
            {
                case GridChangeKind.ThemeSaved: themes[c.Theme] = c; break;
                case GridChangeKind.ThemeRemoved: themes.Remove(c.Theme); break;
                case GridChangeKind.ActionSaved: actions[c.ActionId!.Value] = c; break;
                case GridChangeKind.ActionRemoved: actions.Remove(c.ActionId!.Value); break;
            }
        }
        return themes.Values.OrderBy(t => t.Theme)
            .Where(t => VisibilityRules.CanSeeShared(t.Visibility, viewer) && !(laterRestricted.Contains(t.Theme) && !VisibilityRules.CanSeeShared(Visibility.CpasOnly, viewer))
                        && (!current.TryGetValue(t.Theme, out var now) || VisibilityRules.CanSeeShared(now, viewer)))
            .Select(t => new GridSnapshotTheme(t.Theme, t.Rating, t.Text, t.Visibility,
                actions.Values.Where(a => a.Theme == t.Theme).OrderBy(a => a.Term).ThenBy(a => a.Id)
                    .Select(a => new GridSnapshotAction(a.Term!.Value, a.Owner!.Value, a.Text ?? "")).ToList()))
            .ToList();
    }

    // ---- editing -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Saves a theme cell made on <paramref name="seenVersion"/> (0: the theme was not in the grid yet). Returns the new
    /// version. Refused with "changed meanwhile" (naming who) when the cell moved on since.
    /// </summary>
    public async Task<int> SaveThemeAsync(Guid caseId, Guid userId, SocialTheme theme, int seenVersion, GridThemeInput input, Guid? roomId = null, CancellationToken ct = default)
    {
        var access = await EditAccessAsync(caseId, userId, roomId, ct);
        if (!Enum.IsDefined(theme)) throw new DomainException("Conference.Error.GridTheme") { Field = "Theme" };
        var rating = GridRules.ParseRating(input.Rating);
        var text = Validation.RequireText(input.Text, GridThemeEntry.TextMaxLength, "Text", required: false);
        text = await cases.CheckPiiAsync(text, "Text", true, ct);
        var row = await db.CaseGridThemes.AsNoTracking().FirstOrDefaultAsync(t => t.CaseId == caseId && t.Theme == theme, ct);
        if (row is not null && !VisibilityRules.CanSeeShared(row.Visibility, access.Viewer)) throw new DomainException("Conference.Error.GridRestricted") { IsForbidden = true };
        var visibility = GridRules.ParseVisibility(input.Visibility, row?.Visibility ?? GridRules.DefaultVisibility(access.Viewer.IsCpas), access.Viewer.IsCpas);
        if (visibility == Visibility.CpasOnly && await db.CaseGridActions.AnyAsync(a => a.CaseId == caseId && a.Theme == theme && a.Owner == ActionOwner.Partner, ct))
            throw new DomainException("Conference.Error.GridPartnerActionHidden") { Field = "Visibility" };
        if ((row?.Version ?? 0) != seenVersion) throw await StaleAsync(row?.UpdatedBy ?? await LastEditorAsync(caseId, theme, ct), ct);

        var now = clock.GetUtcNow();
        var version = seenVersion + 1;
        var value = text.Length == 0 ? null : text;
        if (row is null)
        {
            db.CaseGridThemes.Add(new GridThemeEntry { CaseId = caseId, Theme = theme, Rating = rating, Text = value, Visibility = visibility, Version = 1, UpdatedBy = userId, UpdatedAt = now });
            History(caseId, theme, null, GridChangeKind.ThemeSaved, 1, rating, value, null, null, visibility, userId, now);
            await SaveOrStaleAsync(() => db.CaseGridThemes.AsNoTracking().Where(t => t.CaseId == caseId && t.Theme == theme).Select(t => (Guid?)t.UpdatedBy).FirstOrDefaultAsync(ct), ct);
        }
        else
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var updated = await db.CaseGridThemes.Where(t => t.CaseId == caseId && t.Theme == theme && t.Version == seenVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Rating, rating).SetProperty(t => t.Text, value).SetProperty(t => t.Visibility, visibility)
                    .SetProperty(t => t.Version, version).SetProperty(t => t.UpdatedBy, userId).SetProperty(t => t.UpdatedAt, now), ct);
            if (updated == 0) throw await StaleAsync(await LastEditorAsync(caseId, theme, ct), ct);
            History(caseId, theme, null, GridChangeKind.ThemeSaved, version, rating, value, null, null, visibility, userId, now);
            // The history keeps every change; the audit trail keeps who widened or narrowed who may read a cell.
            if (visibility != row.Visibility) audit.Record(db, userId, "Conferences.GridVisibilityChanged", "Case", caseId, $"theme={theme} visibility={visibility}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await SignalAsync(caseId, ct);
        return version;
    }

    /// <summary>Takes a theme (and its actions) out of the grid, if nobody changed it since <paramref name="seenVersion"/>.</summary>
    public async Task RemoveThemeAsync(Guid caseId, Guid userId, SocialTheme theme, int seenVersion, Guid? roomId = null, CancellationToken ct = default)
    {
        var access = await EditAccessAsync(caseId, userId, roomId, ct);
        var row = await db.CaseGridThemes.AsNoTracking().FirstOrDefaultAsync(t => t.CaseId == caseId && t.Theme == theme, ct)
                  ?? throw await StaleAsync(await LastEditorAsync(caseId, theme, ct), ct);
        if (!VisibilityRules.CanSeeShared(row.Visibility, access.Viewer)) throw new DomainException("Conference.Error.GridRestricted") { IsForbidden = true };
        if (row.Version != seenVersion) throw await StaleAsync(row.UpdatedBy, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.CaseGridThemes.Where(t => t.CaseId == caseId && t.Theme == theme && t.Version == seenVersion).ExecuteDeleteAsync(ct) == 0)
            throw await StaleAsync(await LastEditorAsync(caseId, theme, ct), ct);
        var actions = await db.CaseGridActions.AsNoTracking().Where(a => a.CaseId == caseId && a.Theme == theme).ToListAsync(ct);
        await db.CaseGridActions.Where(a => a.CaseId == caseId && a.Theme == theme).ExecuteDeleteAsync(ct);
        foreach (var a in actions) History(caseId, theme, a.Id, GridChangeKind.ActionRemoved, a.Version + 1, null, null, a.Term, a.Owner, row.Visibility, userId, now);
        History(caseId, theme, null, GridChangeKind.ThemeRemoved, seenVersion + 1, null, null, null, null, row.Visibility, userId, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await SignalAsync(caseId, ct);
    }

    /// <summary>
    /// Adds (<paramref name="seenVersion"/> 0, <paramref name="actionId"/> chosen by the client: a re-sent add is harmless)
    /// or changes an action of <paramref name="theme"/>. Adding to a theme not yet in the grid adds the theme (unrated).
    /// Returns the action's new version.
    /// </summary>
    public async Task<int> SaveActionAsync(Guid caseId, Guid userId, Guid actionId, SocialTheme theme, int seenVersion, GridActionInput input, Guid? roomId = null, CancellationToken ct = default)
    {
        var access = await EditAccessAsync(caseId, userId, roomId, ct);
        if (actionId == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (!Enum.IsDefined(theme)) throw new DomainException("Conference.Error.GridTheme") { Field = "Theme" };
        var term = GridRules.ParseTerm(input.Term);
        var owner = GridRules.ParseOwner(input.Owner);
        var text = Validation.RequireText(input.Text, GridAction.TextMaxLength, "ActionText");
        text = await cases.CheckPiiAsync(text, "ActionText", true, ct);

        for (var attempt = 0; ; attempt++)
        {
            var row = await db.CaseGridThemes.AsNoTracking().FirstOrDefaultAsync(t => t.CaseId == caseId && t.Theme == theme, ct);
            if (row is not null && !VisibilityRules.CanSeeShared(row.Visibility, access.Viewer)) throw new DomainException("Conference.Error.GridRestricted") { IsForbidden = true };
            var visibility = row?.Visibility ?? GridRules.DefaultVisibility(access.Viewer.IsCpas);
            GridRules.CheckPartnerAction(visibility, owner);
            var existing = await db.CaseGridActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId, ct);
            if (existing is not null && existing.CaseId != caseId) throw DomainException.NotFound();
            if (existing is null && seenVersion != 0) throw await StaleAsync(await LastEditorAsync(caseId, theme, ct, actionId), ct); // removed meanwhile
            if (existing is not null && existing.Theme != theme) throw new DomainException("Conference.Error.GridTheme") { Field = "Theme" };
            if (existing is not null && seenVersion == 0 && existing.Text == text && existing.Term == term && existing.Owner == owner) return existing.Version; // re-sent add
            if (existing is not null && existing.Version != seenVersion) throw await StaleAsync(existing.UpdatedBy, ct);

            var now = clock.GetUtcNow();
            var version = seenVersion + 1;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (row is null)
                {
                    // The theme joins the grid with its first action (not rated yet).
                    db.CaseGridThemes.Add(new GridThemeEntry { CaseId = caseId, Theme = theme, Visibility = visibility, Version = 1, UpdatedBy = userId, UpdatedAt = now });
                    History(caseId, theme, null, GridChangeKind.ThemeSaved, 1, null, null, null, null, visibility, userId, now);
                }
                if (existing is null)
                    db.CaseGridActions.Add(new GridAction { Id = actionId, CaseId = caseId, Theme = theme, Term = term, Owner = owner, Text = text, Version = 1, CreatedBy = userId, CreatedAt = now, UpdatedBy = userId, UpdatedAt = now });
                else if (await db.CaseGridActions.Where(a => a.Id == actionId && a.Version == seenVersion)
                             .ExecuteUpdateAsync(s => s.SetProperty(a => a.Term, term).SetProperty(a => a.Owner, owner).SetProperty(a => a.Text, text)
                                 .SetProperty(a => a.Version, version).SetProperty(a => a.UpdatedBy, userId).SetProperty(a => a.UpdatedAt, now), ct) == 0)
                    throw await StaleAsync(await LastEditorAsync(caseId, theme, ct, actionId), ct);
                History(caseId, theme, actionId, GridChangeKind.ActionSaved, version, null, text, term, owner, visibility, userId, now);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                await SignalAsync(caseId, ct);
                return version;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Someone added the theme (or this very action) at the same moment: look again once. Another cell's
                // change never makes this one fail.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                throw await StaleAsync(await LastEditorAsync(caseId, theme, ct, actionId), ct);
            }
        }
    }

    public async Task RemoveActionAsync(Guid caseId, Guid userId, Guid actionId, int seenVersion, Guid? roomId = null, CancellationToken ct = default)
    {
        var access = await EditAccessAsync(caseId, userId, roomId, ct);
        var action = await db.CaseGridActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId && a.CaseId == caseId, ct)
                     ?? throw await StaleAsync(await LastEditorAsync(caseId, null, ct, actionId), ct);
        var row = await db.CaseGridThemes.AsNoTracking().FirstAsync(t => t.CaseId == caseId && t.Theme == action.Theme, ct);
        if (!VisibilityRules.CanSeeShared(row.Visibility, access.Viewer)) throw new DomainException("Conference.Error.GridRestricted") { IsForbidden = true };
        if (action.Version != seenVersion) throw await StaleAsync(action.UpdatedBy, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.CaseGridActions.Where(a => a.Id == actionId && a.Version == seenVersion).ExecuteDeleteAsync(ct) == 0)
            throw await StaleAsync(await LastEditorAsync(caseId, action.Theme, ct, actionId), ct);
        History(caseId, action.Theme, actionId, GridChangeKind.ActionRemoved, seenVersion + 1, null, null, action.Term, action.Owner, row.Visibility, userId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await SignalAsync(caseId, ct);
    }

    /// <summary>
    /// "I am editing this cell" (null: "I stopped") from a room whose grid phase is on; renewed by the client while the
    /// person types, it lapses after <see cref="GridRules.EditingFor"/>. The room is told only when the cell changes.
    /// </summary>
    public async Task SetEditingAsync(Guid roomId, Guid userId, string? cell, CancellationToken ct = default)
    {
        var caseId = await CaseOfRoomAsync(roomId, ct);
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        if (!await IsGridPhaseAsync(caseId, roomId, userId, ct)) throw new DomainException("Conference.Error.GridClosed");
        var now = clock.GetUtcNow();
        var mine = await db.CaseGridEditors.FirstOrDefaultAsync(e => e.CaseId == caseId && e.UserId == userId, ct);
        if (string.IsNullOrEmpty(cell))
        {
            if (mine is null) return;
            db.CaseGridEditors.Remove(mine);
            await db.SaveChangesAsync(ct);
            await SignalAsync(caseId, ct);
            return;
        }
        if (cell.Length > GridEditor.CellMaxLength) throw new DomainException("Conference.Error.GridCell");
        var (kind, theme, actionId) = GridRules.ParseCell(cell);
        if (kind == "action")
            theme = await db.CaseGridActions.AsNoTracking().Where(a => a.Id == actionId && a.CaseId == caseId).Select(a => (SocialTheme?)a.Theme).FirstOrDefaultAsync(ct)
                    ?? throw new DomainException("Conference.Error.GridCell");
        var visibility = await db.CaseGridThemes.AsNoTracking().Where(t => t.CaseId == caseId && t.Theme == theme).Select(t => (Visibility?)t.Visibility).FirstOrDefaultAsync(ct);
        if (visibility is { } v && !VisibilityRules.CanSeeShared(v, viewer)) throw new DomainException("Conference.Error.GridRestricted") { IsForbidden = true };
        var changed = mine?.Cell != cell || mine.Until <= now;
        if (mine is null) db.CaseGridEditors.Add(new GridEditor { CaseId = caseId, UserId = userId, Cell = cell, Until = now + GridRules.EditingFor });
        else
        {
            mine.Cell = cell;
            mine.Until = now + GridRules.EditingFor;
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); return; } // the same person from two tabs at once: one wins
        if (changed) await SignalAsync(caseId, ct);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void History(Guid caseId, SocialTheme theme, Guid? actionId, GridChangeKind kind, int version, GridRating? rating, string? text,
        ActionTerm? term, ActionOwner? owner, Visibility visibility, Guid userId, DateTimeOffset at)
        => db.CaseGridChanges.Add(new GridChange
        {
            CaseId = caseId, Theme = theme, ActionId = actionId, Kind = kind, Version = version, Rating = rating, Text = text, Term = term, Owner = owner,
            Visibility = visibility, UserId = userId, At = at,
        });

    private async Task SaveOrStaleAsync(Func<Task<Guid?>> winner, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two people added the same theme at once: the second is told, like any other stale edit.
            db.ChangeTracker.Clear();
            throw await StaleAsync(await winner(), ct);
        }
    }

    /// <summary>Who changed the cell last (from the history, so a removed cell names its remover).</summary>
    private Task<Guid?> LastEditorAsync(Guid caseId, SocialTheme? theme, CancellationToken ct, Guid? actionId = null)
    {
        var q = db.CaseGridChanges.AsNoTracking().Where(c => c.CaseId == caseId);
        q = actionId is { } id ? q.Where(c => c.ActionId == id) : q.Where(c => c.Theme == theme && c.ActionId == null);
        return q.OrderByDescending(c => c.Id).Select(c => (Guid?)c.UserId).FirstOrDefaultAsync(ct);
    }

    /// <summary>"Changed meanwhile by {name}": the editor keeps their text and is shown the cell as it is now.</summary>
    private async Task<DomainException> StaleAsync(Guid? by, CancellationToken ct)
    {
        var name = by is { } id ? (await people.NamesAsync([id], ct)).GetValueOrDefault(id) : null;
        return new DomainException("Conference.Error.GridStale", name ?? "—");
    }

    /// <summary>Tells the case's live rooms that the grid changed (no content: each client fetches its own view).</summary>
    private async Task SignalAsync(Guid caseId, CancellationToken ct)
    {
        var rooms = await db.Conferences.AsNoTracking().Where(c => c.CaseId == caseId)
            .Join(db.Rooms, c => c.RoomId, r => r.Id, (c, r) => r).Where(r => r.Status == RoomStatus.Live).Select(r => r.Id).ToListAsync(ct);
        foreach (var roomId in rooms) await broadcaster.FeatureAsync(roomId, new CaseGridChanged(roomId));
    }
}
