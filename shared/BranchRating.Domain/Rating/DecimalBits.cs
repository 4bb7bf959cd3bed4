using System.Numerics;

namespace BranchRating.Domain.Rating;

/// <summary>
/// Exact shortcuts on a decimal's bits for the hot paths of scoring: zero tests and comparisons as scaled integers,
/// with no decimal arithmetic. Each gives what the decimal operator gives, or says it cannot (the caller then uses
/// the operator).
/// </summary>
internal static class DecimalBits
{
    /// <summary>The largest scale compared as an integer: points, rates and totals have at most 4 decimals.</summary>
    public const int Scale = 4;

    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000];

    /// <summary>Whether the value is zero (any scale, either sign).</summary>
    public static bool IsZero(decimal value) => Zero(value);

    /// <summary>Whether every bit is zero: 0m itself (scale 0, positive), so that x + 0m and x − 0m are x bit for bit.</summary>
    public static bool IsPlainZero(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
    }

    /// <summary>
    /// The value × 10⁴ as an integer, when it has at most 4 decimals and a 32-bit mantissa (every point, rate and total
    /// of a scheme does); false otherwise. Order and equality of the scaled integers are those of the decimals.
    /// </summary>
    public static bool TryScaled(decimal value, out long scaled)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[1] != 0 || bits[2] != 0 || scale > Scale)
        {
            scaled = 0;
            return false;
        }
        var magnitude = (uint)bits[0] * Pow10[Scale - scale];
        scaled = bits[3] < 0 ? -magnitude : magnitude;
        return true;
    }

    /// <summary>A threshold of the scheme scaled once (see <see cref="TryScaled"/>); long.MinValue when it cannot be.</summary>
    public static long ScaledOrNone(decimal value) => TryScaled(value, out var scaled) ? scaled : long.MinValue;

    /// <summary>value ≥ threshold, through the scaled integers when both have them.</summary>
    public static bool AtLeast(decimal value, decimal threshold, long scaledThreshold) =>
        scaledThreshold != long.MinValue && TryScaled(value, out var v) ? v >= scaledThreshold : value >= threshold;

    private static bool Zero<T>(T value)
        where T : INumberBase<T> => T.IsZero(value);
}
