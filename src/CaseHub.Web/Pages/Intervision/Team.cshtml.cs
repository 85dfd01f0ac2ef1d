using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>A team: members, retention, methods, its series (recurring invitation, rotating roles) and the history of summaries.</summary>
[Authorize(Roles = IntervisionAccess.StaffRoles)]
public class TeamModel(IntervisionQueries queries, People people, IntervisionTeams teams, IntervisionTemplates templates, IntervisionScheduling scheduling, ProtocolCatalog protocols, TimeProvider clock) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public IntervisionTeam Team { get; private set; } = null!;
    public List<IntervisionScheduling.SessionRow> Sessions { get; private set; } = [];
    public List<IntervisionTemplate> Templates { get; private set; } = [];
    public List<AppUser> Others { get; private set; } = [];
    public IEnumerable<Protocol> Methods => protocols.All.Where(p => IntervisionProtocols.IsIntervision(p.Key)).OrderBy(p => p.Key);
    public bool CanOrganise => IntervisionAccess.OrganiserRoles.Any(User.IsInRole);
    public DateTimeOffset Now => clock.GetUtcNow();

    // New series
    [BindProperty, StringLength(IntervisionSeries.TitleMaxLength, ErrorMessage = V.Length)] public string? Title { get; set; }
    /// <summary>A protocol key, or "t:{template id}".</summary>
    [BindProperty] public string? Method { get; set; } = IntervisionProtocols.GroupAnalysis;
    [BindProperty] public Guid Animateur { get; set; }
    [BindProperty, PlausibleDate] public DateOnly? Date { get; set; }
    [BindProperty] public TimeOnly? StartTime { get; set; }
    [BindProperty, Range(15, 480, ErrorMessage = V.Range)] public int Duration { get; set; } = 180;
    [BindProperty, StringLength(300, ErrorMessage = V.Length)] public string? Location { get; set; }
    /// <summary>"once", "monthly" (same weekday of the month, e.g. every first Tuesday) or "weekly".</summary>
    [BindProperty] public string? Repeat { get; set; } = "monthly";
    [BindProperty, Range(1, IntervisionScheduling.MaxOccurrences, ErrorMessage = V.Range)] public int Count { get; set; } = 6;

    // Settings
    [BindProperty] public int RetentionDays { get; set; }
    [BindProperty] public Guid NewMember { get; set; }

    // New method: bound as handler parameters only (a bound dictionary would otherwise try to read every other form's fields).

    public async Task OnGetAsync()
    {
        await LoadAsync();
        var first = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(7);
        Date = first;
        StartTime = new TimeOnly(9, 30);
        Animateur = Me;
        RetentionDays = Team.RetentionDays;
    }

    public async Task<IActionResult> OnPostSeriesAsync()
    {
        await LoadAsync();
        if (!CanOrganise) return Forbid();
        IntervisionSeries? series = null;
        var ok = await TryAsync(async () =>
        {
            if (Date is null || StartTime is null) throw new DomainException("Error.Required") { Field = nameof(Date) };
            var start = CalendarTime.FromLocal(Date.Value, StartTime.Value);
            var local = CalendarTime.ToLocal(start);
            var rule = Repeat switch
            {
                "once" => null,
                "weekly" => Recurrence.Weekly(Count, 1, local.DayOfWeek),
                // The n-th weekday of the month of the first date (5th becomes "last").
                "monthly" => Recurrence.MonthlyOnWeekday((local.Day - 1) / 7 + 1 is var n && n > 4 ? -1 : n, local.DayOfWeek, Count),
                _ => throw new DomainException("Error.InvalidValue") { Field = nameof(Repeat) },
            };
            if (rule is { Count: 1 }) rule = null;
            var method = Method ?? "";
            Guid? templateId = method.StartsWith("t:", StringComparison.Ordinal) && Guid.TryParse(method[2..], out var t) ? t : null;
            series = await scheduling.CreateSeriesAsync(new SeriesSpec(Id, Title, templateId is null ? method : "", templateId, Animateur, start, Duration, Location, rule), Me);
        });
        if (!ok) return Page();
        StatusMessage = T["Intervision.Series.Created"];
        return Redirect($"/intervision/teams/{Id}");
    }

    public async Task<IActionResult> OnPostSettingsAsync()
    {
        await LoadAsync();
        if (!CanOrganise) return Forbid();
        if (!await TryAsync(() => teams.SetRetentionAsync(Id, Me, RetentionDays))) return Page();
        StatusMessage = T["Intervision.Team.Saved"];
        return Redirect($"/intervision/teams/{Id}");
    }

    public async Task<IActionResult> OnPostMemberAsync()
    {
        await LoadAsync();
        if (!CanOrganise) return Forbid();
        if (!await TryAsync(() => teams.AddMemberAsync(Id, Me, NewMember))) return Page();
        StatusMessage = T["Intervision.Team.Saved"];
        return Redirect($"/intervision/teams/{Id}");
    }

    public async Task<IActionResult> OnPostTemplateAsync(string? templateName, string? templateBase, Dictionary<string, int> phaseMinutes, List<string> phaseKeys)
    {
        await LoadAsync();
        if (!CanOrganise) return Forbid();
        var ok = await TryAsync(async () =>
        {
            var protocol = templateBase is not null && protocols.TryGet(templateBase, out var p) ? p : throw new DomainException("Rooms.Error.UnknownProtocol") { Field = "TemplateBase" };
            var phases = protocol.Phases.Where(x => phaseKeys.Contains($"{protocol.Key}:{x.Key}"))
                .Select(x => new PhaseSpec(x.Key, null, phaseMinutes.TryGetValue($"{protocol.Key}:{x.Key}", out var m) ? m : x.DefaultMinutes)).ToList();
            await templates.CreateTemplateAsync(Id, Me, templateName, protocol.Key, phases);
        });
        if (!ok) return Page();
        StatusMessage = T["Intervision.Template.Created"];
        return Redirect($"/intervision/teams/{Id}");
    }

    private async Task LoadAsync()
    {
        Team = await teams.RequireTeamMemberAsync(Id, Me);
        if (RetentionDays == 0) RetentionDays = Team.RetentionDays;
        Sessions = await scheduling.TeamSessionsAsync(Id);
        Templates = await queries.TemplatesAsync(Id);
        if (CanOrganise)
        {
            var memberIds = Team.Members.Select(m => m.UserId).ToList();
            Others = await people.ActiveAsync(except: memberIds);
        }
    }
}
