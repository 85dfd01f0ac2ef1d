using CaseHub.Core.Common;

namespace CaseHub.Core.Immersion.Matching;

/// <summary>What to schedule. Groups and partners are numbered 0..count-1; the caller maps them to its own lists.</summary>
/// <param name="Start">When the first round starts (UTC or any offset; durations are added in absolute time).</param>
public sealed record SpeedMeetingRequest(int GroupCount, int PartnerCount, DateTimeOffset Start)
{
    public static readonly TimeSpan DefaultSlotLength = TimeSpan.FromMinutes(15);

    /// <summary>Length of one round (one meeting).</summary>
    public TimeSpan SlotLength { get; init; } = DefaultSlotLength;

    /// <summary>A break after every this many rounds (not after the last round); <c>null</c> = no breaks.</summary>
    public int? BreakEveryRounds { get; init; }

    /// <summary>Length of a break; <c>null</c> = one slot.</summary>
    public TimeSpan? BreakLength { get; init; }

    /// <summary>Only these (group, partner) pairs meet, each once; <c>null</c> = every group meets every partner.</summary>
    public IReadOnlyCollection<SpeedMeetingPair>? Pairs { get; init; }
}

public readonly record struct SpeedMeetingPair(int Group, int Partner);

/// <param name="Round">1-based round number.</param>
public sealed record SpeedMeeting(int Round, int Group, int Partner, DateTimeOffset Start, DateTimeOffset End);

/// <param name="Number">1-based.</param>
/// <param name="Meetings">Ordered by group.</param>
public sealed record SpeedMeetingRound(int Number, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<SpeedMeeting> Meetings);

public sealed record SpeedMeetingBreak(int AfterRound, DateTimeOffset Start, DateTimeOffset End);

public enum AgendaItemKind
{
    /// <summary>Meets <see cref="SpeedMeetingAgendaItem.With"/>.</summary>
    Meeting,
    /// <summary>A round in which this group or partner has nobody to meet.</summary>
    Waiting,
    /// <summary>The break for everyone.</summary>
    Break,
}

/// <param name="Round">The round (null for a break).</param>
/// <param name="With">For a group: the partner met; for a partner: the group met; null when waiting or on a break.</param>
public sealed record SpeedMeetingAgendaItem(AgendaItemKind Kind, int? Round, DateTimeOffset Start, DateTimeOffset End, int? With);

/// <param name="ByGroup">Agenda of each group (index = group), every round and break in time order.</param>
/// <param name="ByPartner">Agenda of each partner (index = partner), every round and break in time order.</param>
public sealed record SpeedMeetingSchedule(
    IReadOnlyList<SpeedMeetingRound> Rounds,
    IReadOnlyList<SpeedMeetingBreak> Breaks,
    IReadOnlyList<IReadOnlyList<SpeedMeetingAgendaItem>> ByGroup,
    IReadOnlyList<IReadOnlyList<SpeedMeetingAgendaItem>> ByPartner,
    DateTimeOffset End);

/// <summary>
/// Speed-meeting rotation: groups of workers meet partners in rounds of one slot; in a round nobody is in two meetings.
/// <para>Everyone meets everyone: round r (0-based) pairs group g with partner (g + r) mod max(P, G) — groups move one
/// table per round; when (g + r) mod max(P, G) is not a partner, group g waits that round. That takes max(P, G) rounds,
/// the minimum (a group must meet P partners, a partner G groups, one per round); with P ≠ G the side with fewer
/// meetings waits |P − G| rounds each.</para>
/// <para>A subset of pairs: rounds = the largest number of meetings any single group or partner has (the minimum, by
/// König's edge-colouring theorem), found by colouring the bipartite meeting graph with alternating-path swaps.</para>
/// </summary>
public static class SpeedMeetingRotation
{
    public static SpeedMeetingSchedule Plan(SpeedMeetingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        int groups = request.GroupCount, partners = request.PartnerCount;

        // roundOf[g, p] = 0-based round of the meeting, -1 = they do not meet.
        var roundOf = new int[groups, partners];
        int roundCount;
        if (request.Pairs is null)
        {
            roundCount = groups == 0 || partners == 0 ? 0 : Math.Max(groups, partners);
            for (var g = 0; g < groups; g++)
                for (var p = 0; p < partners; p++)
                    roundOf[g, p] = ((p - g) % roundCount + roundCount) % roundCount;
        }
        else
            roundCount = ColourEdges(groups, partners, request.Pairs, roundOf);

        return Lay(request, roundOf, roundCount);
    }

