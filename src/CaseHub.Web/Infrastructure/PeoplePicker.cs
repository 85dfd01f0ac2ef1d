using CaseHub.Core.Accounts;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// What a people picker filters on, bound from the query string under "Pick." (the picker's filter is a GET form, so
/// it works without JavaScript as a filtered list; Pages/Shared/_PeoplePicker.cshtml, wwwroot/js/people-picker.js).
/// </summary>
public sealed class PeoplePickerQuery
{
    public Guid? Org { get; set; }
    public Guid? Service { get; set; }
    public string? Role { get; set; }
    public string? Q { get; set; }

    /// <summary>The filter for <see cref="People.DirectoryAsync"/>: unknown roles and oversized searches are ignored.</summary>
    public PeopleFilter ToFilter()
        => new(Org, Service, Role is { } r && Roles.IsKnown(r) ? r : null, Q is { Length: <= 100 } q ? q : null);
}

/// <summary>
/// A reusable people picker: people chosen by organisation, service and role with a search, nothing preselected.
/// The choice (radio buttons named <see cref="FieldName"/>) belongs to the caller's POST form <see cref="FormId"/>
/// through the HTML form attribute, so the picker sits outside that form with its own GET filter form.
/// </summary>
public sealed class PeoplePickerModel
{
    /// <summary>Element id prefix (and the anchor the filter form comes back to).</summary>
    public required string Id { get; init; }
    /// <summary>Id of the form that submits the choice.</summary>
    public required string FormId { get; init; }
    public required string FieldName { get; init; }
    /// <summary>The page the filter form reloads (its own path).</summary>
    public required string Action { get; init; }
    public required string Legend { get; init; }
    public required IReadOnlyList<DirectoryPerson> People { get; init; }
    /// <summary>More people matched than are listed: refine the filter (with JavaScript the filter then reloads the list).</summary>
    public bool More { get; init; }
    public required IReadOnlyList<Organisation> Organisations { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = Core.Accounts.Roles.All;
    public PeoplePickerQuery Query { get; init; } = new();
    /// <summary>The person chosen in a form that was refused (shown again); never set otherwise: nothing is preselected.</summary>
    public Guid? Chosen { get; init; }
    /// <summary>Several people may be chosen (check boxes instead of radio buttons), e.g. the members of a team.</summary>
    public bool Multiple { get; init; }
    /// <summary>With <see cref="Multiple"/>: the people chosen in a form that was refused; empty otherwise.</summary>
    public IReadOnlyCollection<Guid> ChosenMany { get; init; } = [];
}
