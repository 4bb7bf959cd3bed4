namespace BranchRating.Domain.Rating;

/// <summary>
/// Finds codes that appear more than once in a run from 64-bit hashes taken while scoring (when each code is in the
/// cache anyway): an open-addressing table of hashes; only when two hashes are equal are the strings compared (a set of every code).
/// </summary>
internal static class UniqueCodes
{
    /// <summary>FNV-1a over the code's UTF-16 units; never 0 (0 marks an empty slot).</summary>
    public static ulong Hash(string? code)
    {
        if (code is null)
        {
            return 1;
        }
        var hash = 14695981039346656037UL;
        foreach (var c in code)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }

    /// <summary>Each code that repeats an earlier one, once per repetition, in subject order.</summary>
    public static List<string>? Duplicates(ScoreColumns subjects)
    {
        var n = subjects.Count;
        var size = (int)Math.Min(1L << 30, Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, n)) * 2));
        var mask = size - 1;
        var hashes = new ulong[size];
        for (var s = 0; s < n; s++)
        {
            var hash = subjects.Row(s).CodeHash;
            // Fibonacci hashing spreads FNV's low bits over the table.
            var slot = (int)((hash * 11400714819323198485UL) >> 34) & mask;
            while (hashes[slot] != 0)
            {
                if (hashes[slot] == hash)
                {
                    // A repeated hash: a repeated code, or (rarely) two codes with one hash; the strings decide.
                    return Exactly(subjects);
                }
                slot = (slot + 1) & mask;
            }
            hashes[slot] = hash;
        }
        return null;
    }

    private static List<string>? Exactly(ScoreColumns subjects)
    {
        var codes = new HashSet<string>(subjects.Count, StringComparer.Ordinal);
        List<string>? duplicates = null;
        for (var s = 0; s < subjects.Count; s++)
        {
            var code = subjects.Codes[s];
            if (!codes.Add(code))
            {
                (duplicates ??= []).Add(code);
            }
        }
        return duplicates;
    }
}
