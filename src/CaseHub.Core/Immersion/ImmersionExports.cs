using CaseHub.Core.Data;
using CaseHub.Core.Exports;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>Immersion lists for a spreadsheet: the matching results (coordinator) and the partner directory (CPAS staff).
/// Callers check who may read them; these only shape the rows.</summary>
public sealed class ImmersionExports(ImmersionMatchingService matching, CaseHubDbContext db, TextCatalog texts)
{
    /// <summary>One row per participant: who, their team, where they go (offer, host, date), the rank of that place in
    /// their choices, whether it came from the matching or a manual move, their lottery position and whether invited.</summary>
    public async Task<(ExportTable Table, string FileBase)> MatchingAsync(Guid campaignId, string language, CancellationToken ct = default)
    {
        var l = Languages.Normalize(language);
        var board = await matching.BoardAsync(campaignId, ct);
        var teamIds = board.Rows.Select(r => r.Participant.TeamId).OfType<Guid>().Distinct().ToList();
        var teams = await db.Services.AsNoTracking().Where(s => teamIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var seats = board.Seats.ToDictionary(s => s.Date.Id);
        var table = MatchingTable();
        foreach (var r in board.Rows)
        {
            var seat = r.OfferDateId is { } id ? seats.GetValueOrDefault(id) : null;
            var how = seat is null ? "Unplaced" : r.Manual ? "Manual" : "Matched";
            table.Add(r.Participant.Name, r.Participant.Email, r.Participant.TeamId is { } t ? teams.GetValueOrDefault(t) : null,
                seat?.Offer.Title, seat?.Offer.Organisation, seat?.Date.Date, seat is null ? null : r.Rank,
                texts.Get("Immersion.Export.Placement." + how, l), r.LotteryPosition, r.Published);
        }
        var name = new string(board.Campaign.Name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-').ToArray());
        return (table, "matching-" + name);
    }

    public static ExportTable MatchingTable()
        => new("Immersion.Export.MatchingSheet",
            new("Immersion.Export.Worker"), new("Immersion.Export.Email"), new("Immersion.Export.Team"), new("Immersion.Export.Offer"),
            new("Immersion.Export.Host"), new("Immersion.Export.Date", ExportKind.Date), new("Immersion.Export.Rank", ExportKind.WholeNumber),
            new("Immersion.Export.Placement"), new("Immersion.Export.Lottery", ExportKind.WholeNumber), new("Immersion.Export.Invited", ExportKind.Bool));

    /// <summary>The directory as searched (contacts are only there when the person agreed to be listed).</summary>
    /// <param name="organisations">Names of the linked Accounts organisations (id → name); an unlinked entry leaves the cell empty.</param>
    public static ExportTable Directory(IEnumerable<PartnerDirectoryEntry> entries, IReadOnlyDictionary<Guid, string>? organisations = null)
    {
        var table = new ExportTable("Immersion.Export.DirectorySheet",
            new("Immersion.Directory.Organisation"), new("Immersion.Directory.LinkedOrganisation"), new("Immersion.Directory.Service"), new("Immersion.Directory.Domains"),
            new("Immersion.Directory.PublicServed"), new("Immersion.Directory.Address"), new("Immersion.Directory.OpeningHours"),
            new("Immersion.Directory.ContactName"), new("Immersion.Directory.ContactEmail"), new("Immersion.Directory.ContactPhone"),
            new("Immersion.Export.UpdatedAt", ExportKind.DateTime));
        foreach (var e in entries)
            table.Add(e.Organisation, e.OrganisationId is { } o ? organisations?.GetValueOrDefault(o) : null, e.Service, string.Join(", ", e.DomainList), e.PublicServed, e.Address, e.OpeningHours,
                e.ContactName, e.ContactEmail, e.ContactPhone, e.UpdatedAt);
        return table;
    }
}
