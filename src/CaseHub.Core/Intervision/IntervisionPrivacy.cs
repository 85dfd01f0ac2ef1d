using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>The PII guard of intervision: no case identity in cards, labels, themes, summaries or the live notes.</summary>
public sealed class IntervisionPrivacy(CaseHubDbContext db, PiiGuard pii, TextGuard guard)
{
    /// <summary>The team's members' names: a colleague named in a card or a summary is caught (beneficiaries have no CaseHub account to match).</summary>
    internal async Task<KnownNames> KnownNamesAsync(Guid teamId, CancellationToken ct)
        => KnownNames.From(await db.IntervisionTeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => m.User!.DisplayName).ToListAsync(ct));

    /// <summary>
    /// Refuses text that looks like it identifies someone: intervision keeps no case identity. Every finding is reported
    /// at once (<see cref="TextGuard"/>); a possible one (a colleague's surname written as an ordinary word) passes once the
    /// author confirms it. Returns the text to store (masked when the author chose "mask all").
    /// </summary>
    public async Task<string> CheckPiiAsync(Guid teamId, string? text, string field, bool confirmPossible, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return text ?? "";
        return guard.Check(await KnownNamesAsync(teamId, ct), confirmPossible, null, (field, text))[0];
    }

    /// <summary>Several fields of one form at once: all their findings in one refusal.</summary>
    internal string[] Check(KnownNames names, bool confirmPossible, params (string Field, string? Text)[] fields)
        => guard.Check(names, confirmPossible, null, fields);

    /// <summary>What kinds of identifying data a text seems to hold, and how many of each (never the data itself).</summary>
    public async Task<IReadOnlyList<NotesFinding>> ScanAsync(Guid teamId, string? text, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return pii.Scan(text, await KnownNamesAsync(teamId, ct))
            .GroupBy(f => f.Kind)
            .Select(g => new NotesFinding(g.Key.ToString(), g.Count(), g.All(f => f.Confidence == PiiConfidence.Low)))
            .OrderBy(f => f.Kind, StringComparer.Ordinal).ToList();
    }
}
