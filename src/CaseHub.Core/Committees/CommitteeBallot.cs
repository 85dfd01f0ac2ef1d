using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseHub.Core.Common;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;

namespace CaseHub.Core.Committees;

/// <summary>
/// What a member decides alone on a case: the decision (vote option), and when granting the amount and duration,
/// conditions (e.g. PIIS), plus the motivation (the ballot's reason). Stored as the ballot's JSON data.
/// </summary>
public sealed record CommitteeBallotData(long? AmountCents, int? Months, string? Conditions)
{
    public const long MaxAmountCents = 100_000_00;
    public const int MaxMonths = 60;
    public const int MotivationMaxLength = Ballot.ReasonMaxLength;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CommitteeBallotData FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new(null, null, null);
        try { return JsonSerializer.Deserialize<CommitteeBallotData>(json, Json) ?? new(null, null, null); }
        catch (JsonException) { return new(null, null, null); }
    }

    /// <summary>Checks and normalises the fields of a decision (ballot or reference decision).</summary>
    public static CommitteeBallotData Normalise(CommitteeDecision decision, string? amountText, string? monthsText, string? conditionsText)
    {
        var conditions = Validation.RequireText(conditionsText, CommitteeSessionCase.ConditionsMaxLength, "conditions", required: false);
        if (decision != CommitteeDecision.Grant)
            return new(null, null, decision == CommitteeDecision.Defer && conditions.Length > 0 ? conditions : null);
        var amount = ParseAmount(amountText) ?? throw new DomainException("Committees.Error.AmountRequired") { Field = "amount" };
        int? months = null;
        if (!string.IsNullOrWhiteSpace(monthsText))
        {
            if (!int.TryParse(monthsText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 1 || m > MaxMonths)
                throw new DomainException("Committees.Error.Months", MaxMonths) { Field = "months" };
            months = m;
        }
        return new(amount, months, conditions.Length == 0 ? null : conditions);
    }

    /// <summary>"650", "650,5", "650.50", "1 250,00", "1.250,00" → cents. Null when blank; refused when malformed.</summary>
    public static long? ParseAmount(string? text, bool allowZero = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().Replace("€", "").Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "");
        // A dot followed by exactly three digits before a comma is a thousands separator ("1.250,00").
        if (t.Contains(',') && t.Contains('.')) t = t.Replace(".", "");
        t = t.Replace(',', '.');
        if (t.Length == 0 || t.Count(ch => ch == '.') > 1 || t.Any(ch => !char.IsAsciiDigit(ch) && ch != '.')
            || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros)
            || decimal.Round(euros, 2) != euros)
            throw new DomainException("Committees.Error.AmountMalformed") { Field = "amount" };
        var cents = (long)(euros * 100);
        if (cents < 0 || (cents == 0 && !allowZero) || cents > MaxAmountCents) throw new DomainException("Committees.Error.AmountRange", MaxAmountCents / 100) { Field = "amount" };
        return cents;
    }

    public static string FormatAmount(long cents) => (cents / 100m).ToString("#,##0.00", CultureInfo.GetCultureInfo("fr-BE")) + " €";
}

/// <summary>A member's ballot fields as typed in the form (amount in euros with a comma or a dot, months): checked by
/// <see cref="CommitteeBallotValidator"/>, which stores them as <see cref="CommitteeBallotData"/>.</summary>
public sealed record CommitteeBallotInput(string? Amount, string? Months, string? Conditions) : BallotDetails;

/// <summary>Checks every ballot of a comité à blanc vote before the room engine stores it.</summary>
public sealed class CommitteeBallotValidator(PiiGuard guard) : IBallotValidator
{
    public string ContextType => CommitteeService.VoteContext;

    public Task<BallotContent> ValidateAsync(Vote vote, Guid userId, BallotRequest ballot, CancellationToken ct)
    {
        if (!Enum.TryParse<CommitteeDecision>(ballot.Option, out var decision) || !Enum.IsDefined(decision))
            throw new DomainException("Rooms.Error.VoteUnknownOption") { Field = "option" };
        var motivation = Validation.RequireText(ballot.Reason, CommitteeBallotData.MotivationMaxLength, "reason");
        var input = ballot.Details switch
        {
            null => new CommitteeBallotInput(null, null, null),
            CommitteeBallotInput i => i,
            _ => throw new DomainException("Committees.Error.BallotMalformed"),
        };
        var data = CommitteeBallotData.Normalise(decision, input.Amount, input.Months, input.Conditions);
        // Motivations are free text about a case: they must not bring identifying data back in.
        if (guard.Scan(motivation).Any(f => f.Confidence == PiiConfidence.High) || (data.Conditions is { } c && guard.Scan(c).Any(f => f.Confidence == PiiConfidence.High)))
            throw new DomainException("Committees.Error.BallotPii") { Field = "reason" };
        return Task.FromResult(new BallotContent(ballot.Option, motivation, data.ToJson()));
    }
}
