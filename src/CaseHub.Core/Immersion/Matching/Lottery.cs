namespace CaseHub.Core.Immersion.Matching;

/// <summary>
/// The seeded draw that orders workers. Uses its own generator (SplitMix64) rather than <see cref="Random"/>, whose
/// seeded sequence is not promised to stay the same across .NET versions: a published draw must be reproducible later.
/// </summary>
public static class Lottery
{
    /// <summary>
    /// The lottery order of <paramref name="workerIds"/> for <paramref name="seed"/>. The ids are first sorted, so the
    /// order the caller lists them in (e.g. a database query without ORDER BY) does not change the draw.
    /// </summary>
    public static Guid[] Draw(IReadOnlyCollection<Guid> workerIds, int seed)
    {
        var ids = workerIds.ToArray();
        Array.Sort(ids);
        Shuffle(ids, seed);
        return ids;
    }

    /// <summary>Fisher–Yates shuffle in place, driven by SplitMix64 from <paramref name="seed"/>.</summary>
    internal static void Shuffle<T>(T[] items, int seed)
    {
        var rng = new SplitMix64(seed);
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    internal struct SplitMix64(long seed)
    {
        private ulong _state = unchecked((ulong)seed);

        public ulong Next()
        {
            var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n) without modulo bias (rejects the incomplete top band).</summary>
        public int Below(int n)
        {
            var bound = (ulong)n;
            var limit = ulong.MaxValue - ulong.MaxValue % bound;
            ulong r;
            do r = Next(); while (r >= limit);
            return (int)(r % bound);
        }
    }
}
