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
