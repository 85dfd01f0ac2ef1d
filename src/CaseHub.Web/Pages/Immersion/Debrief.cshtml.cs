using System.Text.Json;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// One immersion's notes: the visitor's private notes (theirs alone) and the shared debrief (what I saw, useful
/// contacts, what surprised me — the rapport d'étonnement —, what to bring back to my team), edited live like room
/// notes. Readers allowed by <see cref="ImmersionNotesAccess"/> see the debrief read-only; anybody else gets 404.
/// The contacts made: the visitor notes them; the coordinator records each person's consent and adds them to the
/// partner directory in one click (<see cref="ImmersionContacts"/>).
/// </summary>
public class DebriefModel(ImmersionDebrief debrief, ImmersionContacts contacts) : ImmersionPage
{
    public ImmersionDebrief.DebriefView View { get; private set; } = null!;
    public List<ContactView> Contacts { get; private set; } = [];
    public string TextsJson { get; private set; } = "{}";
    public string MyName => User.Identity?.Name ?? "";
    public bool CanManageContacts => IsCoordinator;

    [BindProperty] public ContactForm Contact { get; set; } = new();

    public sealed class ContactForm
    {
        public string? Name { get; set; }
        public string? Organisation { get; set; }
        public string? Service { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }

    public async Task OnGetAsync(Guid placementId, CancellationToken ct) => await LoadAsync(placementId, ct);

    /// <summary>The visitor notes a contact.</summary>
    public Task<IActionResult> OnPostContactAsync(Guid placementId, CancellationToken ct)
        => RunAsync(placementId, "Immersion.Contacts.Added",
            () => contacts.AddAsync(placementId, Me, new ContactInput(Contact.Name, Contact.Organisation, Contact.Service, Contact.Email, Contact.Phone), ct), ct);

    public Task<IActionResult> OnPostRemoveContactAsync(Guid placementId, Guid contactId, CancellationToken ct)
        => RunAsync(placementId, "Immersion.Contacts.Removed", () => contacts.RemoveAsync(contactId, Me, ct), ct);

    /// <summary>The coordinator records the person's consent: the day and how.</summary>
    public Task<IActionResult> OnPostConsentAsync(Guid placementId, Guid contactId, DateOnly? consentDate, ContactConsentMethod? consentMethod, CancellationToken ct)
        => RunAsync(placementId, "Immersion.Contacts.ConsentSaved", () => contacts.RecordConsentAsync(contactId, Me, consentDate, consentMethod, ct), ct);

    /// <summary>One click: into the directory (or the existing entry updated).</summary>
    public async Task<IActionResult> OnPostToDirectoryAsync(Guid placementId, Guid contactId, CancellationToken ct)
    {
        DirectoryOutcome? outcome = null;
        var result = await RunAsync(placementId, null, async () => outcome = await contacts.AddToDirectoryAsync(contactId, Me, ct), ct);
        if (outcome is not null) StatusMessage = T[outcome.Created ? "Immersion.Contacts.DirectoryCreated" : "Immersion.Contacts.DirectoryUpdated"];
        return result;
    }

    public Task<IActionResult> OnPostWithdrawAsync(Guid placementId, Guid contactId, CancellationToken ct)
        => RunAsync(placementId, "Immersion.Contacts.WithdrawDone", () => contacts.WithdrawConsentAsync(contactId, Me, ct), ct);

    /// <summary>
    /// Runs a contact action: done, back to the page (its contacts section); refused (a rule, a field, or a role: a
    /// reader who is not the coordinator), the page again with the reason in the reader's language (403 for a role).
    /// Someone who may not read the debrief gets 404 from Core, not caught here.
    /// </summary>
    private async Task<IActionResult> RunAsync(Guid placementId, string? doneKey, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            if (doneKey is not null) StatusMessage = T[doneKey];
            return Redirect($"/immersion/debrief/{placementId}#contacts");
        }
        catch (DomainException ex) when (!ex.IsNotFound)
        {
            AddError(ex);
            await LoadAsync(placementId, ct);
            if (ex.IsForbidden) Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }

    private async Task LoadAsync(Guid placementId, CancellationToken ct)
    {
        View = await debrief.OpenAsync(placementId, Me, ct);
        Contacts = await contacts.ListAsync(placementId, Me, ct);
        var keys = T.Keys.Where(k => k.StartsWith("Notes.", StringComparison.Ordinal));
        TextsJson = JsonSerializer.Serialize(keys.ToDictionary(k => k, k => T[k])).Replace("</", "<\\/");
    }
}
