namespace BranchRating.Domain.Rating;

/// <summary>
/// The sum of decimals, bit for bit what adding them one by one to 0m gives (same value, same scale), computed
/// as a scaled integer when every value is a positive number with at most 4 decimals and a 32-bit mantissa
/// (points and totals always are); decimal addition otherwise.
/// </summary>
internal static class ExactSum
{
    private const int MaxScale = 4;
    private const int MaxFastLength = 1 << 20;
    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000];

    public static decimal Of(ReadOnlySpan<decimal> values)
    {
        if (values.Length > MaxFastLength)
        {
            return Slow(values);
        }
        var scale = 0;
        foreach (var v in values)
        {
            var (flags, high, low) = DecimalBits.Parts(v);
            // Zero and negative values (and -0) take the decimal path: their scale and sign rules stay decimal's.
            if (low == 0 || low > uint.MaxValue || high != 0 || (int)flags < 0)
            {
                return Slow(values);
            }
            var s = (int)(flags >> 16) & 0xFF;
            if (s > MaxScale)
            {
                return Slow(values);
            }
            scale = Math.Max(scale, s);
        }
        long sum = 0;
        foreach (var v in values)
        {
            var (flags, _, low) = DecimalBits.Parts(v);
            sum += (long)low * Pow10[scale - ((int)(flags >> 16) & 0xFF)];
        }
        return new decimal((int)(sum & 0xFFFF_FFFF), (int)(sum >> 32), 0, false, (byte)scale);
    }

    private static decimal Slow(ReadOnlySpan<decimal> values)
    {
        decimal sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
