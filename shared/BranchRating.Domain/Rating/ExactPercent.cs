using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>
/// A percentage of two counts, rounded by the scheme: bit for bit what <c>rounding.Apply(part * 100m / whole)</c>
/// gives (value and scale), computed with integer division. Decimal division keeps the smallest scale that holds
/// an exact quotient, so the exact cases are tried scale by scale up to the rounding's places; any other quotient is
/// rounded at the places from the integer remainder. (A quotient of counts below 10¹⁰ cannot come within 10⁻²⁵ of
/// a rounding midpoint without being one, so decimal's 28-digit quotient rounds the same way.)
/// </summary>
internal static class ExactPercent
{
    private const long MaxPart = 1L << 40;
    private const long MaxWhole = 1L << 33;

    public static decimal Of(long part, long whole, RoundingRule rounding)
    {
        if (part < 0 || whole <= 0 || part > MaxPart || whole > MaxWhole || rounding.Places is < 0 or > 4
            || rounding.Mode is not (MidpointRounding.AwayFromZero or MidpointRounding.ToEven))
        {
            return rounding.Apply(part * 100m / whole);
        }
        var numerator = part * 100;
        for (var scale = 0; scale <= rounding.Places; scale++)
        {
            if (numerator % whole == 0)
            {
                return Scaled(numerator / whole, scale);
            }
            if (scale < rounding.Places)
            {
                numerator *= 10;
            }
        }
        var quotient = numerator / whole;
        var twice = 2 * (numerator % whole);
        if (twice > whole || (twice == whole && (rounding.Mode == MidpointRounding.AwayFromZero || (quotient & 1) == 1)))
        {
            quotient++;
        }
        return Scaled(quotient, rounding.Places);
    }

    private static decimal Scaled(long value, int scale) => new((int)(value & 0xFFFF_FFFF), (int)(value >> 32), 0, false, (byte)scale);
}
