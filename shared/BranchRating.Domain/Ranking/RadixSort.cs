using System.Buffers;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// A stable least-significant-digit radix sort of non-negative 64-bit keys carrying an int each (11-bit digits, a
/// digit every key shares is skipped). Linear in the count: for the hundreds of thousands of packed order keys of a
/// province it replaces a comparison sort. Scratch buffers come from the shared array pool.
/// </summary>
internal static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int Passes = (63 + Bits - 1) / Bits;

    public static void Sort(Span<long> keys, Span<int> items)
    {
        var n = keys.Length;
        if (n < 256)
        {
            keys.Sort(items);
            return;
        }
        var counts = new int[Passes * Buckets];
        foreach (var key in keys)
        {
            for (var p = 0; p < Passes; p++)
            {
                counts[p * Buckets + (int)(((ulong)key >> (p * Bits)) & (Buckets - 1))]++;
            }
        }
        var keyBuffer = ArrayPool<long>.Shared.Rent(n);
        var itemBuffer = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<long> fromKeys = keys;
            Span<int> fromItems = items;
            Span<long> toKeys = keyBuffer.AsSpan(0, n);
            Span<int> toItems = itemBuffer.AsSpan(0, n);
            var inBuffer = false;
            var offsets = new int[Buckets];
            for (var p = 0; p < Passes; p++)
            {
                var histogram = counts.AsSpan(p * Buckets, Buckets);
                if (histogram.Contains(n))
                {
                    continue; // every key has the same digit here: the order stays
                }
                var sum = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    offsets[b] = sum;
                    sum += histogram[b];
                }
                var shift = p * Bits;
                for (var i = 0; i < n; i++)
                {
                    var key = fromKeys[i];
                    var at = offsets[(int)(((ulong)key >> shift) & (Buckets - 1))]++;
                    toKeys[at] = key;
                    toItems[at] = fromItems[i];
                }
                var k = fromKeys;
                fromKeys = toKeys;
                toKeys = k;
                var t = fromItems;
                fromItems = toItems;
                toItems = t;
                inBuffer = !inBuffer;
            }
            if (inBuffer)
            {
                fromKeys.CopyTo(keys);
                fromItems.CopyTo(items);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(itemBuffer);
            ArrayPool<long>.Shared.Return(keyBuffer);
        }
    }
}
