using BranchRating.Domain.Rating;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// The subjects of one scope kind split by scope value; each bucket lists its members best first (in the
/// order given), and buckets are in ordinal order of their value.
/// </summary>
internal sealed class ScopeBuckets
{
    public ScopeBuckets(string kind, IReadOnlyList<IReadOnlyDictionary<string, string>> scopes, int[] order)
    {
        Kind = kind;
        BucketOf = new int[scopes.Count];
        if (kind == Schemes.Scheme.AllScope)
        {
            Values = ["all"];
            Members = [order];
            return;
        }
        // One dictionary read per subject: first-seen ids, then renumbered in ordinal order of the values.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new List<string>();
        var kinds = new IdIndex([kind]);
        for (var s = 0; s < scopes.Count; s++)
        {
            if (!kinds.TryGetIn(scopes[s], 0, out var value))
            {
                throw new KeyNotFoundException($"The subject has no scope '{kind}'.");
            }
            if (!seen.TryGetValue(value, out var id))
            {
                seen[value] = id = first.Count;
                first.Add(value);
            }
            BucketOf[s] = id;
        }
        var values = first.ToArray();
        var ids = new int[values.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }
        Array.Sort(values, ids, StringComparer.Ordinal);
        var rank = new int[values.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            rank[ids[i]] = i;
        }
        Values = values;
        var sizes = new int[values.Length];
        for (var s = 0; s < BucketOf.Length; s++)
        {
            BucketOf[s] = rank[BucketOf[s]];
            sizes[BucketOf[s]]++;
        }
        var members = new int[Values.Count][];
        for (var b = 0; b < members.Length; b++)
        {
            members[b] = new int[sizes[b]];
        }
        var fill = new int[Values.Count];
        foreach (var s in order)
        {
            var b = BucketOf[s];
            members[b][fill[b]++] = s;
        }
        Members = members;
    }

    public string Kind { get; }

    /// <summary>Scope values in ordinal order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Members[bucket] = subject indices, best first.</summary>
    public IReadOnlyList<int[]> Members { get; }

    /// <summary>BucketOf[subject] = its bucket.</summary>
    public int[] BucketOf { get; }
}