    private static void Validate(SpeedMeetingRequest r)
    {
        if (r.GroupCount < 0) throw new DomainException("Immersion.SpeedMeeting.Error.Count") { Field = nameof(r.GroupCount) };
        if (r.PartnerCount < 0) throw new DomainException("Immersion.SpeedMeeting.Error.Count") { Field = nameof(r.PartnerCount) };
        if (r.SlotLength <= TimeSpan.Zero) throw new DomainException("Immersion.SpeedMeeting.Error.SlotLength") { Field = nameof(r.SlotLength) };
        if (r.BreakEveryRounds is < 1) throw new DomainException("Immersion.SpeedMeeting.Error.BreakEvery") { Field = nameof(r.BreakEveryRounds) };
        if (r.BreakLength is { } b && b <= TimeSpan.Zero) throw new DomainException("Immersion.SpeedMeeting.Error.BreakLength") { Field = nameof(r.BreakLength) };
        if (r.Pairs is null) return;
        var seen = new HashSet<SpeedMeetingPair>();
        foreach (var pair in r.Pairs)
        {
            if (pair.Group < 0 || pair.Group >= r.GroupCount || pair.Partner < 0 || pair.Partner >= r.PartnerCount)
                throw new DomainException("Immersion.SpeedMeeting.Error.PairOutOfRange", pair.Group + 1, pair.Partner + 1) { Field = nameof(r.Pairs) };
            if (!seen.Add(pair))
                throw new DomainException("Immersion.SpeedMeeting.Error.DuplicatePair", pair.Group + 1, pair.Partner + 1) { Field = nameof(r.Pairs) };
        }
    }

    /// <summary>
    /// Proper edge colouring of the bipartite graph groups × partners with Δ colours (Δ = highest degree); colour = round.
    /// For edge (g, p): take a colour a free at g and b free at p. If a is also free at p, use it. Otherwise swap a and b
    /// along the path from p that alternates a, b, a, … — in a bipartite graph it cannot reach g — which frees a at p.
    /// </summary>
    private static int ColourEdges(int groups, int partners, IReadOnlyCollection<SpeedMeetingPair> pairs, int[,] roundOf)
    {
        for (var g = 0; g < groups; g++)
            for (var p = 0; p < partners; p++)
                roundOf[g, p] = -1;

        var groupDegree = new int[groups];
        var partnerDegree = new int[partners];
        foreach (var pair in pairs) { groupDegree[pair.Group]++; partnerDegree[pair.Partner]++; }
        var colours = Math.Max(groups == 0 ? 0 : groupDegree.Max(), partners == 0 ? 0 : partnerDegree.Max());

        // atGroup[g][c] = partner met by g in round c (-1 = free); atPartner[p][c] = group.
        var atGroup = Filled(groups, colours);
        var atPartner = Filled(partners, colours);

        // Sorted so the schedule does not depend on the order the caller listed the pairs in.
        foreach (var (g, p) in pairs.OrderBy(x => x.Group).ThenBy(x => x.Partner).Select(x => (x.Group, x.Partner)))
        {
            var a = Array.IndexOf(atGroup[g], -1);
            var b = Array.IndexOf(atPartner[p], -1);
            if (atPartner[p][a] != -1)
            {
                // Walk p -a- g1 -b- p1 -a- g2 … collecting the path, then swap a <-> b on it.
                var path = new List<(int G, int P)>();
                var onPartnerSide = true;
                var node = p;
                var colour = a;
                while (true)
                {
                    var next = onPartnerSide ? atPartner[node][colour] : atGroup[node][colour];
                    if (next == -1) break;
                    path.Add(onPartnerSide ? (next, node) : (node, next));
                    node = next;
                    onPartnerSide = !onPartnerSide;
                    colour = colour == a ? b : a;
                }
                foreach (var (eg, ep) in path)
                {
                    var c = roundOf[eg, ep];
                    if (atGroup[eg][c] == ep) atGroup[eg][c] = -1;
                    if (atPartner[ep][c] == eg) atPartner[ep][c] = -1;
                }
                foreach (var (eg, ep) in path)
                {
                    var c = roundOf[eg, ep] == a ? b : a;
                    roundOf[eg, ep] = c;
                    atGroup[eg][c] = ep;
                    atPartner[ep][c] = eg;
                }
            }
            roundOf[g, p] = a;
            atGroup[g][a] = p;
            atPartner[p][a] = g;
        }
        return colours;
    }

