using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Security.Ballots;

/// <summary>
/// Ballot tokens as printed: Crockford base32 symbols (no I, L, O, U; case-insensitive; O→0, I/L→1 when typed),
/// random from a CSPRNG, ending with a Luhn mod-32 check symbol so a mistyped token is refused before any lookup,
/// shown in hyphenated groups of five (<c>7K3QF-9XM2A-…</c>). Upper-case letters, digits and '-' fit the QR code's
/// compact alphanumeric mode.
/// </summary>
public sealed class BallotTokenCodec
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int MinimumRandomSymbols = 16;
    private const int GroupLength = 5;

    public BallotTokenCodec(int randomSymbols = 19)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(randomSymbols, MinimumRandomSymbols);
        RandomSymbols = randomSymbols;
    }

    /// <summary>Random symbols per token (5 bits each; 19 = 95 bits).</summary>
    public int RandomSymbols { get; }

    public int EntropyBits => RandomSymbols * 5;

    /// <summary>A new token, formatted for printing.</summary>
    public string Generate()
    {
        Span<char> symbols = stackalloc char[RandomSymbols + 1];
        for (var i = 0; i < RandomSymbols; i++)
        {
            symbols[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        symbols[RandomSymbols] = CheckSymbol(symbols[..RandomSymbols]);
        return Format(symbols);
    }

    /// <summary>The canonical form (upper case, no separators) of a typed or scanned token, or null when it is malformed or its check symbol is wrong.</summary>
    public string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 4 * (RandomSymbols + 1))
        {
            return null;
        }

        var builder = new StringBuilder(RandomSymbols + 1);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var mapped = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var u => u,
            };
            if (Alphabet.IndexOf(mapped) < 0)
            {
                return null;
            }

            builder.Append(mapped);
        }

        if (builder.Length != RandomSymbols + 1)
        {
            return null;
        }

        var canonical = builder.ToString();
        return CheckSymbol(canonical.AsSpan(0, RandomSymbols)) == canonical[^1] ? canonical : null;
    }

    /// <summary>Luhn mod N over the base-32 alphabet: catches every single wrong symbol and most adjacent swaps.</summary>
    internal static char CheckSymbol(ReadOnlySpan<char> symbols)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = symbols.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(symbols[i]);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return Alphabet[(n - (sum % n)) % n];
    }

    private static string Format(ReadOnlySpan<char> symbols)
    {
        var builder = new StringBuilder(symbols.Length + (symbols.Length / GroupLength));
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i > 0 && i % GroupLength == 0)
            {
                builder.Append('-');
            }

            builder.Append(symbols[i]);
        }

        return builder.ToString();
    }
}
