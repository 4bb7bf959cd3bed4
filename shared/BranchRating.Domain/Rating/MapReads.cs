namespace BranchRating.Domain.Rating;

/// <summary>Dictionary reads without interface dispatch when the read-only dictionary is a Dictionary (the usual case).</summary>
internal static class MapReads
{
    public static bool TryGet<TValue>(this IReadOnlyDictionary<string, TValue> map, string key, out TValue value) =>
        map is Dictionary<string, TValue> dictionary
            ? dictionary.TryGetValue(key, out value!)
            : map.TryGetValue(key, out value!);
}