    private static int[][] Filled(int count, int colours)
    {
        var rows = new int[count][];
        for (var i = 0; i < count; i++) { rows[i] = new int[colours]; Array.Fill(rows[i], -1); }
        return rows;
    }

    private static SpeedMeetingSchedule Lay(SpeedMeetingRequest request, int[,] roundOf, int roundCount)
    {
        int groups = request.GroupCount, partners = request.PartnerCount;
        var breakLength = request.BreakLength ?? request.SlotLength;

        var roundStart = new DateTimeOffset[roundCount];
        var breaks = new List<SpeedMeetingBreak>();
        var t = request.Start;
        for (var r = 0; r < roundCount; r++)
        {
            roundStart[r] = t;
            t += request.SlotLength;
            if (request.BreakEveryRounds is { } k && (r + 1) % k == 0 && r + 1 < roundCount)
            {
                breaks.Add(new SpeedMeetingBreak(r + 1, t, t + breakLength));
                t += breakLength;
            }
        }
        var end = t;

        var byRound = new List<SpeedMeeting>[roundCount];
        for (var r = 0; r < roundCount; r++) byRound[r] = [];
        var groupAt = new int[groups, Math.Max(roundCount, 1)];
        var partnerAt = new int[partners, Math.Max(roundCount, 1)];
        for (var g = 0; g < groups; g++) for (var r = 0; r < roundCount; r++) groupAt[g, r] = -1;
        for (var p = 0; p < partners; p++) for (var r = 0; r < roundCount; r++) partnerAt[p, r] = -1;
        for (var g = 0; g < groups; g++)
            for (var p = 0; p < partners; p++)
            {
                var r = roundOf[g, p];
                if (r < 0) continue;
                byRound[r].Add(new SpeedMeeting(r + 1, g, p, roundStart[r], roundStart[r] + request.SlotLength));
                groupAt[g, r] = p;
                partnerAt[p, r] = g;
            }

        var rounds = new SpeedMeetingRound[roundCount];
        for (var r = 0; r < roundCount; r++)
            rounds[r] = new SpeedMeetingRound(r + 1, roundStart[r], roundStart[r] + request.SlotLength, byRound[r]);

        return new SpeedMeetingSchedule(
            rounds,
            breaks,
            Agendas(groups, groupAt, roundStart, request.SlotLength, breaks),
            Agendas(partners, partnerAt, roundStart, request.SlotLength, breaks),
            end);
    }

    private static IReadOnlyList<SpeedMeetingAgendaItem>[] Agendas(int count, int[,] metAt, DateTimeOffset[] roundStart, TimeSpan slot, List<SpeedMeetingBreak> breaks)
    {
        var agendas = new IReadOnlyList<SpeedMeetingAgendaItem>[count];
        for (var i = 0; i < count; i++)
        {
            var items = new List<SpeedMeetingAgendaItem>(roundStart.Length + breaks.Count);
            var nextBreak = 0;
            for (var r = 0; r < roundStart.Length; r++)
            {
                var with = metAt[i, r];
                items.Add(with >= 0
                    ? new SpeedMeetingAgendaItem(AgendaItemKind.Meeting, r + 1, roundStart[r], roundStart[r] + slot, with)
                    : new SpeedMeetingAgendaItem(AgendaItemKind.Waiting, r + 1, roundStart[r], roundStart[r] + slot, null));
                if (nextBreak < breaks.Count && breaks[nextBreak].AfterRound == r + 1)
                {
                    items.Add(new SpeedMeetingAgendaItem(AgendaItemKind.Break, null, breaks[nextBreak].Start, breaks[nextBreak].End, null));
                    nextBreak++;
                }
            }
            agendas[i] = items;
        }
        return agendas;
    }
}
