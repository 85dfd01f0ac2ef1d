using CaseHub.Core.Conferences;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Hubs;

/// <summary>
/// The case's social assessment grid in a conference room. Like the conference panel, grid content is never broadcast:
/// <see cref="SocialAssessmentService"/> signals the room (<see cref="IRoomClient.CaseGrid"/>) and each client fetches
/// <see cref="CaseGridState"/>, filtered for that viewer (a partner never receives a CPAS-only cell). Edits carry the
/// version of the cell they were made on; a stale one is refused with who changed it meanwhile. Core checks case and
/// room membership and that the room's grid phase is on.
/// </summary>
public sealed partial class RoomHub
{
    public Task<CaseGridView> CaseGridState(Guid roomId, [FromServices] SocialAssessmentService grid) => grid.ViewByRoomAsync(roomId, Me);

    /// <summary>Saves a theme cell (rating, text, visibility) made on <paramref name="version"/> (0: new). Returns the new version.</summary>
    public async Task<int> GridSaveTheme(Guid roomId, string theme, int version, GridThemeRequest cell, [FromServices] SocialAssessmentService grid)
        => await grid.SaveThemeAsync(await grid.CaseForMemberAsync(roomId, Me), Me, GridRules.ParseTheme(theme), version,
            new GridThemeInput(cell?.Rating, cell?.Text, cell?.Visibility), roomId);

    public async Task<bool> GridRemoveTheme(Guid roomId, string theme, int version, [FromServices] SocialAssessmentService grid)
    {
        await grid.RemoveThemeAsync(await grid.CaseForMemberAsync(roomId, Me), Me, GridRules.ParseTheme(theme), version, roomId);
        return true;
    }

    /// <summary>Adds (<paramref name="version"/> 0, <paramref name="id"/> chosen by the client) or changes an action. Returns its new version.</summary>
    public async Task<int> GridSaveAction(Guid roomId, Guid id, string theme, int version, GridActionRequest action, [FromServices] SocialAssessmentService grid)
        => await grid.SaveActionAsync(await grid.CaseForMemberAsync(roomId, Me), Me, id, GridRules.ParseTheme(theme), version,
            new GridActionInput(action?.Term, action?.Owner, action?.Text), roomId);

    public async Task<bool> GridRemoveAction(Guid roomId, Guid id, int version, [FromServices] SocialAssessmentService grid)
    {
        await grid.RemoveActionAsync(await grid.CaseForMemberAsync(roomId, Me), Me, id, version, roomId);
        return true;
    }

    /// <summary>"I am editing this cell" (null: "I stopped"); renewed by the client while typing.</summary>
    public async Task<bool> GridEditing(Guid roomId, string? cell, [FromServices] SocialAssessmentService grid)
    {
        await grid.SetEditingAsync(roomId, Me, cell);
        return true;
    }

    public sealed record GridThemeRequest(string? Rating, string? Text, string? Visibility);

    public sealed record GridActionRequest(string? Term, string? Owner, string? Text);
}
