using System.Runtime.InteropServices;

namespace BranchRating.Domain.Rating;

/// <summary>Allocation-free iteration of the read-only lists in inputs and schemes (arrays and lists underneath).</summary>
internal static class ListSpans
{
    public static ReadOnlySpan<T> Span<T>(this IReadOnlyList<T>? list) => list switch
    {
        null => default,
        T[] array => array,
        List<T> l => CollectionsMarshal.AsSpan(l),
        _ => list.ToArray(),
    };
}

/// <summary>Dictionary reads without interface dispatch when the read-only dictionary is a Dictionary (the usual case).</summary>
internal static class MapReads
{
    public static bool TryGet<TValue>(this IReadOnlyDictionary<string, TValue> map, string key, out TValue value) =>
        map is Dictionary<string, TValue> dictionary
            ? dictionary.TryGetValue(key, out value!)
            : map.TryGetValue(key, out value!);
}
