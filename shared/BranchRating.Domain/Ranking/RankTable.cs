using BranchRating.Domain.Results;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// Every subject's rank entries of one run in flat arrays, one column set per ranking rule: the rank and the scope
/// bucket (whose value and size every member shares), and the relative score only for a relative ranking. A result
/// reads its entries from here when <see cref="SubjectResult.Ranks"/> is first read, so a run keeps no array per
/// subject.
/// </summary>
internal sealed class RankTable
{
    private readonly RankingColumn[] _columns;

    public RankTable(int rules)
    {
        _columns = new RankingColumn[rules];
    }

    /// <summary>Rule r ranks within <paramref name="buckets"/> by <paramref name="by"/>; relative scores kept when asked.</summary>
    public void Describe(int rule, string scope, string by, ScopeBuckets buckets, bool relative, int subjects)
    {
        _columns[rule] = new RankingColumn(scope, by, buckets, new int[subjects], relative ? new decimal?[subjects] : null);
    }

    public void Set(int rule, int subject, int rank, decimal? relative)
    {
        var c = _columns[rule];
        c.Rank[subject] = rank;
        if (c.Relative is { } values)
        {
            values[subject] = relative;
        }
    }

    public RankEntry[] Entries(int subject)
    {
        if (_columns.Length == 0)
        {
            return [];
        }
        var entries = new RankEntry[_columns.Length];
        for (var r = 0; r < entries.Length; r++)
        {
            var c = _columns[r];
            var bucket = c.Buckets.BucketOf[subject];
            entries[r] = new RankEntry(c.Scope, c.Buckets.Values[bucket], c.By, c.Rank[subject], c.Buckets.Members[bucket].Length, c.Relative?[subject]);
        }
        return entries;
    }

    private sealed record RankingColumn(string Scope, string By, ScopeBuckets Buckets, int[] Rank, decimal?[]? Relative);
}
