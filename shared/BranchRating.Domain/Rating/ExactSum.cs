namespace BranchRating.Domain.Rating;

/// <summary>
/// The sum of decimals, bit for bit what adding them one by one to 0m gives (same value, same scale), computed
/// as a scaled integer when every value is a positive number with at most 4 decimals and a 32-bit mantissa
/// (points and totals always are); decimal addition otherwise.
/// </summary>
internal static class ExactSum
{
    private const int MaxScale = 4;
    private const int MaxFastLength = 1 << 16; // 2^16 terms below 2^32 · 10^4 each cannot overflow a long

    public static decimal Of(ReadOnlySpan<decimal> values)
    {
        if (values.Length > MaxFastLength)
        {
            return Slow(values);
        }
        // One pass: every term at scale 4, then the sum brought back to the largest scale seen (exactly: each term
        // is a multiple of 10^(4 − that scale)).
        var scale = 0;
        long sum = 0;
        foreach (ref readonly var v in values)
        {
            var (flags, high, low) = DecimalBits.Parts(in v);
            var s = (int)(flags >> 16) & 0xFF;
            // Zero and negative values (and -0) take the decimal path: their scale and sign rules stay decimal's.
            if (low == 0 || low > uint.MaxValue || high != 0 || (int)flags < 0 || s > MaxScale)
            {
                return Slow(values);
            }
            scale = Math.Max(scale, s);
            sum += (long)low * DecimalBits.Pow10[MaxScale - s];
        }
        sum /= DecimalBits.Pow10[MaxScale - scale];
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
