using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <param name="ServiceId">The CPAS service following the case (one of the organisation's services).</param>
public sealed record CaseInput(string? Code, Guid? ServiceId, string? Summary)
{
    /// <summary>On creation only: the themes of the social assessment grid the case starts with (present, not rated yet).</summary>
    public IReadOnlyCollection<SocialTheme> Themes { get; init; } = [];

    /// <summary>Current orientation key (one of the offered orientations); null or empty: none agreed yet.</summary>
    public string? Orientation { get; init; }

    /// <summary>The author confirmed that low-confidence findings (a lower-case word that is also a surname…) are not identifying.</summary>
    public bool ConfirmPossiblePii { get; init; }

    /// <summary><see cref="CaseService.Stamp"/> of the case as the editor saw it; null skips the check (seeding, scripts).</summary>
    public string? SeenStamp { get; init; }
}

/// <summary>Who is looking, as far as visibility rules care.</summary>
public sealed record Viewer(Guid UserId, bool IsFacilitator, bool IsCpas);

/// <summary>
/// Pseudonymised cases and who works on them. Only members of a case see it (a non-member gets "not found");
/// removing a member takes them out of the case's upcoming and live conferences at once (live connections included).
/// </summary>
public sealed partial class CaseService(CaseHubDbContext db, People people, TextGuard pii, MeetingScheduler scheduler, OrientationCatalog orientations, Audit.AuditLog audit, TimeProvider clock)
{
    /// <summary>Roles that may open cases and run conferences.</summary>
    public static readonly string[] FacilitatorRoles = [Roles.Facilitator, Roles.Administrator];

    public async Task<ConferenceCase> CreateAsync(CaseInput input, Guid facilitatorId, CancellationToken ct = default)
    {
        var c = new ConferenceCase { FacilitatorId = facilitatorId, CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(c, input, ct);
        if (input.Themes.Any(t => !Enum.IsDefined(t))) throw new DomainException("Conference.Error.GridTheme") { Field = "Themes" };
        if (await db.ConferenceCases.AnyAsync(x => x.Code == c.Code, ct)) throw new DomainException("Conference.Error.CodeTaken") { Field = "Code" };
        c.Members.Add(new CaseMember { CaseId = c.Id, UserId = facilitatorId, Party = CaseParty.Facilitator, AddedAt = c.CreatedAt });
        db.ConferenceCases.Add(c);
        // The grid starts with the themes ticked at creation: present, not rated, reserved to CPAS staff until opened.
        foreach (var theme in input.Themes.Distinct().Order())
        {
            db.CaseGridThemes.Add(new GridThemeEntry { CaseId = c.Id, Theme = theme, Visibility = Visibility.CpasOnly, Version = 1, UpdatedBy = facilitatorId, UpdatedAt = c.CreatedAt });
            db.CaseGridChanges.Add(new GridChange { CaseId = c.Id, Theme = theme, Kind = GridChangeKind.ThemeSaved, Version = 1, Visibility = Visibility.CpasOnly, UserId = facilitatorId, At = c.CreatedAt });
        }
        audit.Record(db, facilitatorId, "Conferences.CaseCreated", "Case", c.Id);
        await db.SaveChangesAsync(ct);
        return c;
    }

    /// <summary>The facilitator edits the case (code, service, summary, current orientation). The audit entry
    /// names the fields that changed, never their content.</summary>
    public async Task UpdateAsync(Guid caseId, Guid actorId, CaseInput input, CancellationToken ct = default)
    {
        var c = await RequireFacilitatedAsync(caseId, actorId, ct);
        // Two facilitators editing at once: the second save would silently undo the first one's change.
        if (input.SeenStamp is not null && input.SeenStamp != Stamp(c)) throw new DomainException("Conference.Error.CaseChanged");
        await ApplyAsync(c, input, ct);
        if (await db.ConferenceCases.AnyAsync(x => x.Code == c.Code && x.Id != c.Id, ct)) throw new DomainException("Conference.Error.CodeTaken") { Field = "Code" };
        var changed = db.Entry(c).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count == 0) return;
        audit.Record(db, actorId, "Conferences.CaseUpdated", "Case", c.Id, "fields=" + string.Join(',', changed));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A fingerprint of the editable fields; equal stamps mean nobody changed the case meanwhile.</summary>
    public static string Stamp(ConferenceCase c)
    {
        var text = string.Join('\u001f', c.Code, c.ServiceId?.ToString("N") ?? "", c.LegacyService ?? "", c.Summary ?? "", c.CurrentOrientation ?? "");
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private async Task ApplyAsync(ConferenceCase c, CaseInput input, CancellationToken ct)
    {
        var code = Validation.RequireText(input.Code, ConferenceCase.CodeMaxLength, "Code").ToUpperInvariant();
        if (!CodePattern().IsMatch(code)) throw new DomainException("Conference.Error.CodeFormat") { Field = "Code" };
        var summary = Validation.RequireText(input.Summary, ConferenceCase.SummaryMaxLength, "Summary", required: false);
        // A service from the list (a CPAS's services); a case from before the list may keep its free-text service.
        if (input.ServiceId is { } serviceId)
        {
            if (!await db.Services.AnyAsync(s => s.Id == serviceId && db.Organisations.Any(o => o.Id == s.OrganisationId && o.Kind == OrganisationKind.Cpas), ct))
                throw new DomainException("Conference.Error.CaseService") { Field = "ServiceId" };
        }
        else if (c.LegacyService is null) throw new DomainException("Conference.Error.CaseService") { Field = "ServiceId" };
        var orientation = string.IsNullOrWhiteSpace(input.Orientation) ? null : input.Orientation.Trim();
        // An orientation no longer offered may stay (the list is configurable), it just cannot be newly chosen.
        if (orientation is not null && orientation != c.CurrentOrientation && !orientations.IsOffered(orientation))
            throw new DomainException("Conference.Error.Orientation") { Field = "Orientation" };
        await CheckPiiAsync(code, "Code", false, ct);
        summary = await CheckPiiAsync(summary, "Summary", input.ConfirmPossiblePii, ct);
        c.CurrentOrientation = orientation;
        c.Code = code;
        if (input.ServiceId is { } chosen)
        {
            c.ServiceId = chosen;
            c.LegacyService = null;
        }
        c.Summary = summary.Length == 0 ? null : summary;
    }

    /// <summary>The CPAS services a case can be followed by: those of <paramref name="userId"/>'s organisation when it
    /// is a CPAS, else every CPAS's, by organisation then name.</summary>
    public async Task<List<(Guid Id, string Name, string Organisation)>> ServiceChoicesAsync(Guid userId, CancellationToken ct = default)
    {
        var own = await people.OrganisationOfAsync(userId, ct);
        var rows = await (from s in db.Services.AsNoTracking()
                          join o in db.Organisations.AsNoTracking() on s.OrganisationId equals o.Id
                          where o.Kind == OrganisationKind.Cpas
                          select new { s.Id, s.Name, s.OrganisationId, Organisation = o.Name }).ToListAsync(ct);
        var mine = rows.Where(r => r.OrganisationId == own).ToList();
        return (mine.Count > 0 ? mine : rows).OrderBy(r => r.Organisation, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => (r.Id, r.Name, r.Organisation)).ToList();
    }

    /// <summary>The names of the services of <paramref name="list"/>, by service id.</summary>
    public async Task<Dictionary<Guid, string>> ServiceNamesAsync(IEnumerable<ConferenceCase> list, CancellationToken ct = default)
    {
        var ids = list.Where(c => c.ServiceId != null).Select(c => c.ServiceId!.Value).Distinct().ToList();
        return await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }

    /// <summary>The name of the case's service, or its legacy free text.</summary>
    public async Task<string> ServiceNameAsync(ConferenceCase c, CancellationToken ct = default)
        => c.ServiceId is { } id ? await db.Services.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? "—" : c.LegacyService ?? "—";

    /// <summary>
    /// The identifying-data guard on one text (see <see cref="GuardAsync"/>): returns the text to store.
    /// </summary>
    public Task<string> CheckPiiAsync(string? text, string field, bool confirmPossible, CancellationToken ct = default)
        => CheckPiiAsync(text, field, confirmPossible, null, ct);

    /// <param name="scanView">What the guard reads of the text, character for character in place (see <see cref="TextGuard"/>).</param>
    public async Task<string> CheckPiiAsync(string? text, string field, bool confirmPossible, Func<string, string>? scanView, CancellationToken ct = default)
        => (await GuardAsync(confirmPossible, null, scanView, ct, (field, text)))[0];

    /// <summary>
    /// Refuses texts that identify a person, every finding of every field at once (the author then masks them or keeps
    /// them with a reason). Returns the texts to store — masked when the author chose "mask all". Low-confidence findings
    /// (possible names) pass when the author confirmed them.
    /// </summary>
    public Task<string[]> GuardAsync(bool confirmPossible, Guid? actorId, CancellationToken ct, params (string Field, string? Text)[] fields)
        => GuardAsync(confirmPossible, actorId, null, ct, fields);

    private async Task<string[]> GuardAsync(bool confirmPossible, Guid? actorId, Func<string, string>? scanView, CancellationToken ct, params (string Field, string? Text)[] fields)
    {
        if (fields.All(f => string.IsNullOrWhiteSpace(f.Text))) return [.. fields.Select(f => f.Text ?? "")];
        var names = await db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.DisplayName != "").Select(u => u.DisplayName).ToListAsync(ct);
        return pii.Check(names.Count == 0 ? KnownNames.Empty : KnownNames.From(names), confirmPossible, actorId, scanView, fields);
    }

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9\-/.]{1,39}$")]
    private static partial Regex CodePattern();

    /// <summary>
    /// The facilitator closes a case whose follow-up is over (or reopens it). A closed case is deleted with its
    /// conferences Retention:ClosedCasesDays after closing; reopening stops that clock.
    /// </summary>
    public async Task SetClosedAsync(Guid caseId, Guid actorId, bool closed, CancellationToken ct = default)
    {
        var c = await RequireFacilitatedAsync(caseId, actorId, ct);
        if (closed == (c.ClosedAt is not null)) return;
        if (closed && await db.Conferences.Where(x => x.CaseId == caseId).Join(db.Rooms, x => x.RoomId, r => r.Id, (x, r) => r)
                .AnyAsync(r => r.Status == RoomStatus.Live, ct))
            throw new DomainException("Conference.Error.CloseWhileLive");
        c.ClosedAt = closed ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
    }

    // ---- members ---------------------------------------------------------------------------------------------

    public async Task<CaseMember> AddMemberAsync(Guid caseId, Guid actorId, Guid userId, CaseParty party, CancellationToken ct = default)
    {
        await RequireFacilitatedAsync(caseId, actorId, ct);
        if (!Enum.IsDefined(party) || party == CaseParty.Facilitator) throw new DomainException("Error.InvalidValue") { Field = "Party" };
        if (await db.CaseMembers.AnyAsync(m => m.CaseId == caseId && m.UserId == userId, ct)) throw new DomainException("Conference.Error.AlreadyMember") { Field = "UserId" };
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.ErasedAt == null, ct)) throw new DomainException("Rooms.Error.UnknownUser") { Field = "UserId" };
        // A partner worker can only sit as a partner (never as CPAS staff), and only partner workers sit as partners.
        var isStaff = await people.IsStaffAsync(userId, ct);
        if (isStaff == (party == CaseParty.Partner)) throw new DomainException("Conference.Error.PartyRole") { Field = "Party" };
        // A team lead on a case is a CPAS worker who leads a CPAS team (alerted on overdue actions, arbitrates).
        if (party == CaseParty.TeamLead && !await IsCpasTeamLeadAsync(userId, ct)) throw new DomainException("Conference.Error.TeamLeadRole") { Field = "UserId" };
        var m = new CaseMember { CaseId = caseId, UserId = userId, Party = party, AddedAt = clock.GetUtcNow() };
        db.CaseMembers.Add(m);
        audit.Record(db, actorId, "Conferences.MemberAdded", "Case", caseId, $"user={userId} party={party}");
        await db.SaveChangesAsync(ct);
        return m;
    }

    /// <summary>Removes a worker from the case and from its conferences that are not over (they lose live access at once).</summary>
    public async Task RemoveMemberAsync(Guid caseId, Guid actorId, Guid userId, CancellationToken ct = default)
    {
        var c = await RequireFacilitatedAsync(caseId, actorId, ct);
        if (userId == c.FacilitatorId) throw new DomainException("Conference.Error.RemoveFacilitator");
        var m = await db.CaseMembers.FirstOrDefaultAsync(x => x.CaseId == caseId && x.UserId == userId, ct) ?? throw DomainException.NotFound();
        db.CaseMembers.Remove(m);
        audit.Record(db, actorId, "Conferences.MemberRemoved", "Case", caseId, $"user={userId} party={m.Party}");
        await db.SaveChangesAsync(ct);
        var rooms = await db.Conferences.AsNoTracking().Where(x => x.CaseId == caseId)
            .Join(db.Rooms, x => x.RoomId, r => r.Id, (x, r) => r)
            .Where(r => (r.Status == RoomStatus.Scheduled || r.Status == RoomStatus.Live) && db.RoomParticipants.Any(p => p.RoomId == r.Id && p.UserId == userId))
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var roomId in rooms)
            await scheduler.RemoveParticipantAsync(roomId, c.FacilitatorId, userId, ct);
    }

    /// <summary>Users who may sit on a case as its team lead: CPAS staff leading a team of a CPAS, with that team's name.</summary>
    public async Task<List<(Accounts.AppUser User, string Team)>> TeamLeadsAsync(CancellationToken ct = default)
    {
        var leads = await people.TeamLeadsAsync(OrganisationKind.Cpas, ct);
        var staff = await people.StaffAmongAsync(leads.Select(l => l.Lead.Id), ct);
        return leads.Where(l => staff.Contains(l.Lead.Id)).OrderBy(l => l.Lead.DisplayName).Select(l => (l.Lead, l.Teams)).ToList();
    }

    private async Task<bool> IsCpasTeamLeadAsync(Guid userId, CancellationToken ct)
        => await db.Services.AnyAsync(s => s.LeadUserId == userId && db.Organisations.Any(o => o.Id == s.OrganisationId && o.Kind == OrganisationKind.Cpas), ct);

    // ---- access ----------------------------------------------------------------------------------------------

    /// <summary>The caller's membership of a case, or "not found" (non-members are not told the case exists).</summary>
    public async Task<CaseMember> RequireMemberAsync(Guid caseId, Guid userId, CancellationToken ct = default)
        => await db.CaseMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CaseId == caseId && m.UserId == userId, ct) ?? throw DomainException.NotFound();

    public async Task<Viewer> ViewerAsync(Guid caseId, Guid userId, CancellationToken ct = default)
    {
        var m = await RequireMemberAsync(caseId, userId, ct);
        var facilitator = await db.ConferenceCases.AnyAsync(c => c.Id == caseId && c.FacilitatorId == userId, ct);
        return new Viewer(userId, facilitator || m.Party == CaseParty.Facilitator, m.IsCpas);
    }

    /// <summary>The case, if the caller facilitates it; a member who does not gets 403, others 404.</summary>
    public async Task<ConferenceCase> RequireFacilitatedAsync(Guid caseId, Guid userId, CancellationToken ct = default)
    {
        var c = await db.ConferenceCases.FirstOrDefaultAsync(x => x.Id == caseId, ct) ?? throw DomainException.NotFound();
        if (c.FacilitatorId == userId) return c;
        var member = await db.CaseMembers.AnyAsync(m => m.CaseId == caseId && m.UserId == userId, ct);
        throw member ? DomainException.Forbidden() : DomainException.NotFound();
    }

    /// <summary>Cases the user is a member of, most recent first.</summary>
    public Task<List<ConferenceCase>> CasesForAsync(Guid userId, CancellationToken ct = default)
        => db.ConferenceCases.AsNoTracking().Where(c => db.CaseMembers.Any(m => m.CaseId == c.Id && m.UserId == userId))
            .OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(ct);
}

/// <summary>The visibility rule (secret professionnel), one place for pages, hub messages, minutes, exports and mail.</summary>
public static class VisibilityRules
{
    /// <summary>
    /// May <paramref name="viewer"/> read an item of <paramref name="authorId"/> with <paramref name="visibility"/>?
    /// <paramref name="released"/> is false while positions are still sealed (before the facilitator opens them).
    /// </summary>
    public static bool CanSee(Visibility visibility, Guid authorId, Viewer viewer, bool released = true)
    {
        if (viewer.UserId == authorId || viewer.IsFacilitator) return true;
        if (!released) return false;
        return visibility switch
        {
            Visibility.AllParticipants => true,
            Visibility.CpasOnly => viewer.IsCpas,
            _ => false,
        };
    }

    /// <summary>The same rule for a shared item that has no single author (a cell of the social assessment grid).</summary>
    public static bool CanSeeShared(Visibility visibility, Viewer viewer) => CanSee(visibility, Guid.Empty, viewer);
}
