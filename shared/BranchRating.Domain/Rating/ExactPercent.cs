using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>
/// A percentage of two counts, rounded by the scheme: bit for bit what <c>rounding.Apply(part * 100m / whole)</c>
/// gives (value and scale), computed with integer division. Decimal division keeps the smallest scale that holds
/// an exact quotient, so an exact quotient at the rounding's places drops its trailing zeros; any other quotient is rounded
/// at the places from the integer remainder. (A quotient of counts below 10¹⁰ cannot come within 10⁻²⁵ of
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
        // One division at the rounding's places; the exact cases of fewer decimals are read from its quotient.
        var places = rounding.Places;
        var numerator = part * 100 * DecimalBits.Pow10[places];
        var quotient = Math.DivRem(numerator, whole, out var remainder);
        if (remainder == 0)
        {
            var scale = places;
            while (scale > 0 && quotient % 10 == 0)
            {
                quotient /= 10;
                scale--;
            }
            return Scaled(quotient, scale);
        }
        var twice = 2 * remainder;
        if (twice > whole || (twice == whole && (rounding.Mode == MidpointRounding.AwayFromZero || (quotient & 1) == 1)))
        {
            quotient++;
        }
        return Scaled(quotient, places);
    }

    private static decimal Scaled(long value, int scale) => new((int)(value & 0xFFFF_FFFF), (int)(value >> 32), 0, false, (byte)scale);
}
