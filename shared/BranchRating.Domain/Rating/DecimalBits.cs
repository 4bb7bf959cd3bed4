using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>10⁰ … 10⁴ (constant data in the assembly: no array to load).</summary>
    public static ReadOnlySpan<long> Pow10 => [1, 10, 100, 1_000, 10_000];

    /// <summary>
    /// Whether the runtime lays a decimal out as flags, high 32 bits, low 64 bits (every .NET since Core 3.0). Checked
    /// once against <see cref="decimal.GetBits(decimal, Span{int})"/>; when false every method reads GetBits instead.
    /// </summary>
    private static readonly bool KnownLayout = CheckLayout();

    /// <summary>Whether the value is zero (any scale, either sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(in decimal value)
    {
        if (KnownLayout)
        {
            ref readonly var d = ref Read(in value);
            return (d.Low | d.High) == 0;
        }
        return value == 0m;
    }

    /// <summary>Whether every bit is zero: 0m itself (scale 0, positive), so that x + 0m and x − 0m are x bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPlainZero(in decimal value)
    {
        var (flags, high, low) = Parts(in value);
        return (flags | high | low) == 0;
    }

    /// <summary>Flags (sign and scale), the high 32 bits and the low 64 bits of the mantissa.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint Flags, ulong High, ulong Low) Parts(in decimal value)
    {
        if (KnownLayout)
        {
            ref readonly var d = ref Read(in value);
            return ((uint)d.Flags, d.High, d.Low);
        }
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return ((uint)bits[3], (uint)bits[2], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
    }

    /// <summary>
    /// The value × 10⁴ as an integer, when it has at most 4 decimals and a 32-bit mantissa (every point, rate and total
    /// of a scheme does); false otherwise. Order and equality of the scaled integers are those of the decimals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryScaled(in decimal value, out long scaled)
    {
        var (flags, high, low) = Parts(in value);
        var scale = (int)(flags >> 16) & 0xFF;
        if (high != 0 || low > uint.MaxValue || scale > Scale)
        {
            scaled = 0;
            return false;
        }
        var magnitude = (long)low * Pow10[Scale - scale];
        scaled = (int)flags < 0 ? -magnitude : magnitude;
        return true;
    }

    /// <summary>The sign of a − b (−1, 0, 1) as decimal comparison gives it, through the scaled integers when both have them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(decimal a, decimal b) =>
        TryScaled(a, out var x) && TryScaled(b, out var y) ? x.CompareTo(y) : decimal.Compare(a, b);

    /// <summary>A threshold of the scheme scaled once (see <see cref="TryScaled"/>); long.MinValue when it cannot be.</summary>
    public static long ScaledOrNone(decimal value) => TryScaled(value, out var scaled) ? scaled : long.MinValue;

    /// <summary>value ≥ threshold, through the scaled integers when both have them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AtLeast(decimal value, decimal threshold, long scaledThreshold) =>
        scaledThreshold != long.MinValue && TryScaled(value, out var v) ? v >= scaledThreshold : value >= threshold;

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Layout
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }

    private static ref readonly Layout Read(ref readonly decimal value) => ref Unsafe.As<decimal, Layout>(ref Unsafe.AsRef(in value));

    private static bool CheckLayout()
    {
        if (Unsafe.SizeOf<decimal>() != Unsafe.SizeOf<Layout>())
        {
            return false;
        }
        Span<int> bits = stackalloc int[4];
        foreach (var sample in (ReadOnlySpan<decimal>)[-1234567890.123456789012345678m, 79228162514264337593543950335m, 0.0001m, -0m])
        {
            decimal.GetBits(sample, bits);
            ref readonly var d = ref Read(in sample);
            if (d.Flags != bits[3] || d.High != (uint)bits[2] || d.Low != ((uint)bits[0] | ((ulong)(uint)bits[1] << 32)))
            {
                return false;
            }
        }
        return true;
    }
}
