using System.Buffers;

namespace BranchRating.Domain.Rating;

/// <summary>
/// Finds codes that appear more than once in a run from 64-bit keys taken while scoring (when each code is in the
/// cache anyway): an open-addressing table of keys; only when two keys are equal are the strings compared (a set of
/// every code). Digit codes' keys also order tied subjects without reading the strings (see <see cref="Key"/>).
/// </summary>
internal static class UniqueCodes
{
    private const ulong Hashed = 1UL << 63;
    private const int MaxDigits = 18;

    /// <summary>
    /// The code's 64-bit key, never 0 (0 marks an empty slot). A code of 1 … 18 ASCII digits (the usual organization
    /// code) is its digits in base 11 (digit d as d + 1, padded with 0): distinct codes have distinct keys below 2⁶³,
    /// ordered as the codes are ordinally. Any other code is FNV-1a over its UTF-16 units with the top bit set.
    /// </summary>
    public static ulong Key(string? code)
    {
        if (code is not { Length: > 0 and <= MaxDigits })
        {
            return Hash(code);
        }
        ulong key = 0;
        foreach (var c in code)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return Hash(code);
            }
            key = key * 11 + digit + 1;
        }
        for (var i = code.Length; i < MaxDigits; i++)
        {
            key *= 11;
        }
        return key;
    }

    /// <summary>Whether two keys are both digit keys, which then compare as their codes do (ordinal).</summary>
    public static bool Ordered(ulong a, ulong b) => ((a | b) & Hashed) == 0;

    private static ulong Hash(string? code)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in code ?? "")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash | Hashed;
    }

    /// <summary>Each code that repeats an earlier one, once per repetition, in subject order.</summary>
    public static List<string>? Duplicates(ScoreColumns subjects)
    {
        var n = subjects.Count;
        var size = (int)Math.Min(1L << 30, Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, n)) * 2));
        var mask = size - 1;
        // The table is scratch: pooled (its pages stay resident from one run to the next), cleared before use.
        var rented = ArrayPool<ulong>.Shared.Rent(size);
        try
        {
            var hashes = rented.AsSpan(0, size);
            hashes.Clear();
            for (var s = 0; s < n; s++)
            {
                var hash = subjects.Row(s).CodeKey;
                // Fibonacci hashing spreads the keys' bits over the table.
                var slot = (int)((hash * 11400714819323198485UL) >> 34) & mask;
                while (hashes[slot] != 0)
                {
                    if (hashes[slot] == hash)
                    {
                        // A repeated key: a repeated code, or (rarely) two codes with one hash; the strings decide.
                        return Exactly(subjects);
                    }
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = hash;
            }
            return null;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
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
