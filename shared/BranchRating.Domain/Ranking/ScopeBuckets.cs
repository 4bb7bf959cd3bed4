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
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in scopes)
        {
            distinct.Add(s[kind]);
        }
        Values = distinct.ToArray();
        var index = new Dictionary<string, int>(Values.Count, StringComparer.Ordinal);
        for (var i = 0; i < Values.Count; i++)
        {
            index[Values[i]] = i;
        }
        var sizes = new int[Values.Count];
        for (var s = 0; s < scopes.Count; s++)
        {
            BucketOf[s] = index[scopes[s][kind]];
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
